package dev.weft.frontend;


import dev.weft.backend.Backends;
import dev.weft.config.FrontendConfig;
import dev.weft.config.RouteConfig;
import dev.weft.config.WeftConfig;
import dev.weft.stream.StreamEnv;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;

/** Every frontend of the process: built from the configuration, started and stopped together. */
public final class Frontends {
    private final List<FrontendListener> listeners = new ArrayList<>();

    public Frontends(WeftConfig config, Backends backends, StreamEnv env) {
        int globalMax = config.global().maxconn();
        ConnectionLimit limit = new ConnectionLimit(globalMax);
        for (FrontendConfig fc : config.frontends()) {
            List<Router.Route> routes = new ArrayList<>();
            for (RouteConfig rc : fc.routes()) {
                routes.add(new Router.Route(rc.condition(), backends.get(rc.backend())));
            }
            Router router = new Router(routes, fc.defaultBackend().map(backends::get).orElse(null));
            FrontendHandler handler = new FrontendHandler(fc.name(), router, fc.returns().orElse(null), env, env.watchdog(),
                    fc.timeouts().client(), fc.timeouts().httpKeepAlive());
            int maxconn = fc.maxconn() > 0 ? Math.min(fc.maxconn(), globalMax) : globalMax;
            // timeout.http-request = 0 means none, as a timeout of 0 does in HAProxy.
            RequestHeadDeadline deadline = fc.timeouts().httpRequest().isZero() ? null
                    : new RequestHeadDeadline(fc.name(), fc.timeouts().httpRequest(), env.watchdog(), env);
            listeners.add(new FrontendListener(fc, handler, maxconn, config.global().grace(), limit, deadline,
                    new UnidentifiedRequest(fc.name(), env)));
        }
    }

    /** Binds every frontend; on failure stops those already started and rethrows. */
    public void start() {
        List<FrontendListener> started = new ArrayList<>();
        try {
            for (FrontendListener l : listeners) {
                l.start();
                started.add(l);
            }
        } catch (RuntimeException e) {
            started.forEach(FrontendListener::stop);
            throw e;
        }
    }

    /** Stops every frontend at once; each lets its in-flight requests finish within the grace period. */
    public void stop() {
        try (ExecutorService ex = Executors.newVirtualThreadPerTaskExecutor()) {
            for (FrontendListener l : listeners) {
                ex.submit(l::stop);
            }
        }
    }

    public List<FrontendListener> listeners() {
        return List.copyOf(listeners);
    }
}
