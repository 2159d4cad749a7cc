package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class InterruptibleWaitTest {

    /** Blocks the current thread up to 10 s; returns whether an interrupt ended the block. */
    private static boolean blocksUntilInterrupted() {
        try {
            new CountDownLatch(1).await(10, TimeUnit.SECONDS);
            return false;
        } catch (InterruptedException e) {
            return true;
        }
    }

    @Test
    void aWaitEndedInTimeIsNotCutAndLeavesNoInterrupt() {
        InterruptibleWait wait = new InterruptibleWait(Thread.currentThread());
        wait.begin();
        assertThat(wait.end()).isFalse();
        assertThat(wait.cut(null)).as("nothing to cut once ended").isFalse();
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aWaitCutByAnotherThreadEndsItsBlockingCallAndEndClearsTheInterrupt() throws Exception {
        InterruptibleWait wait = new InterruptibleWait(Thread.currentThread());
        boolean[] before = new boolean[1];
        wait.begin();
        Thread.ofPlatform().start(() -> wait.cut(() -> before[0] = true));
        assertThat(blocksUntilInterrupted()).as("the blocking call was cut short").isTrue();
        assertThat(wait.end()).as("end says it was cut").isTrue();
        assertThat(before[0]).as("beforeInterrupt ran first").isTrue();
        assertThat(Thread.currentThread().isInterrupted()).as("no stale interrupt").isFalse();
        assertThat(wait.end()).as("ending again: nothing running").isFalse();
    }

    /* A beforeInterrupt that throws (say, a 408 that cannot be written) still cuts the wait. */
    @Test
    void aCutWhoseBeforeInterruptThrowsStillInterruptsAndEndDoesNotSpin() throws Exception {
        InterruptibleWait wait = new InterruptibleWait(Thread.currentThread());
        RuntimeException[] thrown = new RuntimeException[1];
        wait.begin();
        Thread cutter = Thread.ofPlatform().start(() -> {
            try {
                wait.cut(() -> {
                    throw new IllegalStateException("planned failure of beforeInterrupt");
                });
            } catch (IllegalStateException e) {
                thrown[0] = e;
            }
        });
        assertThat(blocksUntilInterrupted()).as("the blocking call was cut short").isTrue();
        assertThat(wait.end()).as("end returns: the state reached FIRED").isTrue();
        cutter.join();
        assertThat(thrown[0]).as("the failure reached the cutter").isNotNull();
    }

    @Test
    void aCutWhileNotWaitingDoesNothing() {
        InterruptibleWait wait = new InterruptibleWait(Thread.currentThread());
        assertThat(wait.cut(null)).isFalse();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        wait.begin();
        assertThat(wait.isWaiting()).isTrue();
        assertThat(wait.end()).isFalse();
    }

    /* The race the token closes: a cutter read wait 1's token; the thread ended it and began wait 2. */
    @Test
    void aCutForAnEndedWaitsTokenLeavesTheNextWaitAlone() {
        InterruptibleWait wait = new InterruptibleWait();
        wait.begin(Thread.currentThread(), 1_000);
        long seen = wait.current();
        assertThat(wait.end()).isFalse();
        wait.begin(Thread.currentThread(), 5_000);
        assertThat(wait.cutIf(seen, null)).isFalse();
        assertThat(wait.isWaiting(5_000)).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        assertThat(wait.cutIf(5_000, null)).isTrue();
        assertThat(wait.isFired()).isTrue();
        assertThat(wait.end()).isTrue();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void aTokenNeverCollidesWithTheMarkers() {
        assertThat(InterruptibleWait.isToken(InterruptibleWait.token(Long.MIN_VALUE))).isTrue();
        assertThat(InterruptibleWait.isToken(InterruptibleWait.token(Long.MIN_VALUE + 2))).isTrue();
        assertThat(InterruptibleWait.token(0)).isZero();
    }
}
