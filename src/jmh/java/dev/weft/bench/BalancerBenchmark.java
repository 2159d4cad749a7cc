package dev.weft.bench;

import dev.weft.backend.ConnectionPool;
import dev.weft.backend.Server;
import dev.weft.balance.Balancer;
import dev.weft.balance.LeastConnBalancer;
import dev.weft.balance.RoundRobinBalancer;
import dev.weft.config.BackendConfig.HttpReuse;
import dev.weft.config.HostPort;
import dev.weft.config.ServerConfig;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.annotations.Threads;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;

/**
 * A balancer pick per stream, over the bench's three servers: round robin (smooth weighted,
 * synchronized) alone and with two threads contending, and leastconn.
 */
@State(Scope.Benchmark)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class BalancerBenchmark {
    private Balancer roundRobin;
    private Balancer leastConn;

    @Setup
    public void setUp() {
        List<Server> servers = new ArrayList<>();
        for (int i = 1; i <= 3; i++) {
            servers.add(new Server("app", new ServerConfig("o" + i, new HostPort("127.0.0.1", 19000 + i),
                    ServerConfig.Proto.H1, i, 0, false, false), new ConnectionPool(HttpReuse.SAFE, 8)));
        }
        roundRobin = new RoundRobinBalancer(servers);
        leastConn = new LeastConnBalancer(servers);
    }

    @Benchmark
    public Server roundRobinPick() {
        return roundRobin.choose(Set.of());
    }

    @Benchmark
    @Threads(2)
    public Server roundRobinPickTwoThreads() {
        return roundRobin.choose(Set.of());
    }

    @Benchmark
    public Server leastConnPick() {
        return leastConn.choose(Set.of());
    }
}
