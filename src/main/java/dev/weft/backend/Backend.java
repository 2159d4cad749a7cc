package dev.weft.backend;

import dev.weft.balance.Balancer;
import dev.weft.config.BackendConfig;

import java.util.List;

/**
 * A named group of servers with its balancer and policies, at run time. Thread-safe: shared by
 * every stream routed to it.
 *
 * @param config   its configuration
 * @param servers  in file order
 * @param balancer picks a server among {@code servers}
 */
public record Backend(BackendConfig config, List<Server> servers, Balancer balancer) {

    public Backend {
        servers = List.copyOf(servers);
    }

    public String name() {
        return config.name();
    }
}
