package dev.weft.stream;

/**
 * Where one deadline lives while it runs, checked by the {@link IoWatchdog}'s sweep: arming is
 * a few stores, disarming a compare-and-set. Slots are pooled ({@link SlotPool}): a call
 * takes a free one, whatever its thread, and gives it back once disarmed.
 *
 * <p>The running deadline is the {@link InterruptibleWait}'s token, so a sweep that read an
 * earlier deadline cannot cut a later one. Thread-safe: armed and ended on the waiting thread,
 * expired from the sweep's.
 */
final class DeadlineSlot implements SlotPool.Slot {
    private static final System.Logger LOG = System.getLogger(DeadlineSlot.class.getName());

    private final InterruptibleWait wait = new InterruptibleWait();
    /** The running deadline's beforeInterrupt; written before its token is published. */
    private Runnable beforeInterrupt;
    /** Sweeps in a row that found the slot free with no deadline armed since the one before. */
    private final UnusedSweeps unused = new UnusedSweeps();

    /**
     * Arms a deadline at {@code deadlineNanos} ({@link System#nanoTime()} scale) for the current
     * thread; the slot must be free. Returns the running deadline's token.
     */
    long arm(long deadlineNanos, Runnable beforeInterrupt) {
        long token = InterruptibleWait.token(deadlineNanos);
        this.beforeInterrupt = beforeInterrupt;
        unused.used();
        wait.begin(Thread.currentThread(), token);
        return token;
    }

    boolean isWaiting(long token) {
        return wait.isWaiting(token);
    }

    /** Ends the running deadline; true when it had fired (its interrupt is cleared). */
    boolean end() {
        boolean fired = wait.end();
        // a free slot keeps no caller's state alive (a 408's connection, an ended stream's thread)
        beforeInterrupt = null;
        wait.forgetThread();
        return fired;
    }

    /**
     * From the sweep: cuts the running deadline if it is due at {@code now}; counts the sweeps
     * that found the slot free and unused ({@link #unusedSweeps}).
     */
    @Override
    public boolean expireIfDue(long now) {
        long token = wait.current();
        if (!InterruptibleWait.isToken(token)) {
            if (wait.isIdle()) {
                unused.sweptFree();
            } else {
                unused.sweptBusy();
            }
            return false;
        }
        unused.sweptBusy();
        if (now - token < 0) {
            return false;
        }
        Runnable before = beforeInterrupt; // the token's: it changes only after its wait ends
        try {
            return wait.cutIf(token, before);
        } catch (RuntimeException e) {
            LOG.log(System.Logger.Level.ERROR, "a deadline's beforeInterrupt failed; the call was cut all the same", e);
            return true;
        }
    }

    /** Sweeps in a row (the sweep's count) that found the slot free and not used since the last. */
    @Override
    public int unusedSweeps() {
        return unused.get();
    }

    /**
     * True once the slot is lost to the pool: its deadline fired and was never ended (a call
     * abandoned after the cut) and its thread is gone. A running deadline whose thread is gone
     * is not finished: it still fires (its beforeInterrupt may clean up, as the 408's does).
     * Only the sweep moves a slot to fired, so a slot fired at both reads below was fired for
     * the thread read in between.
     */
    @Override
    public boolean finished() {
        if (!wait.isFired()) {
            return false;
        }
        Thread t = wait.thread(); // null if the owner ended it meanwhile
        return t != null && !t.isAlive() && wait.isFired();
    }
}
