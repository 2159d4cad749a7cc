package dev.weft.balance;

import dev.weft.backend.Server;

import java.util.List;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * {@code leastconn}: the usable server with the fewest current streams relative to its weight;
 * ties rotate so equal servers share the load. Thread-safe (reads live counters, no lock).
 */
public final class LeastConnBalancer implements Balancer {
    private final List<Server> servers;
    private final AtomicInteger rotor = new AtomicInteger();

    public LeastConnBalancer(List<Server> servers) {
        this.servers = List.copyOf(servers);
    }

    @Override
    public Server choose(Set<Server> avoid) {
        int n = servers.size();
        int start = Math.floorMod(rotor.getAndIncrement(), n);
        Server best = null;
        for (int k = 0; k < n; k++) {
            Server s = servers.get((start + k) % n);
            if (!s.usable() || s.config().backup() || avoid.contains(s)) {
                continue;
            }
            if (best == null || (long) s.currentStreams() * best.weight() < (long) best.currentStreams() * s.weight()) {
                best = s;
            }
        }
        return best != null ? best : Backups.first(servers, avoid);
    }
}
