package dev.weft.balance;

import dev.weft.backend.Server;

import java.util.List;
import java.util.Set;

/**
 * Smooth weighted round robin (nginx's algorithm; HAProxy's {@code roundrobin} gives the same
 * interleaving): each pick adds every server's weight to its running score, takes the highest,
 * and subtracts the total from the winner. Weights 5,1,1 give a a b a c a a, never a burst of
 * five. Thread-safe: picks are serialized on a short lock with no I/O under it.
 */
public final class RoundRobinBalancer implements Balancer {
    private final List<Server> servers;
    private final int[] current;

    public RoundRobinBalancer(List<Server> servers) {
        this.servers = List.copyOf(servers);
        this.current = new int[servers.size()];
    }

    @Override
    public synchronized Server choose(Set<Server> avoid) {
        int best = -1;
        int total = 0;
        for (int i = 0; i < servers.size(); i++) {
            Server s = servers.get(i);
            if (!s.usable() || s.config().backup() || avoid.contains(s)) {
                continue;
            }
            current[i] += s.weight();
            total += s.weight();
            if (best < 0 || current[i] > current[best]) {
                best = i;
            }
        }
        if (best < 0) {
            return Backups.first(servers, avoid);
        }
        current[best] -= total;
        return servers.get(best);
    }
}
