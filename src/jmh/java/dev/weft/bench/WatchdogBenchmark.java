package dev.weft.bench;

import dev.weft.stream.IoWatchdog;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;
import org.openjdk.jmh.annotations.Threads;

import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * Arming and disarming a deadline, done around every blocking client read/write
 * ({@code timeout.client}), every server write ({@code timeout.server}) and every HTTP/1.1
 * request head ({@code timeout.http-request}): a few times per proxied request.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class WatchdogBenchmark {
    private static final Duration TIMEOUT = Duration.ofSeconds(30);
    private IoWatchdog watchdog;

    @Setup
    public void setUp() {
        watchdog = new IoWatchdog();
    }

    @TearDown
    public void tearDown() {
        watchdog.close();
    }

    @Benchmark
    public boolean armDisarm() {
        return watchdog.arm(TIMEOUT).disarm();
    }

    @Benchmark
    @Threads(2)
    public boolean armDisarmTwoThreads() {
        return watchdog.arm(TIMEOUT).disarm();
    }
}
