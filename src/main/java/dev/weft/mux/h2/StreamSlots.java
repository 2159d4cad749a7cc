package dev.weft.mux.h2;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stream slots of one HTTP/2 connection: how many streams weft may have open on it under
 * the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS} (RFC 9113 §6.5.2). A stream past that
 * limit would be refused by the server, so a slot is reserved before a stream is attached, and
 * given back when weft detaches the stream (after its RST_STREAM, when it needed one: the server
 * reads that before any later stream's HEADERS). Thread-safe: every stream thread of the
 * connection, the pool and the session's reader use it.
 * <pre>
 *   used:  -2 idle: listed in the pool's idle list, reserved only by a take from it
 *           -1 retired (closing; never reserved again)
 *            0 unused (the pool may list it idle or retire it)
 *            n n slots reserved or in use, n &lt;= limit
 *
 *   0 ──listIdle──▶ IDLE ──tryTakeIdle──▶ 1     (one taker wins)
 *   0, IDLE ──retireIfUnused──▶ RETIRED          (final)
 *   n ──tryAcquire──▶ n+1 (n &lt; limit) ; n ──release──▶ n-1 (n &gt; 0)
 * </pre>
 * IDLE is what keeps a connection's two lists in the pool apart: a stream that found it in the
 * shared list (still listed there while its last stream ended) cannot reserve it once it is idle,
 * so an idle connection is taken by one stream or not at all; and a connection reserved before it
 * could be listed idle is not listed (it stays with its stream). A stream whose reference to it
 * is older still, and reserves it after another client took it from the idle list, is caught by
 * the pool (backend/SharedConnections), which gives the slot back.
 */
final class StreamSlots {
    private static final int IDLE = -2;
    private static final int RETIRED = -1;

    private final AtomicInteger used = new AtomicInteger();
    private volatile int limit;

    /** @param limit the initial limit (the server's first SETTINGS, capped by weft) */
    StreamSlots(int limit) {
        this.limit = limit;
    }

    /** Applies a new limit from a later SETTINGS frame; streams above it finish, none is added. */
    void limit(int newLimit) {
        this.limit = newLimit;
    }

    int limit() {
        return limit;
    }

    /** Reserves one slot; false when all are taken, or the connection is idle or retired. */
    boolean tryAcquire() {
        while (true) {
            int n = used.get();
            if (n < 0 || n >= limit) {
                return false;
            }
            if (used.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Reserves one slot whatever the limit (the stream that opened the connection); false once idle or retired. */
    boolean forceAcquire() {
        while (true) {
            int n = used.get();
            if (n < 0) {
                return false;
            }
            if (used.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Gives back one slot; returns the slots still used afterwards (0: the connection is unused). */
    int release() {
        while (true) {
            int n = used.get();
            if (n <= 0) {
                throw new IllegalStateException("stream slot released twice (used: " + n + ")");
            }
            if (used.compareAndSet(n, n - 1)) {
                return n - 1;
            }
        }
    }

    /**
     * Marks an unused connection idle, as the pool lists it in its idle list: true when it did;
     * false when a slot was reserved since the last one was released (or it is retired).
     */
    boolean listIdle() {
        return used.compareAndSet(0, IDLE);
    }

    /**
     * Takes an idle connection with one slot reserved: true for the one caller that did; false
     * when another took it first, it was retired, or the server's limit is now 0.
     */
    boolean tryTakeIdle() {
        return limit > 0 && used.compareAndSet(IDLE, 1);
    }

    /** Retires the connection if no slot is used: true when it did (nothing can reserve any more). */
    boolean retireIfUnused() {
        while (true) {
            int n = used.get();
            if (n == RETIRED) {
                return true;
            }
            if (n > 0) {
                return false;
            }
            if (used.compareAndSet(n, RETIRED)) {
                return true;
            }
        }
    }

    /** Slots reserved or in use now (0 when idle or retired). */
    int used() {
        return Math.max(0, used.get());
    }

    /** Slots free now (0 when retired). */
    int available() {
        int n = used.get();
        return n == RETIRED ? 0 : Math.max(0, limit - Math.max(0, n));
    }
}
