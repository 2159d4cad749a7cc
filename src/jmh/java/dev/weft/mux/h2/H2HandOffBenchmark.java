package dev.weft.mux.h2;

import dev.weft.stream.IoWatchdog;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.frames.DataFrame;
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
 * The HTTP/2 hand-off per DATA frame on the stream's thread: pull the queued data from the
 * source, copy its bytes out, release it (the path when data is there before the consumer asks:
 * no park, no demand). One 16 KiB frame per operation.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class H2HandOffBenchmark {
    private static final long TIMEOUT = TimeUnit.SECONDS.toNanos(30);

    private final ByteBuffer payload = ByteBuffer.allocate(16 * 1024);
    private final ByteBuffer into = ByteBuffer.allocate(16 * 1024);
    private H2DataBridge bridge;

    /** Always has one frame ready, as a fast server would. */
    private final class ReadySource implements H2DataBridge.DataSource {
        public Stream.Data readData() {
            return new Stream.Data(new DataFrame(1, payload.duplicate(), false)) {
                @Override
                public boolean release() {
                    return true;
                }
            };
        }

        public void demand() {
            bridge.dataAvailable();
        }
    }

    private IoWatchdog watchdog;

    @Setup
    public void setUp() {
        watchdog = new IoWatchdog();
        bridge = new H2DataBridge(watchdog, new ReadySource());
    }

    @TearDown
    public void tearDown() {
        watchdog.close();
    }

    @Benchmark
    public int readOneFrame() throws Exception {
        into.clear();
        return bridge.read(into, TIMEOUT);
    }
}
