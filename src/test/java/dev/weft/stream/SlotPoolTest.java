package dev.weft.stream;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

import static org.assertj.core.api.Assertions.assertThat;

/** SlotPool (of deadline slots) on one thread: its stripe's cells first, its stack for the rest, both trimmed. */
class SlotPoolTest {
    private static final int RETIRE_AFTER = 3;
    private final Set<IoWatchdog.Swept> swept = ConcurrentHashMap.newKeySet();
    private final SlotPool<DeadlineSlot> pool = new SlotPool<>(swept, RETIRE_AFTER, DeadlineSlot::new);

    private List<DeadlineSlot> take(int n) {
        List<DeadlineSlot> taken = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            taken.add(pool.take());
        }
        return taken;
    }

    /** What the watchdog's sweep does: checks every slot, then trims the pool. */
    private void sweep() {
        long now = System.nanoTime();
        for (IoWatchdog.Swept s : swept) {
            s.expireIfDue(now);
        }
        pool.trim();
    }

    @Test
    void aSlotGivenBackIsTakenAgainFromItsCell() {
        DeadlineSlot first = pool.take();
        pool.giveBack(first);
        assertThat(pool.stackedCount()).as("in a cell, not the stack").isZero();
        assertThat(pool.take()).isSameAs(first);
        assertThat(swept).containsExactly(first);
    }

    @Test
    void slotsBeyondTheCellsGoToTheStackAndAreAllTakenAgain() {
        int n = SlotPool.CELLS + 24;
        List<DeadlineSlot> burst = take(n);
        assertThat(new HashSet<>(burst)).as("each call its own slot").hasSize(n);
        burst.forEach(pool::giveBack);
        assertThat(pool.freeCount()).isEqualTo(n);
        assertThat(pool.stackedCount()).isEqualTo(24);

        List<DeadlineSlot> again = take(n);
        assertThat(new HashSet<>(again)).as("the same slots, none made").isEqualTo(new HashSet<>(burst));
        assertThat(swept).hasSize(n);
        assertThat(pool.freeCount()).isZero();
    }

    @Test
    void freeSlotsUnusedForEnoughSweepsAreRetiredFromCellsAndStack() {
        List<DeadlineSlot> burst = take(SlotPool.CELLS + 24);
        burst.forEach(pool::giveBack);
        for (int i = 0; i < RETIRE_AFTER; i++) {
            assertThat(swept).as("not before %d sweeps", RETIRE_AFTER).hasSize(burst.size());
            sweep();
        }
        sweep();
        assertThat(swept).isEmpty();
        assertThat(pool.freeCount()).isZero();
        DeadlineSlot next = pool.take();
        assertThat(burst).doesNotContain(next);
        assertThat(swept).containsExactly(next);
    }

    @Test
    void aSlotInUseIsNeverRetiredAndOneUsedBetweenSweepsStays() {
        DeadlineSlot held = pool.take();
        held.arm(System.nanoTime() + 60_000_000_000L, null);
        DeadlineSlot busy = pool.take();
        pool.giveBack(busy);
        for (int i = 0; i < RETIRE_AFTER + 2; i++) {
            DeadlineSlot s = pool.take();
            assertThat(s).isSameAs(busy);
            s.arm(System.nanoTime() + 60_000_000_000L, null);
            s.end();
            pool.giveBack(s);
            sweep();
        }
        assertThat(swept).containsExactlyInAnyOrder(held, busy);
        held.end();
    }
}
