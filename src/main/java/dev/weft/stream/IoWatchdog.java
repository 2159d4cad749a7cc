package dev.weft.stream;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.PriorityQueue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.locks.LockSupport;

/**
 * Bounds blocking socket calls that have no timeout of their own: writes to servers
 * ({@code timeout.server}) and client reads and writes ({@code timeout.client}; Helidon applies
 * none to accepted sockets). A call is armed before it blocks and disarmed after; if it is still
 * blocked when the time is up, the stream's virtual thread is interrupted, which closes the
 * socket it is blocked on (a virtual thread interrupted in socket I/O closes the socket), as
 * HAProxy closes a connection whose timeout expired. Thread-safe; owned by {@link StreamEnv}.
 *
 * <p>Why not a {@code ScheduledThreadPoolExecutor}: arming and disarming run on the streams'
 * virtual threads several times per request, and its queue is guarded by a lock that its
 * platform timer thread takes too. A virtual thread that finds that lock taken parks, and is
 * woken by the timer thread, from outside the carrier's pool: into an outside submission queue,
 * which a busy carrier serves only once its own queue is empty. Under load that took hundreds of
 * milliseconds to seconds while every other stream went on (BENCHMARKS.md, "A stream can wait
 * seconds"). Here arming is one lock-free enqueue and disarming one compare-and-set: a stream
 * never waits for the timer thread. The timer thread drains the enqueued deadlines every
 * {@link #TICK} while they keep coming (dropping those already disarmed, most of them), keeps
 * the rest in a heap of its own and fires them when due, at most one tick late; once a tick
 * brings nothing it sleeps until its next deadline, and the next arm() wakes it.
 */
public final class IoWatchdog implements AutoCloseable {
    /** How often the timer thread drains new deadlines while there are any; also the worst lateness of a deadline. */
    static final Duration TICK = Duration.ofMillis(10);
    private static final long TICK_NANOS = TICK.toNanos();
    /** Disarmed deadlines left in the heap are swept out while it holds more than this, every SWEEP_EVERY. */
    private static final int SWEEP_ABOVE = 4096;
    private static final long SWEEP_EVERY_NANOS = Duration.ofSeconds(1).toNanos();
    private static final System.Logger LOG = System.getLogger(IoWatchdog.class.getName());

    /** Deadlines armed since the timer thread last looked; any thread adds, the timer thread removes. */
    private final ConcurrentLinkedQueue<Armed> inbox = new ConcurrentLinkedQueue<>();
    /** Deadlines still armed when drained, earliest first; the timer thread's own. */
    private final PriorityQueue<Armed> heap = new PriorityQueue<>(Comparator.comparingLong((Armed a) -> a.deadline));
    private final List<Periodic> periodic = new CopyOnWriteArrayList<>();
    /** Set by the timer thread before it parks past the next tick; an arm() that sees it wakes the thread. */
    private final AtomicBoolean sleeping = new AtomicBoolean();
    private final Thread timer;
    private volatile boolean closed;
    /** nanoTime of the last sweep; the timer thread's. */
    private long lastSweep = System.nanoTime();
    /** Live size of the heap, for tests. */
    private volatile int held;

    public IoWatchdog() {
        timer = Thread.ofPlatform().daemon().name("weft-io-timeout").start(this::loop);
    }

    /** Arms a deadline for the current thread's next blocking client call. */
    public Armed arm(Duration timeout) {
        return arm(timeout, null);
    }

    /**
     * Arms a deadline for the current thread; when it fires, {@code beforeInterrupt} (may be null)
     * runs on the timer thread just before the interrupt, e.g. to write a 408 on the socket the
     * thread is blocked reading. It must not block for long and must not throw. Never blocks.
     */
    public Armed arm(Duration timeout, Runnable beforeInterrupt) {
        Armed a = new Armed(Thread.currentThread(), beforeInterrupt, System.nanoTime() + timeout.toNanos());
        inbox.add(a);
        if (sleeping.get() && sleeping.compareAndSet(true, false)) {
            LockSupport.unpark(timer);
        }
        return a;
    }

    /**
     * Runs {@code task} about every {@code period} on the timer thread until close(); it must be
     * quick. A task that throws is logged and not run again.
     */
    void every(Duration period, Runnable task) {
        periodic.add(new Periodic(task, period.toNanos(), System.nanoTime() + period.toNanos()));
        LockSupport.unpark(timer);
    }

