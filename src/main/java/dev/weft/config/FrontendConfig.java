package dev.weft.config;

import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * One {@code frontend.NAME.*} block.
 *
 * @param name           NAME
 * @param binds          {@code bind}: one or more addresses (required, non-empty)
 * @param protocols      {@code protocols}, default {@code h1,h2c}
 * @param defaultBackend {@code default-backend}: a backend that exists (checked by the loader)
 * @param routes         {@code route.N} sorted by ascending N
 * @param returns        {@code return}: answer every request locally; then routes and default-backend are not allowed
 * @param maxconn        {@code maxconn}; 0 means only {@code global.maxconn} applies
 * @param timeouts       resolved timeouts
 * @param h2MaxStreams   {@code h2.max-concurrent-streams}: streams one HTTP/2 client connection may
 *                       have open at once (SETTINGS_MAX_CONCURRENT_STREAMS), default 100
 */
public record FrontendConfig(String name, List<HostPort> binds, Set<FrontendProtocol> protocols,
                             Optional<String> defaultBackend, List<RouteConfig> routes,
                             Optional<ReturnConfig> returns, int maxconn, Timeouts timeouts,
                             int h2MaxStreams) {

    public FrontendConfig {
        binds = List.copyOf(binds);
        protocols = Set.copyOf(protocols);
        routes = List.copyOf(routes);
    }

    /** {@code frontend.NAME.protocols} values. */
    public enum FrontendProtocol { H1, H2C, H2 }
}
