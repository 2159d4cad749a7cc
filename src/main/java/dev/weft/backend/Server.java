package dev.weft.backend;

import dev.weft.config.FcgiConfig;
import dev.weft.config.ServerConfig;

import java.net.InetSocketAddress;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One server of a backend at run time: its configuration, its live counters and its
 * connection pool. Thread-safe: shared by every stream of the backend.
 */
public final class Server {
    /** Permits of a FastCGI server whose capacity is not known (yet): no practical limit. */
    private static final int UNLIMITED = 1 << 30;

    private final String backendName;
    private final ServerConfig config;
    /** {@code backend/server}: logged with every connect attempt, so built once. */
    private final String qualifiedName;
    private final InetSocketAddress address;
    private final ConnectionPool pool;
    private final AtomicInteger currentStreams = new AtomicInteger();
    private final AtomicInteger maxStreams = new AtomicInteger();
    private final AtomicLong totalStreams = new AtomicLong();
    /**
     * maxconn's slots, taken without waiting; null when unlimited. A FastCGI
     * server always has them, so that a capacity learnt later can lower them ({@link #limitSlots}).
     */
    private final Slots slots;
    /** The slots' current size; 0 = unlimited. */
    private int slotLimit;
    /** The backend's fcgi settings, for a {@code proto=fcgi} server; null otherwise. */
    private final FcgiConfig fcgi;
    private volatile int weight;

    public Server(String backendName, ServerConfig config, ConnectionPool pool) {
        this(backendName, config, pool, null);
    }

    /** @param fcgi the backend's fcgi settings when the server is {@code proto=fcgi}, else null */
    public Server(String backendName, ServerConfig config, ConnectionPool pool, FcgiConfig fcgi) {
        this.backendName = backendName;
        this.config = config;
        this.qualifiedName = backendName + "/" + config.name();
        this.address = new InetSocketAddress(config.address().host(), config.address().port());
        this.pool = pool;
        this.fcgi = fcgi;
        this.weight = config.weight();
        this.slotLimit = config.maxconn();
        boolean fastcgi = config.proto() == ServerConfig.Proto.FCGI;
        this.slots = config.maxconn() > 0 ? new Slots(config.maxconn()) : fastcgi ? new Slots(UNLIMITED) : null;
    }

    public String name() {
        return config.name();
    }

    /** {@code backend/server}, as logged. */
    public String qualifiedName() {
        return qualifiedName;
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

    /** The backend's fcgi settings for a {@code proto=fcgi} server, else null. */
    public FcgiConfig fcgi() {
        return fcgi;
    }

    /** The most streams the server takes at once: maxconn or a capacity learnt since; 0 = unlimited. */
    public synchronized int slotLimit() {
        return slotLimit;
    }

    /**
     * Lowers the server's slots to {@code capacity} (a FastCGI server's FCGI_MAX_CONNS) when that is
     * below the current limit; streams holding slots keep them, new ones queue until the count is
     * below the new limit. Never raises the limit. Ignored for a server without slots (only
     * FastCGI servers have them whatever maxconn says).
     */
    public synchronized void limitSlots(int capacity) {
        if (slots == null || capacity <= 0) {
            return;
        }
        int current = slotLimit > 0 ? slotLimit : UNLIMITED;
        if (capacity < current) {
            slots.shrink(current - capacity);
            slotLimit = capacity;
        }
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
     * Takes a slot for one stream if one is free now. Returns false, taking nothing, when
     * {@code maxconn} is set and reached. Streams that find no slot wait in their backend's
     * {@link BackendQueue}, which hands slots over as they are released.
     */
    public boolean tryAcquireSlot() {
        if (slots != null && !slots.tryAcquire()) {
            return false;
        }
        counted();
        return true;
    }

    /** True when {@code maxconn} (or a learnt capacity) limits the streams at once. */
    boolean limited() {
        return slots != null;
    }

    /** True when more streams hold slots than the limit now allows (it was lowered meanwhile). */
    boolean overLimit() {
        return slots != null && slots.availablePermits() < 0;
    }

    /** A released slot goes to a queued stream instead of back to the pool of permits. */
    void handedOver() {
        counted();
    }

    /** Uncounts a stream that leaves its slot (the slot itself is handled by the queue). */
    void uncount() {
        currentStreams.decrementAndGet();
    }

    /** Gives a slot back to the permits. */
    void freeSlot() {
        if (slots != null) {
            slots.release();
        }
    }

    private void counted() {
        int cur = currentStreams.incrementAndGet();
        maxStreams.accumulateAndGet(cur, Math::max);
        totalStreams.incrementAndGet();
    }

    /** True when {@code maxconn} is set and every slot is taken. */
    public boolean full() {
        return slots != null && slots.availablePermits() <= 0;
    }

    @Override
    public String toString() {
        return qualifiedName();
    }

    /** A fair semaphore whose permits can be lowered while in use (they may go below zero). */
    private static final class Slots extends Semaphore {
        Slots(int permits) {
            super(permits, false); // nobody waits on it: queued streams wait in the BackendQueue
        }

        void shrink(int by) {
            reducePermits(by);
        }
    }
}
