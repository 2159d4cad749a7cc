package dev.weft.frontend;

import dev.weft.stream.IoWatchdog;

import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;

import java.io.UncheckedIOException;
import java.time.Duration;

/**
 * Closes an HTTP/1.1 client connection whose request was not read to its end (an early answer,
 * a broken body, a refused head), as HAProxy and nginx do: first read and drop what the client
 * still sends, for a short while, then close. Closing at once with unread bytes makes the kernel
 * send a reset, and a reset can destroy the answer before the client has read it. Helidon does
 * not close on {@code Connection: close} by itself: without this, the unread body would be
 * parsed as the next request.
 */
final class LingeringClose {
    /** How long a client may keep sending before the connection is cut. */
    static final Duration LINGER = Duration.ofSeconds(2);
    /** The most bytes dropped while lingering. */
    static final long MAX_DRAIN = 64L * 1024 * 1024;

    private LingeringClose() {
    }

    /**
     * Returns the exception that makes Helidon close a connection whose client asked for it
     * ({@code Connection: close}) and sent nothing more: one per such connection, so stackless.
     */
    static CloseConnectionException closeNow() {
        return new ClosedAsAsked();
    }

    /**
     * Drains {@code connection} (on its own thread, nobody else reading it) until the client
     * closes, {@link #LINGER} passes (the watchdog's interrupt closes the socket) or
     * {@link #MAX_DRAIN} bytes were dropped, and returns the exception that makes Helidon close
     * the connection; the caller throws it.
     */
    static CloseConnectionException drainAndClose(ConnectionContext connection, IoWatchdog watchdog, String why) {
        IoWatchdog.Armed deadline = watchdog.arm(LINGER);
        try {
            DataReader reader = connection.dataReader();
            for (long dropped = 0; dropped < MAX_DRAIN; ) {
                reader.ensureAvailable();
                int n = reader.available();
                reader.skip(n);
                dropped += n;
            }
        } catch (DataReader.InsufficientDataAvailableException | CloseConnectionException | UncheckedIOException e) {
            // the client closed, or the linger expired and the interrupt closed the socket
        } finally {
            deadline.disarm();
        }
        return new CloseConnectionException(why);
    }

    /** The close a client asked for: an ordinary end, not a failure; no stack trace to fill. */
    private static final class ClosedAsAsked extends CloseConnectionException {
        ClosedAsAsked() {
            super("client asked to close");
        }

        @Override
        public synchronized Throwable fillInStackTrace() {
            return this;
        }
    }
}
