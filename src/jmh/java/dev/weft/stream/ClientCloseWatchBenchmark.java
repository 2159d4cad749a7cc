package dev.weft.stream;

import java.lang.reflect.Proxy;
import java.util.concurrent.TimeUnit;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.TearDown;

/**
 * The client-close watch of one proxied request on the keep-alive path: two short waits
 * (connection from the pool, response head), as StreamTask marks them, then the stream's end.
 * No wait lasts long enough for the sweep to ask for a watcher.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ClientCloseWatchBenchmark {
    private IoWatchdog watchdog;
    /** Never called here: the waits are shorter than the sweep's period. */
    private final ClientExchange client = (ClientExchange) Proxy.newProxyInstance(ClientExchange.class.getClassLoader(),
            new Class<?>[] {ClientExchange.class}, (proxy, method, args) -> {
                throw new UnsupportedOperationException(method.getName());
            });

    @Setup
    public void setUp() {
        watchdog = new IoWatchdog();
    }

    @TearDown
    public void tearDown() {
        watchdog.close();
    }

    @Benchmark
    public ClientCloseWatch oneStreamsWaits() {
        ClientCloseWatch watch = new ClientCloseWatch(client, watchdog);
        watch.begin('C');
        watch.end();
        watch.begin('H');
        watch.end();
        watch.close();
        return watch;
    }
}
