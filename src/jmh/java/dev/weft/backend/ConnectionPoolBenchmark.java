package dev.weft.backend;

import dev.weft.config.BackendConfig.HttpReuse;
import dev.weft.config.HostPort;
import dev.weft.config.ServerConfig;
import dev.weft.mux.Mux;
import dev.weft.mux.MuxProtocol;
import dev.weft.mux.MuxStream;
import dev.weft.stream.ConnStream;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.util.concurrent.TimeUnit;

/**
 * Taking an idle HTTP/1.1 connection from a server's pool and giving it back, once per proxied
 * request on a keep-alive path ({@code http-reuse always}), alone and with two threads sharing
 * the pool of 64 connections.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class ConnectionPoolBenchmark {
    private ConnectionPool pool;

    /** A mux that is always reusable and does nothing: the pool's bookkeeping alone is measured. */
    private static final class IdleMux implements Mux {
        public MuxProtocol protocol() { return MuxProtocol.H1; }
        public MuxStream attach(ConnStream owner) { throw new UnsupportedOperationException(); }
        public void detach(MuxStream stream) { }
        public int availableStreams() { return 1; }
        public int usedStreams() { return 0; }
        public boolean reusable() { return true; }
        public void close() { }
    }

    @Setup
    public void setUp() {
        pool = new ConnectionPool(HttpReuse.ALWAYS, 1024);
        Server server = new Server("app", new ServerConfig("s1", new HostPort("127.0.0.1", 19001),
                ServerConfig.Proto.H1, 1, 0, false, false), pool);
        for (int i = 0; i < 64; i++) {
            Connection c = new Connection(i, server, () -> { });
            pool.reserveUnder(Integer.MAX_VALUE); // counted open, as the Connector does
            c.mux(new IdleMux());
            c.release();
        }
    }

    @Benchmark
    public Connection takeAndRelease() {
        Connection c = pool.take(false);
        c.release();
        return c;
    }

    @Benchmark
    @Threads(2)
    public Connection takeAndReleaseTwoThreads() {
        Connection c = pool.take(false);
        if (c != null) {
            c.release();
        }
        return c;
    }
}
