package dev.weft.mux.h2;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * The stream slots of one HTTP/2 connection: how many streams weft may have open on it under
 * the server's {@code SETTINGS_MAX_CONCURRENT_STREAMS} (RFC 9113 §6.5.2). Jetty's
 * {@code Session.newStream} fails past that limit instead of queueing, so a slot is reserved
 * before a stream is attached, and given back only once Jetty has closed the stream (its own count
 * has dropped by then). Thread-safe: every stream thread of the connection, the pool and Jetty's
 * threads use it.
 * <pre>
 *   used:  -1 retired (closing; never reserved again)
 *           0 unused (the pool may retire it)
 *           n n slots reserved or in use, n &lt;= limit
 * </pre>
 */
final class StreamSlots {
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

    /** Reserves one slot; false when all are taken or the connection is retired. */
    boolean tryAcquire() {
        while (true) {
            int n = used.get();
            if (n == RETIRED || n >= limit) {
                return false;
            }
            if (used.compareAndSet(n, n + 1)) {
                return true;
            }
        }
    }

    /** Reserves one slot whatever the limit (the stream that opened the connection); false once retired. */
    boolean forceAcquire() {
        while (true) {
            int n = used.get();
            if (n == RETIRED) {
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

    /** Retires the connection if no slot is used: true when it did (nothing can reserve any more). */
    boolean retireIfUnused() {
        return used.compareAndSet(0, RETIRED) || used.get() == RETIRED;
    }

    /** Slots reserved or in use now (0 when retired). */
    int used() {
        return Math.max(0, used.get());
    }

    /** Slots free now (0 when retired). */
    int available() {
        int n = used.get();
        return n == RETIRED ? 0 : Math.max(0, limit - n);
    }
}
