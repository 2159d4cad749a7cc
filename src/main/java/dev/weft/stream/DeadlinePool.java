package dev.weft.stream;

import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentLinkedDeque;

/**
 * The {@link DeadlineSlot}s no deadline runs in, for the {@link IoWatchdog}: a call takes one
 * and gives it back once disarmed; a slot is made (and registered with the sweep) only when its
 * stripe has none free, so the pool grows to the most calls armed at once.
 *
 * <p>Stripes chosen by thread id, so that carriers on several CPUs seldom take and give back on
 * the same deque. Each stripe is a stack: the slots in use under the usual load stay on top, and
 * those a burst left over (say 100,000 half-sent request heads) sink to the bottom, where
 * {@link #trim} retires them once the sweep has found them unused for a while; a retired slot is
 * forgotten by the sweep and by the pool. Thread-safe.
 *
 * <p>Why a pool, not a slot per thread: HTTP/2 streams and flushers are threads of one request
 * each, and a thread-local slot cost each of them a thread-local map and a registration
 * (BENCHMARKS.md, session 12).
 */
final class DeadlinePool {
    private final List<Deque<DeadlineSlot>> stripes;
    private final Set<IoWatchdog.Swept> swept;
    private final int retireAfterSweeps;

    /**
     * @param swept             the sweep's set: new slots go in, retired ones come out
     * @param retireAfterSweeps how many sweeps in a row must find a free slot unused before it
     *                          may be retired
     */
    DeadlinePool(Set<IoWatchdog.Swept> swept, int retireAfterSweeps) {
        this.swept = swept;
        this.retireAfterSweeps = retireAfterSweeps;
        // a power of two, from twice the CPUs to four times (the mask in stripe() needs one)
        int n = Integer.highestOneBit(Math.max(1, Runtime.getRuntime().availableProcessors()) * 2 - 1) * 2;
        List<Deque<DeadlineSlot>> list = new ArrayList<>(n);
        for (int i = 0; i < n; i++) {
            list.add(new ConcurrentLinkedDeque<>());
        }
        stripes = List.copyOf(list);
    }

    private Deque<DeadlineSlot> stripe() {
        return stripes.get((int) Thread.currentThread().threadId() & (stripes.size() - 1));
    }

    /** A free slot for the current thread's next deadline: from its stripe, or a new one. */
    DeadlineSlot take() {
        DeadlineSlot slot = stripe().pollFirst();
        if (slot == null) {
            slot = new DeadlineSlot();
            swept.add(slot);
        }
        return slot;
    }

    /** Gives back a slot whose deadline has ended (on the thread that took it). */
    void giveBack(DeadlineSlot slot) {
        stripe().offerFirst(slot);
    }

    /**
     * From the sweep, after it has checked every slot: retires, from the bottom of each stack,
     * the free slots that enough sweeps found unused. A slot is retired only if it is taken out
     * of its stack here, so no call can hold it.
     */
    void trim() {
        for (Deque<DeadlineSlot> stripe : stripes) {
            DeadlineSlot last;
            while ((last = stripe.peekLast()) != null && last.unusedSweeps() >= retireAfterSweeps
                    && stripe.removeLastOccurrence(last)) {
                swept.remove(last);
            }
        }
    }

    /** Slots free now; for tests (counts every stripe: slow). */
    int freeCount() {
        return stripes.stream().mapToInt(Deque::size).sum();
    }
}
