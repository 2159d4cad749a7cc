package dev.weft.backend;

import dev.weft.stream.IoWatchdog;

import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.net.SocketException;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.atomic.AtomicLong;

/**
 * A server socket's input stream whose every read is bounded by {@code timeout.server}, checked
 * by the {@link IoWatchdog}'s sweep, the socket itself having no timeout ({@code SO_TIMEOUT} 0).
 *
 * <p>Why: a read under the socket's own timeout that finds no data parks the virtual thread with
 * a deadline, and the JDK schedules every such park, and its cancel, on the ForkJoinPool's
 * DelayScheduler, a platform thread woken for each: under the bench's fcgi scenario, 3.7 times
 * per request, each a switch away from the one CPU's carrier and back (BENCHMARKS.md, session
 * 11). The HTTP/2 waits made the same change in session 4 ({@code WatchedDeadline}).
 *
 * <p>Why not the watchdog's {@code arm}: a close ends a platform thread's read too, and a read
 * needs no slot of its own (one store arms it, a compare-and-set ends it).
 *
 * <p>When the deadline of a read still blocked is up, the sweep closes the socket (as HAProxy
 * closes a connection whose timeout expired; a close ends a platform thread's read too) and the
 * read throws SocketTimeoutException, as the socket's own timeout did; the muxes classify it as
 * before (ResponseTimeout, DataTimeout). Read by one thread at a time (the stream that owns the
 * connection); {@link #expireIfDue} comes from the sweep's thread.
 */
final class WatchedInputStream extends InputStream implements IoWatchdog.Swept {
    /** {@link #armed} when no read is running. */
    private static final long IDLE = Long.MIN_VALUE;
    /** {@link #armed} once the sweep has closed the socket of a read past its deadline. */
    private static final long EXPIRED = Long.MIN_VALUE + 1;

    private final Socket socket;
    private final InputStream in;
    private final long timeoutNanos;
    /**
     * The running read's deadline ({@link System#nanoTime()} scale), or IDLE, or EXPIRED. Each
     * read sets its own value and ends by swapping exactly that value back to IDLE, so a sweep
     * that read an earlier read's deadline cannot expire a later read.
     */
    private final AtomicLong armed = new AtomicLong(IDLE);
    /** The socket's close sends a FIN (closeGently ran); touched by the thread that owns the connection. */
    private boolean gentle;

    /**
     * @param socket  the connected socket, without a timeout of its own
     * @param timeout how long one read may wait for bytes ({@code timeout.server}); more than 0
     */
    WatchedInputStream(Socket socket, Duration timeout) throws IOException {
        this.socket = socket;
        this.in = socket.getInputStream();
        this.timeoutNanos = timeout.toNanos();
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    /**
     * Reads up to {@code len} bytes, waiting about the timeout at most for the first; returns
     * the count or -1 at end of stream. Throws SocketTimeoutException when the time was up (the
     * socket is then closed), or the read's own IOException.
     */
    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        Objects.checkFromIndexSize(off, len, b.length);
        if (len == 0) {
            return 0;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        if (deadline == IDLE || deadline == EXPIRED) {
            deadline += 2; // one of the markers by chance: a deadline 2 ns later
        }
        armed.set(deadline);
        int n;
        try {
            n = in.read(b, off, len);
        } catch (IOException e) {
            if (!armed.compareAndSet(deadline, IDLE)) {
                SocketTimeoutException timedOut = new SocketTimeoutException("Read timed out");
                timedOut.initCause(e);
                throw timedOut;
            }
            throw e;
        } finally {
            // Whatever ended the read (the catch above has reset it already): an idle connection
            // must not keep a deadline a later sweep would expire. If it expired just after the
            // read returned, the bytes are good, the socket is closed, and the connection's next
            // read or write fails (a reused connection's failure, retried as such).
            armed.compareAndSet(deadline, IDLE);
        }
        if (n < 0) {
            closeGently(); // the server closed first (HAProxy: conn_sock_read0 clears its linger risk)
        }
        return n;
    }

    /**
     * Makes the socket's close send a FIN again instead of the reset the Connector set up: once
     * weft has read the server's close (the server, which closed first, keeps the TIME_WAIT, and
     * a reset would cut it short), or once a request body was written (Connection.closeGently).
     * A server's close weft never reads, on an idle connection, still gets the reset, as from
     * HAProxy. One system call per connection at most; never throws.
     */
    void closeGently() {
        if (gentle) {
            return;
        }
        gentle = true;
        try {
            socket.setSoLinger(false, 0);
        } catch (SocketException e) {
            // closed already (the sweep, the pool, or a mux closed from another thread): no close left to soften
        }
    }

    /**
     * From the sweep: if a read is running past its deadline at {@code now}, closes the socket,
     * which ends the read. Returns true if it did.
     */
    @Override
    public boolean expireIfDue(long now) {
        long deadline = armed.get();
        if (deadline == IDLE || deadline == EXPIRED || now - deadline < 0 || !armed.compareAndSet(deadline, EXPIRED)) {
            return false;
        }
        try {
            socket.close();
        } catch (IOException e) {
            // the read ends with an exception either way
        }
        return true;
    }

    /** Whether the socket is closed (the sweep then forgets this stream). */
    @Override
    public boolean finished() {
        return socket.isClosed();
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
