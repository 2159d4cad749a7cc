package dev.weft.stream;

import java.util.concurrent.atomic.AtomicInteger;

/**
 * Decides whether a stream that has just sent its request may yield its carrier before reading
 * the answer, so that the streams of one process cannot keep the carrier's own task queue busy
 * for ever.
 *
 * <p>Why: the yield lets the other ready streams send their requests first, so the server wakes
 * once for several (BENCHMARKS.md, +25 % req/s in h1-small). But the JDK's ForkJoinPool worker
 * runs its own queue dry before it takes a task submitted from outside it, and a yield made while
 * that queue holds tasks goes back on it. Under load the yielded streams kept it busy for seconds
 * at a time, while the read poller's wake-up, submitted from the master poller thread, waited
 * outside: a stream then waited 1-6.6 s for a response that had arrived (1-3 in 100,000 requests).
 *
 * <p>The gate works in periods. During a period every caller may yield. Once the period is over
 * no caller may yield until the streams that did have all come back from their yields: the queue
 * then holds no yielded stream, and usually runs dry soon after, letting outside work in. The
 * first caller to find no yielder left starts the next period (without yielding itself, so that
 * it is not queued behind whatever else the queue holds). This is a chance to drain every period,
 * not a bound: the next period's first yields may land on a queue that still holds other ready
 * streams, and once the queue is empty the worker picks among outside queues at random. Measured,
 * it was enough: no read waited a second in 1.2 million requests (BENCHMARKS.md).
 *
 * <p>Thread-safe. One per process ({@link StreamEnv}): the carriers share it, which is exact
 * with one carrier; with more it stops yields on every carrier until all have drained (reasoned,
 * not measured: the bench gives weft one CPU).
 */
final class YieldGate {
    /**
     * How long streams may yield before the queue must drain: 50 ms. Measured with the bench's
     * h1-small (4 repetitions each, access log on): without the gate 19.9-21.8k req/s and 11
     * reads waiting over a second; 10 ms 18.6-19.3k, none; 50 ms 19.3-20.5k, none.
     */
    static final long PERIOD_NANOS = 50_000_000L;

    private final long periodNanos;
    /** Streams between {@link #enter} returning true and their {@link #exit}. */
    private final AtomicInteger yielding = new AtomicInteger();
    /** When the current period began ({@link System#nanoTime()} scale). */
    private volatile long periodStart;

    /**
     * @param periodNanos how long yields are allowed before the queue must drain; > 0
     * @param now         the current time, {@link System#nanoTime()} scale
     */
    YieldGate(long periodNanos, long now) {
        if (periodNanos <= 0) {
            throw new IllegalArgumentException("period must be > 0: " + periodNanos);
        }
        this.periodNanos = periodNanos;
        this.periodStart = now;
    }

    /**
     * Asks to yield.
     *
     * @param now the current time, {@link System#nanoTime()} scale
     * @return true if the caller may yield, and then must call {@link #exit()} when the yield
     *         returns; false if it must not yield (and must not call exit)
     */
    boolean enter(long now) {
        if (now - periodStart >= periodNanos) {
            if (yielding.get() > 0) {
                return false; // draining: yielded streams are still queued
            }
            periodStart = now; // drained: the next period starts after this caller
            return false;
        }
        yielding.incrementAndGet();
        return true;
    }

    /**
     * Yields the carrier if the gate allows it, and returns when the caller runs again (at once
     * when it did not yield, or when nothing else was ready).
     *
     * @param now the current time, {@link System#nanoTime()} scale
     * @return true if the caller yielded (or offered to: nothing else may have been ready)
     */
    boolean yieldIfOpen(long now) {
        if (!enter(now)) {
            return false;
        }
        try {
            Thread.yield();
        } finally {
            exit();
        }
        return true;
    }

    /** Says a yield allowed by {@link #enter} has returned. */
    void exit() {
        yielding.decrementAndGet();
    }

    /** @return when the current period began (for tests) */
    long periodStart() {
        return periodStart;
    }

    /** @return the streams now between enter and exit (for tests) */
    int yielding() {
        return yielding.get();
    }
}
