package dev.weft.config;

import java.util.List;
import java.util.Optional;

/**
 * One {@code backend.NAME.*} block.
 *
 * @param name       NAME
 * @param balance    {@code balance}, default roundrobin
 * @param servers    {@code server.SNAME} in file order (at least one)
 * @param retry      {@code retries}, {@code redispatch}, {@code retry-on}
 * @param httpReuse  {@code http-reuse}, default safe
 * @param forwardfor {@code forwardfor}, default on
 * @param timeouts   resolved timeouts
 * @param fcgi       the {@code fcgi.*} keys; present when the backend has a {@code proto=fcgi} server
 */
public record BackendConfig(String name, Balance balance, List<ServerConfig> servers, RetryConfig retry,
                            HttpReuse httpReuse, boolean forwardfor, Timeouts timeouts, Optional<FcgiConfig> fcgi) {

    public BackendConfig {
        servers = List.copyOf(servers);
    }

    /** A backend without FastCGI servers. */
    public BackendConfig(String name, Balance balance, List<ServerConfig> servers, RetryConfig retry,
                         HttpReuse httpReuse, boolean forwardfor, Timeouts timeouts) {
        this(name, balance, servers, retry, httpReuse, forwardfor, timeouts, Optional.empty());
    }

    /** {@code backend.NAME.balance}; only the supported ones so far. */
    public enum Balance { ROUNDROBIN, LEASTCONN, FIRST }

    /** {@code http-reuse}, as HAProxy defines it. */
    public enum HttpReuse { NEVER, SAFE, AGGRESSIVE, ALWAYS }
}
