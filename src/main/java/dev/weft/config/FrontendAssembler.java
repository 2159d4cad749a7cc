package dev.weft.config;

import dev.weft.config.ConditionParser.RouteTarget;
import dev.weft.config.Settings.Setting;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

import static dev.weft.config.KeyCatalogue.*;

/**
 * Builds the {@link FrontendConfig}s and makes their cross-key checks: a bind is given and
 * not used twice, requests have somewhere to go ({@code return}, or routes and/or
 * {@code default-backend}, not both kinds), every named backend exists, route numbers are
 * unique. Confined to one {@link ConfigLoader#load} call.
 */
final class FrontendAssembler {

    private final Settings settings;
    private final Problems problems;
    private final Set<String> backendNames;
    /** Which frontend (and line) bound each address so far: the same address twice cannot listen. */
    private final Map<HostPort, String> boundBy = new HashMap<>();

    /** @param backendNames every backend of the file, including ones with problems */
    FrontendAssembler(Settings settings, Problems problems, Set<String> backendNames) {
        this.settings = settings;
        this.problems = problems;
        this.backendNames = backendNames;
    }

    /** Builds frontend {@code name}; {@code first} is its first key, where section-wide problems are reported. */
    FrontendConfig frontend(String name, Setting first) {
        Optional<Setting> bind = settings.setting(FRONTEND_BIND, name);
        if (bind.isEmpty()) {
            problems.add(first.line(), first.key(), "frontend '" + name + "' has no bind (expected: frontend."
                    + name + ".bind = HOST:PORT)");
        }
        List<HostPort> binds = settings.value(FRONTEND_BIND, name).orElse(List.of());
        bind.ifPresent(b -> checkUniqueBinds(name, b, binds));
        Optional<String> defaultBackend = settings.value(FRONTEND_DEFAULT_BACKEND, name);
        settings.setting(FRONTEND_DEFAULT_BACKEND, name)
                .ifPresent(s -> defaultBackend.ifPresent(b -> checkBackend(s, b)));
        List<RouteConfig> routes = routes(name);
        checkDestination(name, first);
        return new FrontendConfig(name, binds, settings.valueOrDefault(FRONTEND_PROTOCOLS, name), defaultBackend,
                routes, settings.value(FRONTEND_RETURN, name), settings.valueOrDefault(FRONTEND_MAXCONN, name),
                ConfigAssembler.timeouts(settings, FRONTEND_TIMEOUT, name),
                settings.valueOrDefault(FRONTEND_H2_MAX_STREAMS, name));
    }

    private void checkUniqueBinds(String name, Setting setting, List<HostPort> binds) {
        for (HostPort address : binds) {
            String owner = "frontend '" + name + "' (line " + setting.line() + ")";
            String previous = boundBy.putIfAbsent(address, owner);
            if (previous != null) {
                problems.add(setting.line(), setting.key(), "address " + address + " is already bound by " + previous);
            }
        }
    }

    /** Returns the routes sorted by ascending N; reports a reused N and unknown backends. */
    private List<RouteConfig> routes(String name) {
        List<RouteConfig> routes = new ArrayList<>();
        Map<Integer, Integer> lineOfOrder = new HashMap<>();
        for (Setting s : settings.all(FRONTEND_ROUTE, name)) {
            int order = Integer.parseInt(s.names().get(1)); // validated by the loader
            Integer previous = lineOfOrder.putIfAbsent(order, s.line());
            if (previous != null) {
                problems.add(s.line(), s.key(), "route number " + order + " is also used on line " + previous);
            }
            Optional<RouteTarget> target = settings.value(FRONTEND_ROUTE, name, s.names().get(1));
            target.ifPresent(t -> {
                checkBackend(s, t.backend());
                routes.add(new RouteConfig(order, t.condition(), t.backend()));
            });
        }
        routes.sort(Comparator.comparingInt(RouteConfig::order));
        return routes;
    }

    /** A frontend answers every request itself ({@code return}) or sends it to backends; exactly one of those. */
    private void checkDestination(String name, Setting first) {
        Optional<Setting> returns = settings.setting(FRONTEND_RETURN, name);
        boolean forwards = settings.setting(FRONTEND_DEFAULT_BACKEND, name).isPresent()
                || !settings.all(FRONTEND_ROUTE, name).isEmpty();
        if (returns.isPresent() && forwards) {
            problems.add(returns.get().line(), returns.get().key(),
                    "return answers every request itself, so routes and default-backend would never be used; keep one or the other");
        } else if (returns.isEmpty() && !forwards) {
            problems.add(first.line(), first.key(), "frontend '" + name
                    + "' has nowhere to send requests (expected: default-backend, route.N or return)");
        }
    }

    private void checkBackend(Setting setting, String backend) {
        if (!backendNames.contains(backend)) {
            problems.add(setting.line(), setting.key(), "unknown backend '" + backend + "'"
                    + DidYouMean.closest(backend, backendNames).map(b -> "; did you mean '" + b + "'?").orElse(""));
        }
    }
}
