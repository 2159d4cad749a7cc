package dev.weft.it.support;

import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.locks.LockSupport;

/**
 * Watches a loopback port for as long as it is open and counts the connections it managed to
 * make: proves that a process which must not bind a port (a bad config) never did, even briefly.
 *
 * <p>One background virtual thread owns the probing; {@link #successfulConnects()} may be read
 * from any thread. Close it to stop probing.
 */
public final class PortProbe implements AutoCloseable {

    private static final long PACE_NANOS = TimeUnit.MILLISECONDS.toNanos(20);

    private final int port;
    private final AtomicInteger successes = new AtomicInteger();
    private final AtomicInteger attempts = new AtomicInteger();
    private final Thread thread;
    private volatile boolean running = true;

    private PortProbe(int port) {
        this.port = port;
        this.thread = Thread.ofVirtual().name("port-probe-" + port).start(this::probe);
    }

    /** Starts probing {@code 127.0.0.1:port} until {@link #close()}. */
    public static PortProbe watch(int port) {
        return new PortProbe(port);
    }

    /** The number of connection attempts that were accepted so far. */
    public int successfulConnects() {
        return successes.get();
    }

    /** The number of connection attempts made so far. */
    public int attempts() {
        return attempts.get();
    }

    @Override
    public void close() throws InterruptedException {
        running = false;
        if (!thread.join(Duration.ofSeconds(5))) {
            throw new IllegalStateException("port probe on " + port + " did not stop");
        }
    }

    @Override
    public String toString() {
        return "PortProbe{port=" + port + ", attempts=" + attempts + ", accepted=" + successes + "}";
    }

    private void probe() {
        while (running) {
            attempts.incrementAndGet();
            if (Ports.accepts(port)) {
                successes.incrementAndGet();
            }
            LockSupport.parkNanos(PACE_NANOS);
        }
    }
}
