package dev.weft.backend;

import dev.weft.stream.IoWatchdog;

import java.time.Duration;
import java.util.ArrayDeque;
import java.util.Iterator;
import java.util.List;
import java.util.Set;
import java.util.concurrent.locks.LockSupport;
import java.util.concurrent.locks.ReentrantLock;

/**
 * A backend's queue of streams waiting for a server slot (HAProxy's backend queue, {@code qcur}
 * of the backend): when every usable server is at its {@code maxconn}, a stream waits here, first
 * in first out, up to {@code timeout.queue}; a slot released on any server of the backend goes
 * straight to the first waiting stream that may use that server, rather than back to the pool
 * of permits where a newcomer could take it. Thread-safe; one per backend.
 *
 * <p>Taking and releasing a slot of an unlimited server never touch the lock. For limited
 * servers, the queue's lock orders a release against a stream about to queue, so that no slot
 * is freed while a stream that could take it goes to sleep.
 */
public final class BackendQueue {
    private final List<Server> servers;
    private final ReentrantLock lock = new ReentrantLock();
    private final ArrayDeque<Waiter> waiters = new ArrayDeque<>();
    private volatile int length;

    /** @param servers the backend's servers, in file order */
    BackendQueue(List<Server> servers) {
        this.servers = servers;
    }

    /** Streams waiting now. */
    public int length() {
        return length;
    }

    /**
     * Takes a slot on {@code s} now if nobody is queued ahead (no barging past waiting streams)
     * and it has one free. Returns false, taking nothing, otherwise.
     */
    public boolean tryTake(Server s) {
        return length == 0 && s.tryAcquireSlot();
    }

    /**
     * Waits for a slot on any server this stream may use, at most {@code timeout}. Before
     * queueing, under the lock, takes a free slot on a server no queued stream may use (one may
     * have been released since the caller's last try, or only this stream may use it).
     *
     * <p>The wait is an untimed park bounded by {@code watchdog}, not a timed park: the JDK
     * schedules every timed park of a virtual thread, and its cancel, on a platform thread it
     * wakes for each (WatchedDeadline says more).
     *
     * @param avoid    servers this stream must not use (failed for it already)
     * @param timeout  {@code timeout.queue}
     * @param watchdog ends the wait when the timeout is up
     * @return the server whose slot is now held, or null when the timeout passed
     * @throws InterruptedException when interrupted (client gone, shutdown), holding nothing
     */
    public Server await(Set<Server> avoid, Duration timeout, IoWatchdog watchdog) throws InterruptedException {
        Waiter w = new Waiter(Thread.currentThread(), avoid);
        lock.lock();
        try {
            for (Server s : servers) {
                if (w.mayUse(s, servers) && !wantedAhead(s) && s.tryAcquireSlot()) {
                    return s;
                }
            }
            waiters.addLast(w);
            length = waiters.size();
        } finally {
            lock.unlock();
        }
        IoWatchdog.Armed deadline = watchdog.arm(timeout);
        boolean interrupted = false;
        while (w.granted == null) {
            LockSupport.park(this);
            if (Thread.interrupted()) {
                // the deadline interrupts only once it has stopped waiting: an interrupt seen
                // while it still waits is someone else's (client gone, shutdown), kept even if
                // the deadline fires too before disarm()
                interrupted = deadline.isWaiting();
                break;
            }
        }
        deadline.disarm(); // clears the deadline's own interrupt, if it fired
        Server got;
        lock.lock();
        try {
            got = w.granted;
            if (got == null) {
                waiters.remove(w);
                length = waiters.size();
            }
        } finally {
            lock.unlock();
        }
        if (interrupted) {
            if (got != null) {
                release(got); // granted just as we were interrupted: pass it on
            }
            throw new InterruptedException();
        }
        return got;
    }

    /**
     * A stream leaves its slot on {@code s}: the slot goes to the first queued stream that may
     * use {@code s}, or back to its permits. A server whose limit was lowered meanwhile (a
     * learnt FastCGI capacity) takes the slot back instead.
     */
    public void release(Server s) {
        s.uncount();
        if (!s.limited()) {
            return;
        }
        lock.lock();
        try {
            if (!s.overLimit()) {
                for (Iterator<Waiter> it = waiters.iterator(); it.hasNext(); ) {
                    Waiter w = it.next();
                    if (w.mayUse(s, servers)) {
                        it.remove();
                        length = waiters.size();
                        s.handedOver();
                        w.granted = s;
                        LockSupport.unpark(w.thread);
                        return;
                    }
                }
            }
            s.freeSlot();
        } finally {
            lock.unlock();
        }
    }

    /** True when a queued stream may use {@code s}: a free slot there is theirs first. Under the lock. */
    private boolean wantedAhead(Server s) {
        for (Waiter w : waiters) {
            if (w.mayUse(s, servers)) {
                return true;
            }
        }
        return false;
    }

    /** One queued stream. */
    private static final class Waiter {
        final Thread thread;
        final Set<Server> avoid;
        volatile Server granted;

        Waiter(Thread thread, Set<Server> avoid) {
            this.thread = thread;
            this.avoid = Set.copyOf(avoid);
        }

        /**
         * True when this stream may take a slot on {@code s}: usable, not failed for it, and not
         * a backup while an active server is usable (backups never take overflow).
         */
        boolean mayUse(Server s, List<Server> all) {
            if (!s.usable() || avoid.contains(s)) {
                return false;
            }
            if (s.config().backup()) {
                for (Server o : all) {
                    if (!o.config().backup() && o.usable() && !avoid.contains(o)) {
                        return false;
                    }
                }
            }
            return true;
        }
    }
}
