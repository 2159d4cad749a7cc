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
 * @param queue    where streams wait when every usable server is at its maxconn
 */
public record Backend(BackendConfig config, List<Server> servers, Balancer balancer, BackendQueue queue) {

    public Backend {
        servers = List.copyOf(servers);
    }

    /** A backend with a new, empty queue over {@code servers}. */
    public Backend(BackendConfig config, List<Server> servers, Balancer balancer) {
        this(config, servers, balancer, new BackendQueue(List.copyOf(servers)));
    }

    public String name() {
        return config.name();
    }
}
