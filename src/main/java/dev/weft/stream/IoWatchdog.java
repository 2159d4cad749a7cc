package dev.weft.stream;

import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ScheduledThreadPoolExecutor;
import java.util.concurrent.TimeUnit;

/**
 * Bounds blocking calls that have no timeout of their own: writes to servers
 * ({@code timeout.server}), client reads and writes ({@code timeout.client}; Helidon applies
 * none to accepted sockets), waits in a backend's queue ({@code timeout.queue}) and for HTTP/2
 * streams ({@code WatchedDeadline}). A call is armed before it blocks and disarmed after; if it
 * is still blocked when the time is up, the stream's virtual thread is interrupted, which closes
 * the socket it is blocked on (a virtual thread interrupted in socket I/O closes the socket), as
 * HAProxy closes a connection whose timeout expired. Reads from HTTP/1.1 and FastCGI servers go
 * through the same sweep ({@link #watch}: {@code backend.WatchedInputStream}, which closes the
 * socket itself), and so do the server-side waits watched for a client's close
 * ({@link ClientCloseWatch}). Thread-safe; owned by {@link StreamEnv}.
 *
 * <p>How: deadlines are checked together every {@link #PERIOD} by one sweep on the watchdog's
 * thread, as HAProxy's scheduler checks its tasks' expiry dates, so one fires up to a period
 * late. A deadline lives in a {@link DeadlineSlot} taken from a {@link SlotPool} and given
 * back when disarmed: arming is a compare-and-set on a pool's cell and a few stores, disarming
 * two compare-and-sets, with no lock (JMH: 54 ns the pair, 161 with a timer per call on another
 * host). A stream's client-close watch is checked in a {@link CloseWatchSlot} of a second pool. Why not a timer per call: a
 * scheduled task and its cancel cost allocations, heap updates and two rounds of the executor's
 * lock, which its platform thread takes too (a virtual thread that finds it held is woken from
 * outside its carrier: BENCHMARKS.md, "A stream can wait seconds"), three times per request
 * under h1-small, for deadlines that almost never fire.
 */
public final class IoWatchdog implements AutoCloseable {
    /** How often deadlines are checked: also how late one may fire. */
    public static final Duration PERIOD = Duration.ofMillis(100);
    /** Sweeps that must find a pooled slot unused before it is retired: 10 s. */
    private static final int RETIRE_AFTER_SWEEPS = 100;
    private static final System.Logger LOG = System.getLogger(IoWatchdog.class.getName());
    /** Longer timeouts are cut to this (146 years), so that a deadline never overflows. */
    private static final long MAX_TIMEOUT_NANOS = Long.MAX_VALUE / 2;

    private final ScheduledThreadPoolExecutor timer;
    /** What the sweep checks: every slot of both pools, and what {@link #watch} added. */
    private final Set<Swept> swept = ConcurrentHashMap.newKeySet();
    private final SlotPool<DeadlineSlot> pool;
    /** Slots for streams' client-close watches ({@link #lend}). */
    private final SlotPool<CloseWatchSlot> closeWatches;

    public IoWatchdog() {
        this(PERIOD, RETIRE_AFTER_SWEEPS);
    }

    /** As above, sweeping every {@code period} (tests: quicker retirements). */
    IoWatchdog(Duration period, int retireAfterSweeps) {
        timer = new ScheduledThreadPoolExecutor(1, r -> Thread.ofPlatform().daemon().name("weft-io-timeout").unstarted(r));
        pool = new SlotPool<>(swept, retireAfterSweeps, DeadlineSlot::new);
        closeWatches = new SlotPool<>(swept, retireAfterSweeps, CloseWatchSlot::new);
        every(period, this::sweep);
    }

    /** Something the sweep checks every {@link #PERIOD}. */
    public interface Swept {
        /**
         * Acts if its deadline is due at {@code now} ({@link System#nanoTime()} scale); quick.
         * Returns true if it did.
         */
        boolean expireIfDue(long now);

