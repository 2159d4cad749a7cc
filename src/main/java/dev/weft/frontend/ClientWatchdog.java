package dev.weft.frontend;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Enforces {@code timeout.client} on blocking client reads and writes: a call is armed before
 * it blocks and disarmed after; if it is still blocked when the timeout expires, the stream's
 * virtual thread is interrupted, which closes the client's socket channel (HAProxy closes the
 * connection on a client timeout). Helidon applies no read or write timeout to accepted
 * sockets, hence this. Thread-safe; owned by {@link Frontends}, which closes it.
 */
final class ClientWatchdog implements AutoCloseable {
    private final ScheduledThreadPoolExecutor timer;

    ClientWatchdog() {
        timer = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name("weft-client-timeout").unstarted(r));
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Arms a deadline for the current thread's next blocking client call. */
    Armed arm(Duration timeout) {
        Armed a = new Armed(Thread.currentThread());
        a.future = timer.schedule(a::fire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return a;
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * One armed call. States: ARMED → DONE (disarmed in time) or ARMED → FIRING → FIRED (the
     * interrupt was delivered). Disarming after a fire waits for the delivery and clears the
     * interrupt flag, so the thread's later blocking calls are not hit by a stale interrupt.
     */
    static final class Armed {
        private static final int ARMED = 0;
        private static final int DONE = 1;
        private static final int FIRING = 2;
        private static final int FIRED = 3;

        private final Thread thread;
        private final AtomicInteger state = new AtomicInteger(ARMED);
        private ScheduledFuture<?> future;

        private Armed(Thread thread) {
            this.thread = thread;
        }

        private void fire() {
            if (state.compareAndSet(ARMED, FIRING)) {
                thread.interrupt();
                state.set(FIRED);
            }
        }

        /** Disarms; returns true when the timeout had fired (the call was cut short). */
        boolean disarm() {
            if (state.compareAndSet(ARMED, DONE)) {
                future.cancel(false);
                return false;
            }
            while (state.get() != FIRED) {
                Thread.onSpinWait();
            }
            Thread.interrupted();
            return true;
        }
    }
}
