package dev.weft.stream;

import java.nio.ByteBuffer;
import java.util.concurrent.ArrayBlockingQueue;

/**
 * The buffers response bodies are relayed through, kept for reuse up to a bound (HAProxy's
 * buffer pool). One buffer is as large as a body piece weft forwards in one write: a 64 KiB
 * response read in one call goes to the client in one call, where 16 KiB pieces cost four
 * loopback transmits and four wake-ups of the client (BENCHMARKS.md, h1-big). Reusing them keeps
 * that size from turning into 64 KiB of garbage per response. Thread-safe.
 */
final class BodyBuffers {
    /** Bytes in one buffer: the most one read from a server, and one write to a client, carries. */
    static final int SIZE = 64 * 1024;

    private final ArrayBlockingQueue<ByteBuffer> free;

    /** @param kept the most idle buffers kept for reuse; more in use at once are allocated and dropped */
    BodyBuffers(int kept) {
        this.free = new ArrayBlockingQueue<>(kept);
    }

    /** Returns an empty heap buffer of {@link #SIZE} bytes the caller owns until {@link #give}. */
    ByteBuffer take() {
        ByteBuffer b = free.poll();
        return b != null ? b.clear() : ByteBuffer.allocate(SIZE);
    }

    /** Gives back a buffer from {@link #take()}; the caller must not touch it again. */
    void give(ByteBuffer b) {
        free.offer(b);
    }

    /** Idle buffers kept now (for tests). */
    int idle() {
        return free.size();
    }
}
