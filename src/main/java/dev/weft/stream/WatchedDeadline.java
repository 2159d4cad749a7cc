package dev.weft.stream;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;

/**
 * A deadline on waits for another thread (a lock condition, a future), kept by the
 * {@link IoWatchdog} instead of a timed park: when it is up, the waiting thread is interrupted
 * and the wait throws TimeoutException.
 *
 * <p>Why: a virtual thread's timed park ({@code awaitNanos}, {@code get(timeout)}) schedules a
 * task on the JDK's DelayScheduler, a platform thread that is woken for every park and again
 * for every cancel: two context switches each way per wait, 1.6 per request under h2-back. The
 * watchdog's thread wakes every 100 ms whatever the load, to sweep all deadlines at once.
 *
 * <p>Use: {@code try (WatchedDeadline d = WatchedDeadline.start(watchdog, timeout)) { while
 * (!ready) d.await(cond, "what"); }}. Confined to the waiting thread. An interrupt from
 * elsewhere (shutdown) still comes out as InterruptedException.
 */
public final class WatchedDeadline implements AutoCloseable {
    private final IoWatchdog.Armed armed;
    private boolean ended;
    private boolean fired;

    private WatchedDeadline(IoWatchdog.Armed armed) {
        this.armed = armed;
    }

    /** Arms a deadline {@code timeoutNanos} (more than 0) from now for the current thread. */
    public static WatchedDeadline start(IoWatchdog watchdog, long timeoutNanos) {
        return new WatchedDeadline(watchdog.arm(Duration.ofNanos(timeoutNanos)));
    }

    /**
     * Waits on {@code condition} (its lock held) for a signal, a spurious wake-up or the end of
     * the deadline.
     *
     * @throws TimeoutException     the deadline is up ({@code what} is its message)
     * @throws InterruptedException interrupted by someone else
     */
    public void await(Condition condition, String what) throws InterruptedException, TimeoutException {
        checkNotEnded(what);
        try {
            condition.await();
        } catch (InterruptedException e) {
            if (end()) {
                throw new TimeoutException(what);
            }
            throw e;
        }
    }

    /**
     * Returns the value of {@code future}, waiting for it until the deadline.
     *
     * @throws TimeoutException     the deadline is up ({@code what} is its message)
     * @throws ExecutionException   the future failed
     * @throws InterruptedException interrupted by someone else
     */
    public <T> T get(CompletableFuture<T> future, String what)
            throws InterruptedException, ExecutionException, TimeoutException {
        checkNotEnded(what);
        try {
            return future.get();
        } catch (InterruptedException e) {
            if (end()) {
                throw new TimeoutException(what);
            }
            throw e;
        }
    }

    private void checkNotEnded(String what) throws TimeoutException {
        if (ended) {
            if (fired) {
                throw new TimeoutException(what);
            }
            throw new IllegalStateException("wait after the deadline ended: " + what);
        }
    }

    /** Ends the deadline (idempotent); true when it had fired (its interrupt is cleared). */
    public boolean end() {
        if (!ended) {
            ended = true;
            fired = armed.disarm();
        }
        return fired;
    }

    @Override
    public void close() {
        end();
    }
}
