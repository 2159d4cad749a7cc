package dev.weft.backend;

import dev.weft.balance.Balancer;
import dev.weft.balance.FirstBalancer;
import dev.weft.balance.LeastConnBalancer;
import dev.weft.balance.RoundRobinBalancer;
import dev.weft.config.BackendConfig;
import dev.weft.config.ServerConfig;
import dev.weft.config.WeftConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Every backend of the process, built from the configuration, and the purge thread that closes
 * connections idle past the purge delay and trims each pool to its estimated need. Thread-safe;
 * closed once at shutdown.
 */
public final class Backends implements AutoCloseable {
    /** Idle connections older than this are closed (HAProxy's {@code pool-purge-delay}, 5s). */
    static final Duration PURGE_DELAY = Duration.ofSeconds(5);
    /** The most idle connections one server keeps. */
    static final int MAX_IDLE_PER_SERVER = 1024;

    private final Map<String, Backend> byName = new LinkedHashMap<>();
    private final Thread purger;

    public Backends(WeftConfig config) {
        for (BackendConfig bc : config.backends()) {
            List<Server> servers = new ArrayList<>();
            for (ServerConfig sc : bc.servers()) {
                servers.add(new Server(bc.name(), sc, new ConnectionPool(bc.httpReuse(), MAX_IDLE_PER_SERVER,
                        sc.proto() == ServerConfig.Proto.H2),
                        sc.proto() == ServerConfig.Proto.FCGI ? bc.fcgi().orElseThrow() : null));
            }
            byName.put(bc.name(), new Backend(bc, servers, balancer(bc.balance(), servers)));
        }
        purger = Thread.ofPlatform().daemon().name("weft-pool-purge").start(this::purgeLoop);
    }

    private static Balancer balancer(BackendConfig.Balance balance, List<Server> servers) {
        return switch (balance) {
            case ROUNDROBIN -> new RoundRobinBalancer(servers);
            case LEASTCONN -> new LeastConnBalancer(servers);
            case FIRST -> new FirstBalancer(servers);
        };
    }

    /** The backend called {@code name}; the loader has checked that every reference exists. */
    public Backend get(String name) {
        Backend b = byName.get(name);
        if (b == null) {
            throw new IllegalArgumentException("no backend '" + name + "'");
        }
        return b;
    }

    public Iterable<Backend> all() {
        return byName.values();
    }

    /**
     * Every second, closes the connections idle past the purge delay; every purge delay, trims
     * each pool to its estimated need (ConnectionPool.trim, HAProxy's pool-purge-delay task).
     */
    private void purgeLoop() {
        long delay = PURGE_DELAY.toNanos();
        long lastTrim = System.nanoTime();
        try {
            while (!Thread.currentThread().isInterrupted()) {
                Thread.sleep(1000);
                long now = System.nanoTime();
                boolean trim = now - lastTrim >= delay;
                if (trim) {
                    lastTrim = now;
                }
                for (Backend b : byName.values()) {
                    for (Server s : b.servers()) {
                        s.pool().purge(now, delay);
                        if (trim) {
                            s.pool().trim();
                        }
                    }
                }
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    /** Stops the purger and closes every idle connection. */
    @Override
    public void close() {
        purger.interrupt();
        for (Backend b : byName.values()) {
            for (Server s : b.servers()) {
                s.pool().closeIdle();
            }
        }
    }
}
