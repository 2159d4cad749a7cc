package dev.weft.it.support;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.List;

/**
 * Drains one output stream of a child process, line by line, into memory so the pipe never fills
 * and blocks the child. Keeps the last {@value #MAX_LINES} lines. A virtual thread owns the
 * reading; {@link #lines()} and {@link #tail(int)} are safe from any thread.
 */
final class OutputCapture {

    private static final int MAX_LINES = 200_000;

    private final Deque<String> lines = new ArrayDeque<>();
    private final Thread thread;

    private OutputCapture(InputStream in, String name) {
        this.thread = Thread.ofVirtual().name("capture-" + name).start(() -> drain(in));
    }

    /** Starts draining {@code in}; {@code name} only labels the thread. */
    static OutputCapture drain(InputStream in, String name) {
        return new OutputCapture(in, name);
    }

    /** A snapshot of the lines captured so far. */
    List<String> lines() {
        synchronized (lines) {
            return List.copyOf(lines);
        }
    }

    /** The last {@code count} lines, newline-joined. */
    String tail(int count) {
        List<String> all = lines();
        return String.join("\n", all.subList(Math.max(0, all.size() - count), all.size()));
    }

    /** Waits (bounded) until the stream has ended, i.e. the child has exited and its pipe is drained. */
    void awaitEnd(Duration timeout) throws InterruptedException {
        thread.join(timeout);
    }

    private void drain(InputStream in) {
        try (BufferedReader reader = new BufferedReader(new InputStreamReader(in, StandardCharsets.UTF_8))) {
            for (String line; (line = reader.readLine()) != null; ) {
                append(line);
            }
        } catch (IOException pipeClosed) {
            append("[capture ended: " + pipeClosed + "]");
        }
    }

    private void append(String line) {
        synchronized (lines) {
            lines.addLast(line);
            if (lines.size() > MAX_LINES) {
                lines.removeFirst();
            }
        }
    }
}
