package dev.weft.mux.h2;

import dev.weft.stream.IoWatchdog;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

import java.nio.ByteBuffer;
import java.util.concurrent.TimeUnit;

/**
 * The HTTP/2 hand-off per DATA frame: the session's reader queues a copy of the frame's bytes
 * (as {@link H2Session} does), the stream's thread takes it, credits it and copies its bytes
 * out (the path when data is there before the consumer asks: no park). One 16 KiB frame per
 * operation, both sides on the benchmark's thread.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class H2HandOffBenchmark {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    private final ByteBuffer frame = ByteBuffer.allocate(16 * 1024);
    private final ByteBuffer into = ByteBuffer.allocate(16 * 1024);
    private long credited;
    private H2DataBridge bridge;
    private IoWatchdog watchdog;

    @Setup
    public void setUp() {
        watchdog = new IoWatchdog();
        bridge = new H2DataBridge(watchdog, (credit, open) -> credited += credit);
    }

    @TearDown
    public void tearDown() {
        watchdog.close();
    }

    @Benchmark
    public int handOneFrame() throws Exception {
        ByteBuffer d = frame.duplicate();
        byte[] copy = new byte[d.remaining()];
        d.get(copy);
        bridge.data(copy, copy.length);
        into.clear();
        return bridge.read(into, TIMEOUT);
    }
}
