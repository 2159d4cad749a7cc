package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.awaitility.Awaitility.await;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The deadline sweep: what fires, what does not, that a failing beforeInterrupt still cuts, that
 * a thread reuses one slot, that a deadline inside another gets its own, and what is forgotten.
 */
class IoWatchdogTest {
    private static final long BOUND_SECONDS = 10;
    private final IoWatchdog watchdog = new IoWatchdog();

    @AfterEach
    void close() {
        watchdog.close();
    }

    /**
     * Arms {@code timeout} on a new virtual thread that then sleeps a minute; completes with what
     * disarm() said once the sleep ended, and whether an interrupt was left behind.
     */
    private CompletableFuture<String> blockedCall(Duration timeout, Runnable beforeInterrupt) {
        return blockedCallOn(watchdog, timeout, beforeInterrupt);
    }

    private static CompletableFuture<String> blockedCallOn(IoWatchdog on, Duration timeout) {
        return blockedCallOn(on, timeout, null);
    }

    private static CompletableFuture<String> blockedCallOn(IoWatchdog on, Duration timeout, Runnable beforeInterrupt) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            IoWatchdog.Armed armed = on.arm(timeout, beforeInterrupt);
            try {
                Thread.sleep(Duration.ofMinutes(1));
                result.complete("slept to the end");
            } catch (InterruptedException e) {
                result.complete("cut, disarm says fired=" + armed.disarm()
                        + ", interrupt left=" + Thread.currentThread().isInterrupted());
            }
        });
        return result;
    }

    @Test
    void aDueDeadlineInterruptsTheBlockedCallAndLeavesNoInterrupt() throws Exception {
        assertThat(blockedCall(Duration.ofMillis(20), null).get(BOUND_SECONDS, TimeUnit.SECONDS))
                .isEqualTo("cut, disarm says fired=true, interrupt left=false");
    }

    @Test
    void aDeadlineDisarmedInTimeNeverFires() throws Exception {
        IoWatchdog.Armed armed = watchdog.arm(Duration.ofMillis(20));
        assertThat(armed.disarm()).isFalse();
        Thread.sleep(100); // past the deadline: no interrupt may arrive
        assertThat(Thread.interrupted()).isFalse();
    }

    /* A beforeInterrupt that throws: the call is cut all the same, and later deadlines still fire. */
    @Test
    void aDeadlineWhoseBeforeInterruptThrowsStillCutsTheCall() throws Exception {
        Runnable failing = () -> {
            throw new IllegalStateException("planned failure of a beforeInterrupt");
        };
        assertThat(blockedCall(Duration.ofMillis(20), failing).get(BOUND_SECONDS, TimeUnit.SECONDS))
                .isEqualTo("cut, disarm says fired=true, interrupt left=false");
        assertThat(blockedCall(Duration.ofMillis(20), null).get(BOUND_SECONDS, TimeUnit.SECONDS))
                .isEqualTo("cut, disarm says fired=true, interrupt left=false");
    }

    @Test
    void successiveDeadlinesReuseTheirSlots() throws Exception {
        Runnable hundredCalls = () -> {
            for (int i = 0; i < 100; i++) {
                assertThat(watchdog.arm(Duration.ofSeconds(30)).disarm()).isFalse();
            }
        };
        Thread.ofVirtual().start(hundredCalls).join();
        assertThat(watchdog.sweptCount()).as("one thread: one slot").isEqualTo(1);
        for (int t = 0; t < 10; t++) {
            Thread.ofVirtual().start(hundredCalls).join();
        }
        // one call at a time: at most one slot per stripe of the pool, every one free
        assertThat(watchdog.sweptCount()).isLessThanOrEqualTo(Runtime.getRuntime().availableProcessors() * 4);
        assertThat(watchdog.freeSlots()).isEqualTo(watchdog.sweptCount());
    }

    /* A call bounded inside another (say a queue wait under a longer wait): each fires on its own. */
    @Test
    void aDeadlineInsideAnotherFiresOnItsOwn() throws Exception {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            IoWatchdog.Armed outer = watchdog.arm(Duration.ofSeconds(30));
            IoWatchdog.Armed inner = watchdog.arm(Duration.ofMillis(20));
            String what;
            try {
                Thread.sleep(Duration.ofMinutes(1));
                what = "slept to the end";
            } catch (InterruptedException e) {
                what = "inner fired=" + inner.disarm() + ", outer waiting=" + outer.isWaiting()
                        + ", outer fired=" + outer.disarm() + ", again=" + inner.disarm();
            }
            result.complete(what);
        });
        assertThat(result.get(BOUND_SECONDS, TimeUnit.SECONDS))
                .isEqualTo("inner fired=true, outer waiting=true, outer fired=false, again=true");
        assertThat(watchdog.freeSlots()).as("both slots back, once each").isEqualTo(2);
    }

    /* A deadline that fired and was never disarmed (its caller gave up): the slot is forgotten. */
    @Test
    void aSlotNeverDisarmedIsForgottenOnceItsThreadEnds() throws Exception {
        CompletableFuture<Void> cut = new CompletableFuture<>();
        Thread t = Thread.ofVirtual().start(() -> {
            watchdog.arm(Duration.ofMillis(20));
            try {
                Thread.sleep(Duration.ofMinutes(1));
            } catch (InterruptedException e) {
                cut.complete(null); // and ends without disarm()
            }
        });
        cut.get(BOUND_SECONDS, TimeUnit.SECONDS);
        t.join();
        await().atMost(Duration.ofSeconds(BOUND_SECONDS)).until(() -> watchdog.sweptCount() == 0);
        assertThat(watchdog.freeSlots()).isZero();
    }

    /* What watch() adds is checked until it says it is finished; one that throws stops nothing. */
    @Test
    void aWatchedThingIsCheckedUntilFinishedAndAFailingOneStopsNothing() throws Exception {
        java.util.concurrent.atomic.AtomicInteger checks = new java.util.concurrent.atomic.AtomicInteger();
        watchdog.watch(new IoWatchdog.Swept() {
            @Override
            public boolean expireIfDue(long now) {
                checks.incrementAndGet();
                throw new IllegalStateException("planned failure of a swept thing");
            }

            @Override
            public boolean finished() {
                return checks.get() >= 3;
            }
        });
        await().atMost(Duration.ofSeconds(BOUND_SECONDS)).until(() -> watchdog.sweptCount() == 0);
        assertThat(checks.get()).isEqualTo(3);
        assertThat(blockedCall(Duration.ofMillis(20), null).get(BOUND_SECONDS, TimeUnit.SECONDS))
                .as("deadlines still fire").isEqualTo("cut, disarm says fired=true, interrupt left=false");
    }

    /* A connection that sent a request line and closed: its thread is gone, the 408 cleanup must still run. */
    @Test
    void aDeadlineWhoseThreadEndedWithoutDisarmingStillFires() throws Exception {
        CompletableFuture<String> cleanedUp = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> watchdog.arm(Duration.ofMillis(20), () -> cleanedUp.complete("ran"))).join();
        assertThat(cleanedUp.get(BOUND_SECONDS, TimeUnit.SECONDS)).isEqualTo("ran");
        await().atMost(Duration.ofSeconds(BOUND_SECONDS)).until(() -> watchdog.sweptCount() == 0);
    }

    /* A burst of calls armed at once leaves slots behind; unused, they are retired. */
    @Test
    void slotsLeftOverByABurstAreRetiredAndArmingGoesOn() throws Exception {
        try (IoWatchdog quick = new IoWatchdog(Duration.ofMillis(10), 3)) {
            int burst = 50;
            java.util.concurrent.CountDownLatch armed = new java.util.concurrent.CountDownLatch(burst);
            java.util.concurrent.CountDownLatch release = new java.util.concurrent.CountDownLatch(1);
            java.util.List<Thread> threads = new java.util.ArrayList<>();
            for (int i = 0; i < burst; i++) {
                threads.add(Thread.ofVirtual().start(() -> {
                    IoWatchdog.Armed a = quick.arm(Duration.ofSeconds(30));
                    armed.countDown();
                    try {
                        release.await();
                    } catch (InterruptedException e) {
                        Thread.currentThread().interrupt();
                    }
                    a.disarm();
                }));
            }
            armed.await();
            assertThat(quick.sweptCount()).isEqualTo(burst);
            release.countDown();
            for (Thread t : threads) {
                t.join();
            }
            await().atMost(Duration.ofSeconds(BOUND_SECONDS)).until(() -> quick.sweptCount() == 0);
            assertThat(quick.freeSlots()).isZero();
            assertThat(blockedCallOn(quick, Duration.ofMillis(20)).get(BOUND_SECONDS, TimeUnit.SECONDS))
                    .isEqualTo("cut, disarm says fired=true, interrupt left=false");
        }
    }
}
