package dev.weft.backend;

import dev.weft.stream.IoWatchdog;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;

/**
 * A server socket's input stream whose every read is bounded by {@code timeout.server} through
 * the {@link IoWatchdog}, the socket itself having no timeout ({@code SO_TIMEOUT} 0).
 *
 * <p>Why: a read under the socket's own timeout that finds no data parks the virtual thread with
 * a deadline, and the JDK schedules every such park, and its cancel, on the ForkJoinPool's
 * DelayScheduler, a platform thread woken for each: under the bench's fcgi scenario, 3.7 times
 * per request, each a switch away from the one CPU's carrier and back (BENCHMARKS.md, session
 * 11). The watchdog's timer thread is woken only when its earliest deadline changes, which a
 * deadline of {@code timeout.server} after the latest seldom does. The HTTP/2 waits made the
 * same change in session 4 ({@code WatchedDeadline}).
 *
 * <p>When the deadline of a read still blocked is up, the socket is closed (as HAProxy closes a
 * connection whose timeout expired; the close ends a platform thread's read too, which an
 * interrupt would not) and the read throws SocketTimeoutException, as the socket's own timeout
 * did; the muxes classify it as before (ResponseTimeout, DataTimeout). Used by one thread at a
 * time (the stream that owns the connection).
 */
final class WatchedInputStream extends InputStream {
    private final InputStream in;
    private final IoWatchdog watchdog;
    private final Duration timeout;
    /** Closes the socket: what an expired deadline does, on the watchdog's thread. */
    private final Runnable closeSocket;

    /**
     * @param socket   the connected socket, without a timeout of its own
     * @param watchdog the process's deadline keeper
     * @param timeout  how long one read may wait for bytes ({@code timeout.server}); more than 0
     */
    WatchedInputStream(Socket socket, IoWatchdog watchdog, Duration timeout) throws IOException {
        this.in = socket.getInputStream();
        this.watchdog = watchdog;
        this.timeout = timeout;
        this.closeSocket = () -> {
            try {
                socket.close();
            } catch (IOException e) {
                // closing to end a read that timed out: the read fails either way
            }
        };
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * Reads up to {@code len} bytes, waiting at most the timeout for the first; returns the count
     * or -1 at end of stream. Throws SocketTimeoutException when the time was up (the socket is
     * then closed), or the read's own IOException.
     */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        IoWatchdog.Armed deadline = watchdog.arm(timeout, closeSocket);
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            if (deadline.disarm()) {
                SocketTimeoutException timedOut = new SocketTimeoutException("Read timed out");
                timedOut.initCause(e);
                throw timedOut;
            }
            throw e;
        }
        // If the deadline fired just after the read returned, the bytes are good; the socket is
        // closed, and the next read fails (the connection is not reused).
        deadline.disarm();
        return n;
    }

    /** The bytes readable without blocking (the socket's count); never waits. */
    @Override
    public int available() throws IOException {
        return in.available();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
