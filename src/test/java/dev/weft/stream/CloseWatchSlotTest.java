package dev.weft.stream;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

/** A pooled client-close watch slot counts the sweeps that find it free and unused, for the pool's trim. */
class CloseWatchSlotTest {

    @Test
    void countsSweepsThatFindItFreeAndUnusedAndStartsAgainWhenUsed() {
        try (IoWatchdog watchdog = new IoWatchdog()) {
            CloseWatchSlot slot = new CloseWatchSlot();
            long now = System.nanoTime();
            slot.expireIfDue(now);
            slot.expireIfDue(now);
            assertThat(slot.unusedSweeps()).isEqualTo(2);

            ClientCloseWatch w = new ClientCloseWatch(null, watchdog);
            slot.lend(w);
            assertThat(slot.expireIfDue(now)).as("no wait running").isFalse();
            assertThat(slot.unusedSweeps()).as("in use").isZero();
            slot.free();
            slot.expireIfDue(now);
            assertThat(slot.unusedSweeps()).as("used since the last sweep").isZero();
            slot.expireIfDue(now);
            assertThat(slot.unusedSweeps()).isEqualTo(1);
            assertThat(slot.finished()).isFalse();
        }
    }
}
