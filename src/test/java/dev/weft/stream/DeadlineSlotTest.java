package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

/**
 * A slot's deadlines as the sweep sees them, with the sweep's clock given: only a running
 * deadline that is due fires, never a later one that reused the slot.
 */
class DeadlineSlotTest {
    private final DeadlineSlot slot = new DeadlineSlot();

    @Test
    void aDeadlineNotYetDueIsLeftAlone() {
        slot.arm(1_000, null);
        slot.expireIfDue(999);
        assertThat(slot.end()).as("not fired").isFalse();
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aDueDeadlineRunsItsBeforeInterruptThenInterrupts() {
        boolean[] before = new boolean[1];
        slot.arm(1_000, () -> before[0] = true);
        slot.expireIfDue(1_000);
        assertThat(before[0]).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).as("interrupted").isTrue();
        assertThat(slot.finished()).as("cut and not yet ended, its thread alive").isFalse();
        assertThat(slot.end()).as("fired").isTrue();
        assertThat(Thread.currentThread().isInterrupted()).as("end cleared the interrupt").isFalse();
    }

    @Test
    void aSweepOfAnEndedDeadlineLeavesTheNextOneAlone() {
        slot.arm(1_000, null);
        assertThat(slot.end()).isFalse();
        long second = slot.arm(5_000, null);
        slot.expireIfDue(2_000); // past the first deadline, not the second
        assertThat(slot.isWaiting(second)).as("the second deadline still runs").isTrue();
        assertThat(Thread.interrupted()).isFalse();
        assertThat(slot.end()).isFalse();
    }

    @Test
    void aDeadlineAtAMarkerValueStillWorks() {
        long token = slot.arm(Long.MIN_VALUE, null); // IDLE's value: moved by 3 ns
        assertThat(slot.isWaiting(token)).isTrue();
        slot.expireIfDue(Long.MIN_VALUE + 3);
        assertThat(slot.end()).isTrue();
    }

    @Test
    void aSlotIsFinishedOnlyOnceItsDeadlineFiredUnendedAndItsThreadIsGone() throws Exception {
        assertThat(slot.finished()).as("free").isFalse();
        slot.arm(1_000, null);
        assertThat(slot.finished()).as("armed, its thread alive").isFalse();
        slot.end();
        DeadlineSlot abandoned = new DeadlineSlot();
        boolean[] cleanedUp = new boolean[1];
        Thread.ofVirtual().start(() -> abandoned.arm(1_000, () -> cleanedUp[0] = true)).join();
        assertThat(abandoned.finished()).as("armed, never ended, its thread gone: not yet fired").isFalse();
        assertThat(abandoned.expireIfDue(1_000)).as("it still fires").isTrue();
        assertThat(cleanedUp[0]).as("its beforeInterrupt ran").isTrue();
        assertThat(abandoned.finished()).as("fired, never ended, its thread gone").isTrue();
    }

    @Test
    void theSweepCountsOnlySweepsThatFindTheSlotFreeAndUnused() {
        slot.expireIfDue(0);
        slot.expireIfDue(0);
        assertThat(slot.unusedSweeps()).isEqualTo(2);
        slot.arm(1_000, null);
        slot.end();
        slot.expireIfDue(0);
        assertThat(slot.unusedSweeps()).as("used since the last sweep").isZero();
        slot.expireIfDue(0);
        assertThat(slot.unusedSweeps()).isEqualTo(1);
        slot.arm(1_000, null);
        slot.expireIfDue(0);
        assertThat(slot.unusedSweeps()).as("in use").isZero();
        slot.end();
    }
}
