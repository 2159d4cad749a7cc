package dev.weft.stream;

/**
 * How many sweeps in a row found a pooled slot ({@link SlotPool.Slot}) free and not used since
 * the sweep before, which is what lets the pool retire it. The slot's owner counts its uses; the
 * rest is the sweep's own (one thread), so a stale count of uses only delays a retirement.
 */
final class UnusedSweeps {
    /** Uses so far (written by the slot's current user, read by the sweep). */
    private int uses;
    /** The sweep's own: {@link #uses} at the last sweep, and the sweeps in a row so far. */
    private int usesSeen;
    private int sweeps;

    /** The slot is being used once more (its user's thread). */
    void used() {
        uses++;
    }

    /** From the sweep: the slot is free now; counts one more unused sweep unless it was used since the last. */
    void sweptFree() {
        int u = uses;
        if (u == usesSeen) {
            sweeps++;
        } else {
            usesSeen = u;
            sweeps = 0;
        }
    }

    /** From the sweep: the slot is in use now. */
    void sweptBusy() {
        sweeps = 0;
    }

    /** Sweeps in a row that found the slot free and unused. */
    int get() {
        return sweeps;
    }
}
