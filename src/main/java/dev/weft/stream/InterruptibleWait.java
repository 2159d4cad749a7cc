package dev.weft.stream;

import java.util.concurrent.atomic.AtomicReference;

/**
 * One thread's blocking wait that another thread may cut short by interrupting it (a virtual
 * thread interrupted in socket I/O has its socket closed, which ends the call). The interrupt is
 * delivered at most once per wait and never outlives it: ending a wait that was cut short waits
 * for the delivery and clears the flag, so the thread's next blocking call is not hit by a stale
 * interrupt. Shared by {@link IoWatchdog.Armed} (a deadline) and {@link ClientCloseWatch} (a
 * client that closed). Thread-safe.
 */
final class InterruptibleWait {
    /** The wait's states; each constant names where it may go next. */
    enum State {
        /** Not waiting; → WAITING (begin). */
        IDLE,
        /** The thread waits; → IDLE (end in time) or → FIRING (cut short). */
        WAITING,
        /** Another thread is delivering the interrupt; → FIRED. */
        FIRING,
        /** Interrupt delivered; → IDLE (end, which clears it). */
        FIRED
    }

    private final Thread thread;
    private final AtomicReference<State> state = new AtomicReference<>(State.IDLE);

    /** @param thread the thread that waits (begin and end are called on it) */
    InterruptibleWait(Thread thread) {
        this.thread = thread;
    }

    /** A wait starts (on the waiting thread). */
    void begin() {
        state.set(State.WAITING);
    }

    boolean isWaiting() {
        return state.get() == State.WAITING;
    }

    /**
     * Cuts the wait short from another thread: runs {@code beforeInterrupt} (may be null; quick,
     * should not throw), then interrupts. Returns false, doing nothing, when no wait is running.
     * If beforeInterrupt throws, the thread is still interrupted, then the exception is thrown.
     */
    boolean cut(Runnable beforeInterrupt) {
        if (!state.compareAndSet(State.WAITING, State.FIRING)) {
            return false;
        }
        try {
            if (beforeInterrupt != null) {
                beforeInterrupt.run();
            }
        } finally {
            // even if beforeInterrupt threw: the waiting thread's end() spins until FIRED
            thread.interrupt();
            state.set(State.FIRED);
        }
        return true;
    }

    /**
     * Ends the wait (on the waiting thread); returns true when it was cut short, once the
     * interrupt has been delivered and cleared. Ending a wait that is not running returns false.
     */
    boolean end() {
        if (state.compareAndSet(State.WAITING, State.IDLE)) {
            return false;
        }
        State s = state.get();
        if (s == State.IDLE) {
            return false;
        }
        while (state.get() != State.FIRED) {
            Thread.onSpinWait();
        }
        Thread.interrupted();
        state.set(State.IDLE);
        return true;
    }
}
