package dev.weft.stream;

import java.time.Duration;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds blocking calls that have no timeout of their own: writes to servers
 * ({@code timeout.server}), client reads and writes ({@code timeout.client}; Helidon applies
 * none to accepted sockets), waits in a backend's queue ({@code timeout.queue}) and for HTTP/2
 * streams ({@code WatchedDeadline}). Reads from HTTP/1.1 and FastCGI servers are bounded by a
 * sweep its thread runs ({@code backend.ReadDeadlines}), cheaper than a timer per read. A call is armed before it blocks and disarmed after; if it is still
 * blocked when the time is up, the stream's virtual thread is interrupted, which closes the
 * socket it is blocked on (a virtual thread interrupted in socket I/O closes the socket), as
 * HAProxy closes a connection whose timeout expired. Thread-safe; owned by {@link StreamEnv}.
 */
public final class IoWatchdog implements AutoCloseable {
    private static final System.Logger LOG = System.getLogger(IoWatchdog.class.getName());

    private final ScheduledThreadPoolExecutor timer;

    public IoWatchdog() {
        timer = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name("weft-io-timeout").unstarted(r));
        timer.setRemoveOnCancelPolicy(true);
    }

    /** Arms a deadline for the current thread's next blocking client call. */
    public Armed arm(Duration timeout) {
        return arm(timeout, null);
    }

    /**
     * Arms a deadline for the current thread; when it fires, {@code beforeInterrupt} (may be null)
     * runs on the timer thread just before the interrupt, e.g. to write a 408 on the socket the
     * thread is blocked reading. It must not block for long and should not throw; if it does,
     * the thread is interrupted all the same and the failure is logged (the executor would
     * otherwise keep it in a future nobody reads).
     */
    public Armed arm(Duration timeout, Runnable beforeInterrupt) {
        Armed a = new Armed(Thread.currentThread(), beforeInterrupt);
        a.future = timer.schedule(a::fire, timeout.toNanos(), TimeUnit.NANOSECONDS);
        return a;
    }

    /**
     * Runs {@code task} every {@code period} on the timer thread until close(); it must be quick.
     * A task that throws is not run again (the executor's rule), and the failure is logged.
     */
    public void every(Duration period, Runnable task) {
        timer.scheduleAtFixedRate(() -> {
            try {
                task.run();
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "periodic timer task failed, not run again", e);
                throw e;
            }
        }, period.toNanos(), period.toNanos(), TimeUnit.NANOSECONDS);
    }

    @Override
    public void close() {
        timer.shutdownNow();
    }

    /**
     * One armed call: an {@link InterruptibleWait} begun when armed, cut short by the timer if
     * the time is up before {@link #disarm}.
     */
    public static final class Armed {
        private final InterruptibleWait wait;
        private final Runnable beforeInterrupt;
        private ScheduledFuture<?> future;

        private Armed(Thread thread, Runnable beforeInterrupt) {
            this.wait = new InterruptibleWait(thread);
            this.beforeInterrupt = beforeInterrupt;
            wait.begin();
        }

        private void fire() {
            try {
                wait.cut(beforeInterrupt);
            } catch (RuntimeException e) {
                LOG.log(System.Logger.Level.ERROR, "a deadline's beforeInterrupt failed; the call was cut all the same", e);
            }
        }

        /**
         * Whether the deadline is still waiting: neither fired nor disarmed. An interrupt seen
         * while it still waits came from elsewhere (the deadline interrupts only after it stops).
         */
        public boolean isWaiting() {
            return wait.isWaiting();
        }

        /** Disarms; returns true when the timeout had fired (the call was cut short, the interrupt cleared). */
        public boolean disarm() {
            boolean fired = wait.end();
            if (!fired) {
                future.cancel(false);
            }
            return fired;
        }
    }
}
