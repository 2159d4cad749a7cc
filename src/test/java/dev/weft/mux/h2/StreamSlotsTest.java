package dev.weft.mux.h2;

import org.junit.jupiter.api.Test;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class StreamSlotsTest {

    @Test
    void neverHandsOutMoreSlotsThanTheLimitUnderConcurrentAttachAndDetach() throws Exception {
        StreamSlots slots = new StreamSlots(3);
        AtomicInteger inUse = new AtomicInteger();
        AtomicInteger maxSeen = new AtomicInteger();
        AtomicInteger granted = new AtomicInteger();
        CountDownLatch start = new CountDownLatch(1);
        List<Future<?>> done = new ArrayList<>();
        try (ExecutorService threads = Executors.newFixedThreadPool(8)) {
            for (int t = 0; t < 8; t++) {
                done.add(threads.submit(() -> {
                    start.await();
                    for (int i = 0; i < 20_000; i++) {
                        if (slots.tryAcquire()) {
                            granted.incrementAndGet();
                            maxSeen.accumulateAndGet(inUse.incrementAndGet(), Math::max);
                            inUse.decrementAndGet();
                            slots.release();
                        }
                    }
                    return null;
                }));
            }
            start.countDown();
            for (Future<?> f : done) {
                f.get();
            }
        }
        assertThat(maxSeen.get()).isBetween(1, 3);
        assertThat(granted.get()).isPositive();
        assertThat(slots.used()).isZero();
        assertThat(slots.available()).isEqualTo(3);
    }

    @Test
    void refusesPastTheLimitAndAgainAfterARelease() {
        StreamSlots slots = new StreamSlots(2);
        assertThat(slots.tryAcquire()).isTrue();
        assertThat(slots.tryAcquire()).isTrue();
        assertThat(slots.tryAcquire()).isFalse();
        assertThat(slots.release()).isEqualTo(1);
        assertThat(slots.tryAcquire()).isTrue();
    }

    @Test
    void aLowerLimitFromSettingsStopsNewStreamsUntilEnoughEnd() {
        StreamSlots slots = new StreamSlots(4);
        for (int i = 0; i < 4; i++) {
            assertThat(slots.tryAcquire()).isTrue();
        }
        slots.limit(2);
        slots.release();
        slots.release();
        assertThat(slots.tryAcquire()).isFalse();
        slots.release();
        assertThat(slots.tryAcquire()).isTrue();
    }

    @Test
    void retiresOnlyWhenUnusedAndThenNeverReservesAgain() {
        StreamSlots slots = new StreamSlots(2);
        assertThat(slots.tryAcquire()).isTrue();
        assertThat(slots.retireIfUnused()).isFalse();
        assertThat(slots.release()).isZero();
        assertThat(slots.retireIfUnused()).isTrue();
        assertThat(slots.tryAcquire()).isFalse();
        assertThat(slots.forceAcquire()).isFalse();
        assertThat(slots.available()).isZero();
    }

    @Test
    void anIdleConnectionIsReservedOnlyByOneTakeFromTheIdleList() {
        StreamSlots slots = new StreamSlots(4);
        assertThat(slots.forceAcquire()).isTrue();
        assertThat(slots.release()).isZero();
        assertThat(slots.listIdle()).isTrue();
        assertThat(slots.tryAcquire()).as("a stream that found it still shared").isFalse();
        assertThat(slots.forceAcquire()).isFalse();
        assertThat(slots.available()).isEqualTo(4);
        assertThat(slots.used()).isZero();
        assertThat(slots.tryTakeIdle()).isTrue();
        assertThat(slots.tryTakeIdle()).as("taken already").isFalse();
        assertThat(slots.used()).isEqualTo(1);
        assertThat(slots.tryAcquire()).as("in use: shared again").isTrue();
        assertThat(slots.listIdle()).as("in use").isFalse();
        slots.release();
        assertThat(slots.release()).isZero();
        assertThat(slots.listIdle()).as("unused again").isTrue();
    }

    @Test
    void aSlotReservedAfterTheLastStreamEndedKeepsTheConnectionOutOfTheIdleList() {
        StreamSlots slots = new StreamSlots(4);
        assertThat(slots.tryAcquire()).isTrue();
        assertThat(slots.release()).isZero();
        assertThat(slots.tryAcquire()).as("reserved before the pool lists it").isTrue();
        assertThat(slots.listIdle()).isFalse();
        assertThat(slots.tryTakeIdle()).isFalse();
        assertThat(slots.used()).isEqualTo(1);
    }

    @Test
    void anIdleConnectionRetiresAndIsNeverTaken() {
        StreamSlots slots = new StreamSlots(4);
        assertThat(slots.listIdle()).isTrue();
        assertThat(slots.retireIfUnused()).isTrue();
        assertThat(slots.tryTakeIdle()).isFalse();
        assertThat(slots.listIdle()).isFalse();
        assertThat(slots.available()).isZero();
    }

    @Test
    void anIdleConnectionIsNotTakenWhileTheServerAllowsNoStream() {
        StreamSlots slots = new StreamSlots(4);
        assertThat(slots.listIdle()).isTrue();
        slots.limit(0);
        assertThat(slots.tryTakeIdle()).isFalse();
        slots.limit(1);
        assertThat(slots.tryTakeIdle()).isTrue();
    }

    @Test
    void oneOfManyStreamsTakingAnIdleConnectionAtOnceGetsIt() throws Exception {
        for (int round = 0; round < 200; round++) {
            StreamSlots slots = new StreamSlots(100);
            assertThat(slots.listIdle()).isTrue();
            AtomicInteger winners = new AtomicInteger();
            CountDownLatch start = new CountDownLatch(1);
            List<Thread> threads = new ArrayList<>();
            for (int t = 0; t < 4; t++) {
                threads.add(Thread.ofPlatform().start(() -> {
                    try {
                        start.await();
                    } catch (InterruptedException e) {
                        return;
                    }
                    if (slots.tryTakeIdle()) {
                        winners.incrementAndGet();
                    }
                }));
            }
            start.countDown();
            for (Thread t : threads) {
                t.join();
            }
            assertThat(winners.get()).isEqualTo(1);
            assertThat(slots.used()).isEqualTo(1);
        }
    }

    @Test
    void theOpenerSlotIsTakenWhateverTheLimit() {
        StreamSlots slots = new StreamSlots(0);
        assertThat(slots.tryAcquire()).isFalse();
        assertThat(slots.forceAcquire()).isTrue();
        assertThat(slots.used()).isEqualTo(1);
    }

    @Test
    void aDoubleReleaseIsABug() {
        StreamSlots slots = new StreamSlots(1);
        assertThatThrownBy(slots::release).isInstanceOf(IllegalStateException.class);
    }
}