        /** Whether it is done for good: the sweep then forgets it. */
        boolean finished();
    }

    /** Arms a deadline for the current thread's next blocking client call. */
    public Armed arm(Duration timeout) {
        return arm(timeout, null);
    }

    /**
     * Arms a deadline for the current thread; when it fires, {@code beforeInterrupt} (may be null)
     * runs on the watchdog's thread just before the interrupt, e.g. to write a 408 on the socket
     * the thread is blocked reading. It must not block for long and should not throw; if it does,
     * the thread is interrupted all the same and the failure is logged.
     */
    public Armed arm(Duration timeout, Runnable beforeInterrupt) {
        long deadline = System.nanoTime() + Math.min(timeout.toNanos(), MAX_TIMEOUT_NANOS);
        DeadlineSlot slot = pool.take();
        return new Armed(slot, slot.arm(deadline, beforeInterrupt), pool);
    }

    /** Has {@code s} checked by every sweep until it says it is finished. */
    public void watch(Swept s) {
        swept.add(s);
    }

    /** Has {@code w} checked by every sweep, in a pooled slot, until the slot is given back. */
    CloseWatchSlot lend(ClientCloseWatch w) {
        CloseWatchSlot slot = closeWatches.take();
        slot.lend(w);
        return slot;
    }

    /** Stops checking the watch lent {@code slot} and pools the slot (on the thread that took it). */
    void giveBack(CloseWatchSlot slot) {
        slot.free();
        closeWatches.giveBack(slot);
    }

    /** Client-close watches checked now; for tests. */
    long closeWatchesChecked() {
        return swept.stream().filter(s -> s instanceof CloseWatchSlot c && c.watch() != null).count();
    }

    /** What the sweep checks now (finished ones not yet forgotten included); for tests. */
    int sweptCount() {
        return swept.size();
    }

    /** Slots free in the pool now; for tests. */
    int freeSlots() {
        return pool.freeCount();
    }

    /**
     * One sweep: fires the deadlines that are due, forgets what has finished, retires the pool's
     * leftover slots. A failure in one, even an Error from a beforeInterrupt, is reported and the
     * sweep goes on: anything escaping here would stop every deadline for good.
     */
    private void sweep() {
        long now = System.nanoTime();
        for (Iterator<Swept> it = swept.iterator(); it.hasNext(); ) {
            Swept s = it.next();
            try {
                if (s.finished()) {
                    it.remove();
                } else {
                    s.expireIfDue(now);
                }
            } catch (RuntimeException | Error e) {
                LOG.log(System.Logger.Level.ERROR, "a deadline could not be checked or fired", e);
            }
        }
        pool.trim();
        closeWatches.trim();
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
     * One armed call, in its slot until disarmed, by its thread.
     */
    public static final class Armed {
        private final DeadlineSlot slot;
        private final long token;
        private final SlotPool<DeadlineSlot> pool;
        private boolean disarmed;
        private boolean fired;

        /** @param pool where the slot goes back once disarmed */
        private Armed(DeadlineSlot slot, long token, SlotPool<DeadlineSlot> pool) {
            this.slot = slot;
            this.token = token;
            this.pool = pool;
        }

        /**
         * Whether the deadline is still waiting: neither fired nor disarmed. An interrupt seen
         * while it still waits came from elsewhere (the deadline interrupts only after it stops).
         */
        public boolean isWaiting() {
            return slot.isWaiting(token);
        }

        /**
         * Disarms; returns true when the timeout had fired (the call was cut short, the interrupt
         * cleared). Called on the armed thread; again, it returns the same (the slot may carry
         * another call's deadline by then); not from two threads at once. A call never disarmed
         * loses its slot to the pool (the sweep forgets it once it has fired and its thread is
         * gone).
         */
        public boolean disarm() {
            if (!disarmed) {
                disarmed = true;
                fired = slot.end();
                pool.giveBack(slot);
            }
            return fired;
        }
    }
}
