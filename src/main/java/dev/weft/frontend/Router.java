package dev.weft.frontend;

import dev.weft.backend.Backend;
import dev.weft.config.Condition;
import dev.weft.http.RequestHead;

import java.util.List;

/**
 * Chooses a frontend's backend for a request: the routes in ascending order, first match wins,
 * then the default backend (HAProxy's {@code use_backend ... if ACL} / {@code default_backend}).
 * Immutable, thread-safe.
 */
final class Router {
    private final List<Route> routes;
    private final Backend defaultBackend;

    /** A compiled route. */
    record Route(Condition condition, Backend backend) {}

    /** @param defaultBackend may be null: unmatched requests then get 503 */
    Router(List<Route> routes, Backend defaultBackend) {
        this.routes = List.copyOf(routes);
        this.defaultBackend = defaultBackend;
    }

    /** Returns the backend for {@code head}, or null when nothing matches and there is no default. */
    Backend route(RequestHead head) {
        for (Route r : routes) {
            if (matches(r.condition(), head)) {
                return r.backend();
            }
        }
        return defaultBackend;
    }

    /** Evaluates one condition against the request head; see {@link Condition} for each atom's meaning. */
    static boolean matches(Condition c, RequestHead head) {
        return switch (c) {
            case Condition.PathPrefix p -> head.path().startsWith(p.prefix());
            case Condition.PathEquals p -> head.path().equals(p.path());
            case Condition.PathRegex p -> p.regex().matcher(head.path()).find();
            case Condition.Host h -> hostMatches(h.host(), head.headers().first("Host"));
            case Condition.Header h -> head.headers().all(h.name()).contains(h.value());
            case Condition.Method m -> head.method().equals(m.method());
            case Condition.And a -> a.all().stream().allMatch(x -> matches(x, head));
            case Condition.Not n -> !matches(n.inner(), head);
        };
    }

    /** Host comparison without the port, case-insensitive ({@code [::1]:80} keeps its brackets). */
    private static boolean hostMatches(String wanted, String host) {
        if (host == null) {
            return false;
        }
        int colon = host.lastIndexOf(':');
        String name = colon > 0 && host.indexOf(']') < colon ? host.substring(0, colon) : host;
        return name.equalsIgnoreCase(wanted);
    }
}
