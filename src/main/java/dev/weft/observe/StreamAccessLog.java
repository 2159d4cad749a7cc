package dev.weft.observe;

import dev.weft.stream.StreamRecord;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.function.Function;

/**
 * An access log written to a stream (stdout or a file) by one writer thread: stream threads
 * format their line and queue it, never waiting on the disk; the writer drains whatever is
 * queued in one write and flushes when the queue is empty, so a line reaches the file within
 * moments of its stream's end. Thread-safe.
 */
public final class StreamAccessLog implements AccessLog {
    private static final String STOP = new String("stop");

    private final LinkedBlockingQueue<String> queue = new LinkedBlockingQueue<>(100_000);
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
        this.out = out;
        this.closeOut = closeOut;
        this.format = format;
        this.writer = Thread.ofPlatform().daemon().name("weft-access-log").start(this::drain);
    }

    @Override
    public void log(StreamRecord record) {
        if (!closed) {
            // When the writer cannot keep up, lines are dropped rather than stalling traffic.
            queue.offer(format.apply(record));
        }
    }

    private void drain() {
        StringBuilder batch = new StringBuilder(8192);
        try {
            while (true) {
                String line = queue.take();
                boolean stop = false;
                do {
                    if (line == STOP) {
                        stop = true;
                        break;
                    }
                    batch.append(line).append('\n');
                } while (batch.length() < 64 * 1024 && (line = queue.poll()) != null);
                out.write(batch.toString().getBytes(StandardCharsets.UTF_8));
                batch.setLength(0);
                if (queue.isEmpty() || stop) {
                    out.flush();
                }
                if (stop) {
                    return;
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (IOException e) {
            throw new UncheckedIOException("access log write failed", e);
        }
    }

    /** Writes what is queued, then closes. Waits for the writer a bounded time. */
    @Override
    public void close() {
        if (closed) {
            return;
        }
        closed = true;
        queue.offer(STOP);
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
