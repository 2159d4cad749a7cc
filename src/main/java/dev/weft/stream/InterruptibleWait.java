package dev.weft.stream;

import java.util.concurrent.atomic.AtomicLong;

/**
 * One thread's blocking waits, one at a time, that another thread may cut short by interrupting
 * it (a virtual thread interrupted in socket I/O has its socket closed, which ends the call). The
 * interrupt is delivered at most once per wait and never outlives it: ending a wait that was cut
 * short waits for the delivery and clears the flag, so the thread's next blocking call is not hit
 * by a stale interrupt. Used by {@link DeadlineSlot} (a deadline) and {@link ClientCloseWatch} (a
 * client that closed). Thread-safe.
 *
 * <p>Each wait carries a token (a deadline, for a DeadlineSlot), so that a cutter that saw one
 * wait cannot cut the next one by mistake ({@link #cutIf}).
 */
final class InterruptibleWait {
    /*
     * The state, in one long: IDLE, FIRING, FIRED, or the token of the running wait (WAITING).
     *   IDLE    → WAITING (begin)
     *   WAITING → IDLE (end in time) or → FIRING (cut short)
     *   FIRING  → FIRED (another thread is delivering the interrupt)
     *   FIRED   → IDLE (end, which clears the interrupt)
     * The three markers are the lowest longs; any greater value is a token.
     */
    private static final long IDLE = Long.MIN_VALUE;
    private static final long FIRING = Long.MIN_VALUE + 1;
    private static final long FIRED = Long.MIN_VALUE + 2;

    /** The waiting thread: the running wait's (written before its token is published). */
    private Thread thread;
    private final AtomicLong state = new AtomicLong(IDLE);

    /** @param thread the thread that waits (begin and end are called on it) */
    InterruptibleWait(Thread thread) {
        this.thread = thread;
    }

    /** Waits of whichever thread calls {@link #begin(Thread, long)}; none yet. */
    InterruptibleWait() {
        this(null);
    }

    /** Returns {@code wanted} as a valid token: unchanged unless it is one of the markers. */
    static long token(long wanted) {
        return wanted > FIRED ? wanted : wanted + 3;
    }

    /** A wait without a token of its own starts (on the waiting thread). */
    void begin() {
        begin(0);
    }

    /** A wait starts (on the waiting thread); {@code token} comes from {@link #token}. */
    void begin(long token) {
        state.set(token);
    }

    /**
     * A wait of {@code waiter} (the current thread) starts, no other wait running: the waits
     * may come from a different thread each time.
     */
    void begin(Thread waiter, long token) {
        this.thread = waiter;
        state.set(token);
    }

    /** The thread of the running or last wait (null before any, or once forgotten). */
    Thread thread() {
        return thread;
    }

    /**
     * Forgets the last wait's thread, once it has ended (by the thread that began it): waits of
     * several threads ({@link #begin(Thread, long)}) keep no ended thread alive.
     */
    void forgetThread() {
        thread = null;
    }

    /** Whether a wait is running, not cut. */
    boolean isWaiting() {
        return state.get() > FIRED;
    }

    /** Whether the wait of {@code token} is running, not cut. */
    boolean isWaiting(long token) {
        return state.get() == token;
    }

    /** Whether the running wait was cut and not yet ended. */
    boolean isFired() {
        return state.get() == FIRED;
    }

    /** Whether no wait is running nor being ended (a cut one counts until end()). */
    boolean isIdle() {
        return state.get() == IDLE;
    }

    /**
     * The running wait's token, for a cutter to pass to {@link #cutIf}; returns a value that
     * {@link #isToken} refuses when no wait is running.
     */
    long current() {
        return state.get();
    }

    /** Whether {@code value} (from {@link #current}) is a running wait's token. */
    static boolean isToken(long value) {
        return value > FIRED;
    }

    /**
     * Cuts the running wait short from another thread: see {@link #cutIf}. Returns false, doing
     * nothing, when no wait is running.
     */
    boolean cut(Runnable beforeInterrupt) {
        while (true) {
            long s = state.get();
            if (!isToken(s)) {
                return false;
            }
            if (cutIf(s, beforeInterrupt)) {
                return true;
            }
        }
    }

    /**
     * Cuts the wait of {@code token} short from another thread: runs {@code beforeInterrupt}
     * (may be null; quick, should not throw), then interrupts. Returns false, doing nothing, when
     * that wait is not running (ended, or another one started). If beforeInterrupt throws, the
     * thread is still interrupted, then the exception is thrown.
     */
    boolean cutIf(long token, Runnable beforeInterrupt) {
        if (!state.compareAndSet(token, FIRING)) {
            return false;
        }
        try {
            if (beforeInterrupt != null) {
                beforeInterrupt.run();
            }
        } finally {
            // even if beforeInterrupt threw: the waiting thread's end() spins until FIRED; the
            // thread is the token's (it changes only once that wait has ended)
            thread.interrupt();
            state.set(FIRED);
        }
        return true;
    }

    /**
     * Ends the wait (on the waiting thread); returns true when it was cut short, once the
     * interrupt has been delivered and cleared. Ending a wait that is not running returns false.
     */
    boolean end() {
        long s = state.get();
        if (isToken(s) && state.compareAndSet(s, IDLE)) {
            return false;
        }
        s = state.get();
        if (s == IDLE) {
            return false;
        }
        while (state.get() != FIRED) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
        state.set(IDLE);
        return true;
    }
}
