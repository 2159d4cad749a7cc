package dev.weft.stream;

/**
 * Where one stream's {@link ClientCloseWatch} is checked by the {@link IoWatchdog}'s sweep, from
 * the stream's first wait on the server side to its end. Slots are pooled ({@link SlotPool}) and
 * stay in the sweep while free, so a stream's watch costs a take and a give-back, not an add to
 * and a removal from the sweep's concurrent set (3.4 % of weft's samples under h1-small,
 * BENCHMARKS.md, session 18).
 *
 * <p>A sweep may read the watch just before its stream gives the slot back, and check it after
 * the slot has been lent to another stream: the check reads only that watch's own state, whose
 * stream has no wait running any more, so it does nothing. Thread-safe: lent and given back on
 * the stream's thread, checked on the sweep's.
 */
final class CloseWatchSlot implements SlotPool.Slot {
    /** The watch checked now; null while the slot is free. */
    private volatile ClientCloseWatch watch;
    /** Sweeps in a row that found the slot free with no watch lent since the one before. */
    private final UnusedSweeps unused = new UnusedSweeps();

    /** Has the sweep check {@code w} until {@link #free}; the slot must be free. */
    void lend(ClientCloseWatch w) {
        unused.used();
        watch = w;
    }

    /** The stream is over: its watch is no longer checked. */
    void free() {
        watch = null;
    }

    /** The watch checked now, or null (tests). */
    ClientCloseWatch watch() {
        return watch;
    }

    /** From the sweep: checks the watch lent here, or counts a sweep that found the slot free and unused. */
    @Override
    public boolean expireIfDue(long now) {
        ClientCloseWatch w = watch;
        if (w == null) {
            unused.sweptFree();
            return false;
        }
        unused.sweptBusy();
        return w.expireIfDue(now);
    }

    /** Never: a pooled slot leaves the sweep only when the pool retires it. */
    @Override
    public boolean finished() {
        return false;
    }

    @Override
    public int unusedSweeps() {
        return unused.get();
    }
}
