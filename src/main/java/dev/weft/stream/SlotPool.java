package dev.weft.stream;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicReferenceArray;
import java.util.function.Supplier;

/**
 * The free slots of one kind that the {@link IoWatchdog}'s sweep checks: {@link DeadlineSlot}s
 * no deadline runs in (a call takes one and gives it back once disarmed), {@link CloseWatchSlot}s
 * no stream's client-close watch uses (a stream takes one at its first wait, gives it back at its
 * end). A slot is made (and registered with the sweep) only when its stripe has none free, so
 * the pool grows to the most in use at once, and a slot stays in the sweep while it is pooled:
 * taking and giving back cost no change to the sweep's set.
 *
 * <p>Stripes chosen by thread id, so that carriers on several CPUs seldom take and give back on
 * the same cells. Each stripe is a few cells ({@link #CELLS}), where the slots of the usual load
 * come and go by a compare-and-set, and below them a stack for what does not fit: the slots a
 * burst left over (say 100,000 half-sent request heads) sink to its bottom. {@link #trim}
 * retires free slots, in a cell or at the stack's bottom, once the sweep has found them unused
 * for a while; a retired slot is forgotten by the sweep and by the pool. Thread-safe.
 *
 * <p>Why cells in front of the stack: a {@link ConcurrentLinkedDeque} allocates a node per give
 * back and walks the nodes its takes left dead; its take and give back were 4.3 % of weft's
 * samples under h1-small (BENCHMARKS.md, session 18). Why a pool, not a slot per thread: HTTP/2
 * streams and flushers are threads of one request each, and a thread-local slot cost each of
 * them a thread-local map and a registration (BENCHMARKS.md, session 12).
 */
final class SlotPool<S extends SlotPool.Slot> {
    /** Cells per stripe: 16 references, one or two cache lines. */
    static final int CELLS = 16;
    /** Stripe i's cells are [i * CELLS, (i + 1) * CELLS); null is an empty cell. */
    private final AtomicReferenceArray<S> cells;
    private final List<Deque<S>> stripes;
    private final Set<IoWatchdog.Swept> swept;
    private final int retireAfterSweeps;
    private final Supplier<S> newSlot;

    /** A pooled slot: checked by the sweep, which also counts how long it has lain unused. */
    interface Slot extends IoWatchdog.Swept {
        /** Sweeps in a row (the sweep's count) that found the slot free and not used since the last. */
        int unusedSweeps();
    }

    /**
     * @param swept             the sweep's set: new slots go in, retired ones come out
     * @param retireAfterSweeps how many sweeps in a row must find a free slot unused before it
     *                          may be retired
     * @param newSlot           makes a slot when a stripe has none free
     */
    SlotPool(Set<IoWatchdog.Swept> swept, int retireAfterSweeps, Supplier<S> newSlot) {
        this.swept = swept;
        this.retireAfterSweeps = retireAfterSweeps;
        this.newSlot = newSlot;
        // a power of two, from twice the CPUs to four times (the mask in stripe() needs one)
        int n = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 2 - 1) * 2;
        List<Deque<S>> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new ConcurrentLinkedDeque<>());
        }
        stripes = List.copyOf(list);
        cells = new AtomicReferenceArray<>(n * CELLS);
    }

    /** The current thread's stripe. */
    private int stripe() {
        return (int) Thread.currentThread().threadId() & (stripes.size() - 1);
    }

    /** A free slot for the current thread: from its stripe's cells, its stack, or a new one. */
    S take() {
        int stripe = stripe();
        for (int i = stripe * CELLS, end = i + CELLS; i < end; i++) {
            S slot = cells.get(i);
            if (slot != null && cells.compareAndSet(i, slot, null)) {
                return slot;
            }
        }
        S slot = stripes.get(stripe).pollFirst();
        if (slot == null) {
            slot = newSlot.get();
            swept.add(slot);
        }
        return slot;
    }

    /** Gives back a slot no longer used (on the thread that took it): to a cell, else the stack. */
    void giveBack(S slot) {
        int stripe = stripe();
        for (int i = stripe * CELLS, end = i + CELLS; i < end; i++) {
            if (cells.get(i) == null && cells.compareAndSet(i, null, slot)) {
                return;
            }
        }
        stripes.get(stripe).offerFirst(slot);
    }

    /**
     * From the sweep, after it has checked every slot: retires the free slots that enough sweeps
     * found unused, in the cells and from the bottom of each stack. A slot is retired only if it
     * is taken out of its cell or stack here, so no call can hold it.
     */
    void trim() {
        for (int i = 0; i < cells.length(); i++) {
            S slot = cells.get(i);
            if (slot != null && slot.unusedSweeps() >= retireAfterSweeps && cells.compareAndSet(i, slot, null)) {
                swept.remove(slot);
            }
        }
        for (Deque<S> stripe : stripes) {
            S last;
            while ((last = stripe.peekLast()) != null && last.unusedSweeps() >= retireAfterSweeps
                    && stripe.removeLastOccurrence(last)) {
                swept.remove(last);
            }
        }
    }

    /** Slots free now; for tests (counts every cell and stripe: slow). */
    int freeCount() {
        int n = 0;
        for (int i = 0; i < cells.length(); i++) {
            n += cells.get(i) != null ? 1 : 0;
        }
        return n + stripes.stream().mapToInt(Deque::size).sum();
    }

    /** Free slots in stacks, not cells; for tests. */
    int stackedCount() {
        return stripes.stream().mapToInt(Deque::size).sum();
    }
}
