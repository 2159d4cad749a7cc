package dev.weft.backend;

import dev.weft.config.ServerConfig;

import java.net.InetSocketAddress;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One server of a backend at run time: its configuration, its live counters and its
 * connection pool. Thread-safe: shared by every stream of the backend.
 */
public final class Server {
    private final String backendName;
    private final ServerConfig config;
    private final InetSocketAddress address;
    private final ConnectionPool pool;
    private final AtomicInteger currentStreams = new AtomicInteger();
    private final AtomicInteger maxStreams = new AtomicInteger();
    private final AtomicLong totalStreams = new AtomicLong();
    private volatile int weight;

    public Server(String backendName, ServerConfig config, ConnectionPool pool) {
        this.backendName = backendName;
        this.config = config;
        this.address = new InetSocketAddress(config.address().host(), config.address().port());
        this.pool = pool;
        this.weight = config.weight();
    }

    public String name() {
        return config.name();
    }

    /** {@code backend/server}, as logged. */
    public String qualifiedName() {
        return backendName + "/" + config.name();
    }

    public ServerConfig config() {
        return config;
    }

    /** The resolved address (resolved once, at start). */
    public InetSocketAddress address() {
        return address;
    }

    public ConnectionPool pool() {
        return pool;
    }

    /** The current weight (the configured one until changed at run time). */
    public int weight() {
        return weight;
    }

    /** True when the server may receive new streams: not disabled, weight above 0. */
    public boolean usable() {
        return !config.disabled() && weight > 0;
    }

    /** Streams holding a slot on this server now (HAProxy's {@code scur}). */
    public int currentStreams() {
        return currentStreams.get();
    }

    /** The most streams held at once ({@code smax}). */
    public int maxStreams() {
        return maxStreams.get();
    }

    /** Streams ever assigned ({@code stot}). */
    public long totalStreams() {
        return totalStreams.get();
    }

    /**
     * Takes a slot for one stream. Returns false, taking nothing, when {@code maxconn} is set
     * and reached.
     */
    public boolean tryAcquireSlot() {
        int limit = config.maxconn();
        while (true) {
            int cur = currentStreams.get();
            if (limit > 0 && cur >= limit) {
                return false;
            }
            if (currentStreams.compareAndSet(cur, cur + 1)) {
                maxStreams.accumulateAndGet(cur + 1, Math::max);
                totalStreams.incrementAndGet();
                return true;
            }
        }
    }

    /** Gives back a slot taken by {@link #tryAcquireSlot}. */
    public void releaseSlot() {
        currentStreams.decrementAndGet();
    }

    @Override
    public String toString() {
        return qualifiedName();
    }
}