    @Override
    public void close() {
        closed = true;
        LockSupport.unpark(timer);
    }

    /** Deadlines the timer thread holds (armed, or disarmed and not yet swept), for tests. */
    int held() {
        return held;
    }

    /** The timer thread: drain, fire what is due, run periodic tasks, sleep until the next thing to do. */
    private void loop() {
        while (!closed) {
            long now = System.nanoTime();
            boolean drained = drain();
            fireDue(now);
            long next = runPeriodic(now);
            if (heap.size() > SWEEP_ABOVE) {
                // at most once per SWEEP_EVERY: with many live deadlines a sweep frees little
                if (now - lastSweep >= SWEEP_EVERY_NANOS) {
                    heap.removeIf(a -> !a.wait.isWaiting());
                    lastSweep = now;
                } else {
                    next = Math.min(next, lastSweep + SWEEP_EVERY_NANOS - now);
                }
            }
            held = heap.size();
            if (!heap.isEmpty()) {
                next = Math.min(next, heap.peek().deadline - now);
            }
            if (drained) {
                // Busy: look again in a tick, not at the next arm(). On one CPU, a timer woken by
                // every arm() would drain that one deadline, sleep, and be woken by the next.
                LockSupport.parkNanos(this, Math.min(next, TICK_NANOS));
                continue;
            }
            // Nothing new for a tick: sleep until the next due thing, woken earlier by the next
            // arm(). The flag is set before the inbox is looked at again, and arm() adds before
            // it looks at the flag, so one of the two sees the other.
            sleeping.set(true);
            if (inbox.isEmpty() && !closed) {
                if (next == Long.MAX_VALUE) {
                    LockSupport.park(this);
                } else {
                    LockSupport.parkNanos(this, next);
                }
            }
            sleeping.set(false);
        }
    }

    /** Moves new deadlines to the heap, dropping those disarmed already; returns whether there were any. */
    private boolean drain() {
        boolean any = false;
        for (Armed a; (a = inbox.poll()) != null; ) {
            any = true;
            if (a.wait.isWaiting()) {
                heap.add(a);
            }
        }
        return any;
    }

    /** Fires (or drops, if disarmed) every deadline due at {@code now}. */
    private void fireDue(long now) {
        for (Armed a; (a = heap.peek()) != null && a.deadline - now <= 0; ) {
            heap.poll();
            a.fire();
        }
    }

    /** Runs the periodic tasks that are due; returns the nanoseconds until the next one (MAX_VALUE if none). */
    private long runPeriodic(long now) {
        long next = Long.MAX_VALUE;
        List<Periodic> failed = new ArrayList<>(0);
        for (Periodic p : periodic) {
            if (p.due - now <= 0) {
                try {
                    p.task.run();
                } catch (RuntimeException e) {
                    LOG.log(System.Logger.Level.ERROR, "periodic timer task failed, not run again", e);
                    failed.add(p);
                    continue;
                }
                p.due = Math.max(p.due + p.period, now + 1);
            }
            next = Math.min(next, p.due - now);
        }
        periodic.removeAll(failed);
        return next;
    }

    /** A task run every {@code period} nanoseconds; {@code due} is the timer thread's. */
    private static final class Periodic {
        final Runnable task;
        final long period;
        long due;

        Periodic(Runnable task, long period, long due) {
            this.task = task;
            this.period = period;
            this.due = due;
        }
    }

    /**
     * One armed call: an {@link InterruptibleWait} begun when armed, cut short by the timer if
     * the time is up before {@link #disarm}.
     */
    public static final class Armed {
        private final InterruptibleWait wait;
        private final Runnable beforeInterrupt;
        private final long deadline;

        private Armed(Thread thread, Runnable beforeInterrupt, long deadline) {
            this.wait = new InterruptibleWait(thread);
            this.beforeInterrupt = beforeInterrupt;
            this.deadline = deadline;
            wait.begin();
        }

        private void fire() {
            wait.cut(beforeInterrupt);
        }

        /** Disarms; returns true when the timeout had fired (the call was cut short, the interrupt cleared). Never blocks on the timer. */
        public boolean disarm() {
            return wait.end();
        }
    }
}
