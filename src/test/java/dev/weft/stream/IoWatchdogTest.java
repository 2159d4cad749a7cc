package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The lock-free deadline timer: what fires, what does not, and that its thread wakes when it must. */
class IoWatchdogTest {
    private static final Duration BOUND = Duration.ofSeconds(10);
    private final IoWatchdog watchdog = new IoWatchdog();

    @AfterEach
    void close() {
        watchdog.close();
    }

    /**
     * Arms {@code timeout} on a new thread that then blocks (sleeps) for a minute; completes with
     * what disarm() said once the sleep ended, and whether an interrupt was left behind.
     */
    private CompletableFuture<String> blockedCall(Duration timeout) {
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            IoWatchdog.Armed armed = watchdog.arm(timeout);
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
        assertThat(blockedCall(Duration.ofMillis(20)).get(BOUND.toSeconds(), TimeUnit.SECONDS))
                .isEqualTo("cut, disarm says fired=true, interrupt left=false");
    }

    @Test
    void aDeadlineDisarmedInTimeNeverFires() throws Exception {
        IoWatchdog.Armed armed = watchdog.arm(Duration.ofMillis(20));
        assertThat(armed.disarm()).isFalse();
        // the timer drops it when it drains it (or pops it when due): nothing is held then
        await().atMost(BOUND).until(() -> watchdog.held() == 0);
        Thread.sleep(100); // past the deadline: no interrupt may arrive
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aDeadlineArmedWhileTheTimerSleepsWithNothingToDoStillFires() throws Exception {
        // nothing armed, no periodic task: the timer thread parks until an arm() wakes it
        await().atMost(BOUND).until(() -> watchdog.held() == 0);
        Thread.sleep(50);
        assertThat(blockedCall(Duration.ofMillis(20)).get(BOUND.toSeconds(), TimeUnit.SECONDS))
                .startsWith("cut");
    }

    @Test
    void anEarlierDeadlineArmedWhileTheTimerSleepsUntilALaterOneFiresFirst() throws Exception {
        CompletableFuture<String> late = blockedCall(Duration.ofMinutes(5));
        // drained: the timer now sleeps until the five-minute deadline, unless an arm() wakes it
        await().atMost(BOUND).until(() -> watchdog.held() == 1);
        Thread.sleep(50);
        assertThat(blockedCall(Duration.ofMillis(20)).get(BOUND.toSeconds(), TimeUnit.SECONDS))
                .startsWith("cut");
        assertThat(late).isNotDone();
    }

    @Test
    void disarmedDeadlinesAreSweptOutOfTheHeap() throws Exception {
        List<IoWatchdog.Armed> armed = new ArrayList<>();
        CountDownLatch done = new CountDownLatch(1);
        Thread owner = Thread.ofVirtual().start(() -> {
            for (int i = 0; i < 10_000; i++) {
                armed.add(watchdog.arm(Duration.ofMinutes(5)));
            }
            await().atMost(BOUND).until(() -> watchdog.held() == 10_000);
            armed.forEach(IoWatchdog.Armed::disarm);
            watchdog.arm(Duration.ofMinutes(5)); // wakes the timer, which sweeps the heap
            done.countDown();
        });
        assertThat(done.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue();
        await().atMost(BOUND).until(() -> watchdog.held() == 1);
        owner.join();
    }

    @Test
    void periodicTasksRunUntilOneThrows() {
        AtomicInteger steady = new AtomicInteger();
        AtomicInteger failing = new AtomicInteger();
        watchdog.every(Duration.ofMillis(5), steady::incrementAndGet);
        watchdog.every(Duration.ofMillis(5), () -> {
            failing.incrementAndGet();
            throw new IllegalStateException("planned failure of a periodic task");
        });
        await().atMost(BOUND).until(() -> steady.get() >= 5);
        assertThat(failing.get()).isEqualTo(1);
    }
}
