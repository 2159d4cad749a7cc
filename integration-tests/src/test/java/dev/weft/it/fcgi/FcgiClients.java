package dev.weft.it.fcgi;

import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLongArray;

import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;

/**
 * Concurrent keep-alive clients for the FastCGI load tests: each one a virtual thread with its
 * own client connection ({@link RawHttpConnection}, 30 s read timeout, so a stall fails rather
 * than hangs), sending GETs one after the other until told to stop. Every answer other than the
 * expected status, and every I/O failure, is recorded with the client and request number; a
 * failed connection is replaced by a new one. Thread-safe; owned by one test.
 */
final class FcgiClients implements AutoCloseable {
    private final int port;
    private final String target;
    private final ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor();
    private final List<Future<?>> running = new ArrayList<>();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final Queue<String> failures = new ConcurrentLinkedQueue<>();
    private final AtomicLongArray done;

    /** Starts {@code clients} clients sending {@code GET target} to weft's port. */
    FcgiClients(int port, String target, int clients) {
        this.port = port;
        this.target = target;
        this.done = new AtomicLongArray(clients);
        for (int c = 0; c < clients; c++) {
            int client = c;
            running.add(threads.submit(() -> run(client)));
        }
    }

    private Void run(int client) throws IOException {
        RawHttpConnection connection = null;
        try {
            for (long r = 0; !stop.get(); r++) {
                try {
                    if (connection == null) {
                        connection = RawHttpConnection.open(port);
                    }
                    RawResponse response = connection.exchange("GET", target + (target.contains("?") ? "&" : "?")
                            + "c=" + client + "&r=" + r, "Host: localhost");
                    if (response.status() != 200) {
                        failures.add("client " + client + " request " + r + ": " + response.status() + " " + response.bodyText());
                        connection.close();
                        connection = null;
                    } else {
                        done.incrementAndGet(client);
                    }
                } catch (IOException e) {
                    failures.add("client " + client + " request " + r + ": " + e);
                    if (connection != null) {
                        connection.close();
                        connection = null;
                    }
                }
            }
        } finally {
            if (connection != null) {
                connection.close();
            }
        }
        return null;
    }

    /** Asks every client to stop after its current request and waits (bounded) for all of them. */
    void stopAndAwait(Duration timeout) throws Exception {
        stop.set(true);
        long deadline = System.nanoTime() + timeout.toNanos();
        for (Future<?> f : running) {
            f.get(Math.max(1, deadline - System.nanoTime()), TimeUnit.NANOSECONDS);
        }
    }

    /** Answers other than 200 and I/O failures so far. */
    List<String> failures() {
        return List.copyOf(failures);
    }

    /** Successful requests of each client so far. */
    long[] done() {
        long[] out = new long[done.length()];
        for (int i = 0; i < out.length; i++) {
            out[i] = done.get(i);
        }
        return out;
    }

    /** Successful requests of all clients so far. */
    long total() {
        long sum = 0;
        for (long d : done()) {
            sum += d;
        }
        return sum;
    }

    @Override
    public void close() {
        stop.set(true);
        threads.shutdownNow();
    }
}
