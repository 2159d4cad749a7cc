package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** The deadline timer: what fires, what does not, and that a failing beforeInterrupt still cuts. */
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
        CompletableFuture<String> result = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> {
            IoWatchdog.Armed armed = watchdog.arm(timeout, beforeInterrupt);
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
}
