package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

class YieldGateTest {
    private static final long PERIOD = 10_000_000L;

    @Test
    void everyCallerMayYieldDuringAPeriod() {
        YieldGate gate = new YieldGate(PERIOD, 0);
        assertThat(gate.enter(0)).isTrue();
        assertThat(gate.enter(PERIOD - 1)).isTrue();
        assertThat(gate.yielding()).isEqualTo(2);
        gate.exit();
        gate.exit();
        assertThat(gate.yielding()).isZero();
    }

    @Test
    void afterThePeriodNoOneYieldsUntilTheYieldersHaveComeBack() {
        YieldGate gate = new YieldGate(PERIOD, 0);
        assertThat(gate.enter(1)).isTrue();
        assertThat(gate.enter(2)).isTrue();
        assertThat(gate.enter(PERIOD)).isFalse();
        gate.exit();
        assertThat(gate.enter(PERIOD + 1)).isFalse(); // one yielder still queued
        gate.exit();
        // Drained: the first caller starts the next period without yielding, the next yields.
        assertThat(gate.enter(PERIOD + 2)).isFalse();
        assertThat(gate.enter(PERIOD + 3)).isTrue();
        assertThat(gate.enter(2 * PERIOD + 1)).isTrue(); // the new period began at PERIOD + 2
        assertThat(gate.enter(2 * PERIOD + 2)).isFalse();
    }

    @Test
    void aPeriodWithNoYielderEndsAtTheFirstCallAfterIt() {
        YieldGate gate = new YieldGate(PERIOD, 0);
        assertThat(gate.enter(5 * PERIOD)).isFalse();
        assertThat(gate.enter(5 * PERIOD + 1)).isTrue();
    }

    @Test
    void yieldIfOpenLeavesNoYielderBehind() {
        YieldGate gate = new YieldGate(PERIOD, System.nanoTime());
        assertThat(gate.yieldIfOpen(System.nanoTime())).isTrue();
        assertThat(gate.yielding()).isZero();
        assertThat(gate.enter(System.nanoTime() + PERIOD)).isFalse(); // drained: a new period
        assertThat(gate.yielding()).isZero();
    }

    @Test
    void thePeriodMustBePositive() {
        assertThatThrownBy(() -> new YieldGate(0, 0)).isInstanceOf(IllegalArgumentException.class);
    }

    /*
     * The defect the gate exists for, on the JDK itself: with one carrier, threads that keep
     * yielding starve a reader whose data has arrived (the control), and do not with the gate.
     * If the control ever wakes, the JDK no longer runs its own queue dry first and the gate may
     * be unnecessary.
     */
    @Test
    void yieldingThreadsStarveAReaderOnOneCarrier() throws Exception {
        assertThat(probe("plain")).isEqualTo("starved");
    }

    @Test
    void throughTheGateTheyDoNot() throws Exception {
        assertThat(probe("gate")).isEqualTo("woke");
    }

    private static String probe(String mode) throws IOException, InterruptedException {
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Process p = new ProcessBuilder(List.of(java,
                "-Djdk.virtualThreadScheduler.parallelism=1",
                "-Djdk.virtualThreadScheduler.maxPoolSize=1",
                "-cp", System.getProperty("java.class.path"),
                YieldStarvationProbe.class.getName(), mode))
                .redirectError(ProcessBuilder.Redirect.INHERIT)
                .start();
        try (InputStream in = p.getInputStream()) {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("probe did not end");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }
}
