package dev.weft.observe;

import dev.weft.stream.StreamRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Function;

/**
 * An access log written to a stream (stdout or a file) by one writer thread: stream threads
 * format their line and queue it, never waiting on the disk; the writer drains whatever is
 * queued in one write and flushes when the queue is empty, so a line reaches the file within
 * moments of its stream's end. Thread-safe.
 *
 * <p>Queuing is lock-free (a {@link ConcurrentLinkedQueue} and a count), not a
 * {@code LinkedBlockingQueue}: that queue's take lock is held by the writer, a platform thread,
 * and a stream's virtual thread that found it held parked and was woken from outside its
 * carrier's pool, which a busy carrier serves late (the reason IoWatchdog takes no lock either).
 * The writer parks when the queue is empty and the next line wakes it; while lines keep coming it
 * looks again every {@link #BATCH_WAIT} instead, so that it is not woken once per line.
 */
public final class StreamAccessLog implements AccessLog {
    static final Duration BATCH_WAIT = Duration.ofMillis(10);
    private static final int CAPACITY = 100_000;
    private static final int BATCH_BYTES = 64 * 1024;

    private final ConcurrentLinkedQueue<String> queue = new ConcurrentLinkedQueue<>();
    /** Lines queued and not yet taken by the writer; beyond the capacity lines are dropped. */
    private final AtomicInteger queued = new AtomicInteger();
    private final int capacity;
    /** Set by the writer before it parks with nothing to write; the next log() wakes it. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final OutputStream out;
    private final boolean closeOut;
    private final Function<StreamRecord, String> format;
    private final Thread writer;
    private volatile boolean closed;

    /**
     * @param out      where lines go
     * @param closeOut close {@code out} on close (a file) or not (stdout)
     * @param format   one line per record, without the line end
     */
    public StreamAccessLog(OutputStream out, boolean closeOut, Function<StreamRecord, String> format) {
        this(out, closeOut, format, CAPACITY);
    }

    /** As above, with at most {@code capacity} lines waiting for the writer (tests). */
    StreamAccessLog(OutputStream out, boolean closeOut, Function<StreamRecord, String> format, int capacity) {
        this.out = out;
        this.closeOut = closeOut;
        this.format = format;
        this.capacity = capacity;
        this.writer = Thread.ofPlatform().daemon().name("weft-access-log").start(this::drain);
    }

    @Override
    public void log(StreamRecord record) {
        if (closed) {
            return;
        }
        // When the writer cannot keep up, lines are dropped rather than stalling traffic.
        if (queued.incrementAndGet() > capacity) {
            queued.decrementAndGet();
            return;
        }
        queue.add(format.apply(record));
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            LockSupport.unpark(writer);
        }
    }

    /** The writer thread: writes batches of at most BATCH_BYTES until close() and the queue is empty. */
    private void drain() {
        StringBuilder batch = new StringBuilder(8192);
        try {
            while (true) {
                boolean wrote = false;
                for (String line; (line = queue.poll()) != null; ) {
                    queued.decrementAndGet();
                    batch.append(line).append('\n');
                    if (batch.length() >= BATCH_BYTES) {
                        write(batch);
                        wrote = true;
                    }
                }
                if (!batch.isEmpty()) {
                    write(batch);
                    wrote = true;
                }
                if (wrote) {
                    out.flush();
                    LockSupport.parkNanos(this, BATCH_WAIT.toNanos());
                    continue;
                }
                if (closed) {
                    return; // close() set it before waking us: nothing can be queued after this pass
                }
                // The flag is set before the queue is looked at again, and log() adds before it
                // looks at the flag, so one of the two sees the other.
                sleeping.set(true);
                if (queue.isEmpty() && !closed) {
                    LockSupport.park(this);
                }
                sleeping.set(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("access log write failed", e);
        }
    }

    private void write(StringBuilder batch) throws IOException {
        out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
        batch.setLength(0);
    }

    /** Writes what is queued, then closes. Waits for the writer a bounded time. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        LockSupport.unpark(writer);
        try {
            writer.join(5_000);
            if (closeOut) {
                out.close();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("access log close failed", e);
        }
    }
}
