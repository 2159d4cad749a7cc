package dev.weft.mux;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The read buffers of connections that carry one exchange at a time (H1, FastCGI), kept for
 * reuse so that a connection opened for one exchange and closed at its end (a client's first
 * request under {@code http-reuse safe}, {@code Connection: close}, FastCGI without a known
 * capacity) does not allocate and zero {@link OneExchangeMux#READ_BUFFER} bytes of heap each
 * time: under h1-close that was 4.4 % of weft's CPU samples. At most {@link #MAX_IDLE} idle
 * buffers are kept; a buffer never given back (its connection closed while idle, from another
 * thread, or by an aborted attempt) is left to the collector. Jetty's ArrayByteBufferPool was tried first: its
 * acquire cost as much as the zeroing (BENCHMARKS.md, session 17). Thread-safe; one per Connector.
 */
public final class ReadBuffers {
    /** Idle buffers kept at most (4 MiB): more than the exchanges a busy process opens connections for at once. */
    static final int MAX_IDLE = 256;

    private final ArrayBlockingQueue<ByteBuffer> idle = new ArrayBlockingQueue<>(MAX_IDLE);

    /**
     * Returns a heap buffer of {@link OneExchangeMux#READ_BUFFER} bytes, empty in read mode
     * (position = limit = 0), which the caller owns until it passes it to {@link #give}.
     */
    public ByteBuffer take() {
        ByteBuffer b = idle.poll();
        return b != null ? b.position(0).limit(0) : ByteBuffer.allocate(OneExchangeMux.READ_BUFFER).flip();
    }

    /**
     * Takes back a buffer from {@link #take}, whatever it still holds. The caller gives it once
     * and then neither it nor anything it passed the buffer to may touch it again: the next
     * {@code take} lends it to another connection.
     */
    public void give(ByteBuffer b) {
        idle.offer(b);
    }

    /** Idle buffers kept now (for tests). */
    int idle() {
        return idle.size();
    }
}
