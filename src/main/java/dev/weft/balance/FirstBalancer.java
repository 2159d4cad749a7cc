package dev.weft.balance;

import dev.weft.backend.Server;

import java.util.List;
import java.util.Set;

/**
 * {@code first}: the first usable server in file order that still has a free slot under its
 * {@code maxconn}; when all are full, the first usable one (the stream then queues there).
 * Thread-safe (reads live counters).
 */
public final class FirstBalancer implements Balancer {
    private final List<Server> servers;

    public FirstBalancer(List<Server> servers) {
        this.servers = List.copyOf(servers);
    }

    @Override
    public Server choose(Set<Server> avoid) {
        Server firstUsable = null;
        for (Server s : servers) {
            if (!s.usable() || s.config().backup() || avoid.contains(s)) {
                continue;
            }
            if (firstUsable == null) {
                firstUsable = s;
            }
            int max = s.config().maxconn();
            if (max == 0 || s.currentStreams() < max) {
                return s;
            }
        }
        return firstUsable != null ? firstUsable : Backups.first(servers, avoid);
    }
}
