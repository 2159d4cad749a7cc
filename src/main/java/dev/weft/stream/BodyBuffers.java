package dev.weft.stream;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The buffers response bodies are relayed through (HAProxy's buffer pool). A buffer is as large
 * as the body piece weft forwards in one write: a 64 KiB response from an HTTP/1.1 server
 * typically goes to the client in two writes (what came with the head, then the rest), where
 * 16 KiB pieces took four loopback transmits and four wake-ups of the client (BENCHMARKS.md,
 * h1-big). Idle ones are kept for reuse up to a bound, so that the size does not turn into
 * 64 KiB of garbage per response. How many are lent at once is bounded too: past that, a body
 * gets a {@link #SMALL} buffer of its own, so that many slow clients pin at most
 * {@code maxOut * SIZE} more than with 16 KiB buffers. Thread-safe.
 */
final class BodyBuffers {
    /** Bytes in one pooled buffer: the most one read from a server, and one write to a client, carries. */
    static final int SIZE = 64 * 1024;
    /** Bytes in the buffer a body gets when all pooled ones are out. */
    static final int SMALL = 16 * 1024;
    /** Known lengths up to this get a buffer of their own: cheaper than a trip to the pool. */
    static final int SMALL_BODY = 2 * 1024;

    private final ArrayBlockingQueue<ByteBuffer> free;
    private final int maxOut;
    private final AtomicInteger out = new AtomicInteger();

    /**
     * @param kept   the most idle buffers kept for reuse
     * @param maxOut the most {@link #SIZE} buffers lent at once ({@code >= kept})
     */
    BodyBuffers(int kept, int maxOut) {
        if (maxOut < kept) {
            throw new IllegalArgumentException("lends at most " + maxOut + " buffers but keeps " + kept);
        }
        this.free = new ArrayBlockingQueue<>(kept);
        this.maxOut = maxOut;
    }

    /**
     * Returns an empty heap buffer for a body of {@code length} bytes (-1: unknown) that the
     * caller owns until {@link #give}: exactly {@code length} bytes when known and at most
     * {@link #SMALL_BODY}, else a pooled one of {@link #SIZE} bytes, or {@link #SMALL} bytes
     * when {@code maxOut} are already lent.
     */
    ByteBuffer take(long length) {
        if (length > 0 && length <= SMALL_BODY) {
            return ByteBuffer.allocate((int) length);
        }
        if (out.incrementAndGet() > maxOut) {
            out.decrementAndGet();
            return ByteBuffer.allocate(SMALL);
        }
        ByteBuffer b = free.poll();
        if (b != null) {
            return b.clear();
        }
        try {
            return ByteBuffer.allocate(SIZE);
        } catch (OutOfMemoryError e) {
            out.decrementAndGet(); // nothing was lent
            throw e;
        }
    }

    /**
     * Gives back a buffer from {@link #take}; the caller must not touch it again. Only pooled
     * ones are kept (a buffer of its own is left to the collector).
     */
    void give(ByteBuffer b) {
        if (b.capacity() == SIZE) {
            out.decrementAndGet();
            free.offer(b);
        }
    }

    /** Idle buffers kept now (for tests). */
    int idle() {
        return free.size();
    }

    /** Pooled buffers lent now (for tests). */
    int lent() {
        return out.get();
    }
}
