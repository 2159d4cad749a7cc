package dev.weft.frontend;

import dev.weft.http.FieldTokens;
import dev.weft.stream.IoWatchdog;

import io.helidon.common.buffers.DataReader;
import io.helidon.http.HeaderNames;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.List;

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

    /** Whether {@code req} carried {@code Connection: close} (in any of its Connection fields). */
    static boolean askedToClose(ServerRequest req) {
        // FieldTokens, not Helidon's containsToken(), which streams every value into a new token list
        for (String value : req.headers().all(HeaderNames.CONNECTION, List::of)) {
            if (FieldTokens.contains(value, "close")) {
                return true;
            }
        }
        return false;
    }

    /**
     * RFC 9112 §9.6 for an answer weft made itself (a frontend's {@code return}, the 503 when no
     * backend matches), already sent: when {@code req} is an HTTP/1.1 request that carried
     * {@code close}, reads the rest of its body (bounded by {@code clientTimeout}) and throws the
     * exception that makes Helidon close the connection; otherwise returns. Helidon only marks
     * such a response {@code Connection: close}, then neither reads the body nor closes: it would
     * parse the body as the next request. Reading the body by its own framing, not until the
     * client closes, matters: a client that asked to close waits for the server's close.
     */
    static void afterLocalAnswer(ServerRequest req, IoWatchdog watchdog, Duration clientTimeout) {
        String version = req.prologue().protocolVersion();
        ClientConnection bound = ClientPeer.connection(version);
        if (bound == null || !"1.1".equals(version) || !askedToClose(req)) {
            return;
        }
        ConnectionContext connection = bound.context();
        if (!req.content().consumed()) {
            IoWatchdog.Armed deadline = watchdog.arm(clientTimeout);
            try {
                req.content().consume();
            } catch (DataReader.InsufficientDataAvailableException | CloseConnectionException | UncheckedIOException e) {
                // the client closed, or timeout.client expired and the interrupt closed the socket
                throw new CloseConnectionException("request body not read to its end after a local answer", e);
            } finally {
                deadline.disarm();
            }
        }
        throw closeAsAsked(connection, watchdog);
    }

    /**
     * Returns the exception that closes {@code connection} after the response to a request that
     * asked to close and was read to its end (the caller throws it): bytes the client sent after
     * it anyway (breaking §9.6) are drained first, not reset away; otherwise the close is at once.
     * Shared by proxied answers ({@code HelidonExchange.finish}) and weft's own.
     */
    static CloseConnectionException closeAsAsked(ConnectionContext connection, IoWatchdog watchdog) {
        return connection.dataReader().available() > 0
                ? drainAndClose(connection, watchdog, "client asked to close, then sent more")
                : closeNow();
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
