package dev.weft.frontend;

import dev.weft.stream.IoWatchdog;

import dev.weft.backend.Backend;
import dev.weft.config.ReturnConfig;
import dev.weft.failure.Termination;
import dev.weft.stream.StreamEnv;
import dev.weft.stream.StreamTask;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Method;
import io.helidon.http.Status;
import io.helidon.webserver.http.Handler;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;

/**
 * A frontend's request handler, called by Helidon on the request's virtual thread (one per
 * HTTP/1.1 request, one per HTTP/2 stream): answers locally ({@code return}) or routes the
 * request to a backend and runs its {@link StreamTask} right here, on this thread.
 */
final class FrontendHandler implements Handler {
    private final String name;
    private final Router router;
    private final ReturnConfig local;
    private final byte[] localBody;
    private final StreamEnv env;
    private final IoWatchdog watchdog;
    private final java.time.Duration clientTimeout;
    private final java.time.Duration keepAlive;
    private volatile boolean draining;

    /**
     * @param local    the frontend's {@code return}, or null to proxy through {@code router}
     * @param watchdog enforces {@code clientTimeout} ({@code timeout.client}) on body reads and writes
     * @param keepAlive {@code timeout.http-keep-alive}: the most a client-close watcher is waited for
     */
    FrontendHandler(String name, Router router, ReturnConfig local, StreamEnv env, IoWatchdog watchdog,
                    java.time.Duration clientTimeout, java.time.Duration keepAlive) {
        this.keepAlive = keepAlive;
        this.watchdog = watchdog;
        this.clientTimeout = clientTimeout;
        this.name = name;
        this.router = router;
        this.local = local;
        this.localBody = local == null ? null : local.body().getBytes(StandardCharsets.UTF_8);
        this.env = env;
    }

    @Override
    public void handle(ServerRequest req, ServerResponse res) {
        long t0 = System.nanoTime();
        long start = System.currentTimeMillis();
        if (local != null) {
            answerLocally(req, res);
            log(req, start, t0, local.status(), req.prologue().method() == Method.HEAD ? 0 : localBody.length,
                    Termination.LOCAL, name);
            LingeringClose.afterLocalAnswer(req, watchdog, clientTimeout);
            return;
        }
        HelidonExchange exchange;
        try {
            exchange = new HelidonExchange(req, res, watchdog, clientTimeout);
        } catch (MalformedRequestException e) {
            String version = req.prologue().protocolVersion();
            if (ClientPeer.http1(version)) {
                res.header(HeaderValues.CONNECTION_CLOSE);
            }
            ErrorPages.send(res, 400);
            log(req, start, t0, 400, 0, new Termination('P', 'R'), name);
            ClientConnection connection = ClientPeer.connection(version);
            if (connection != null) {
                // Framing cannot be trusted: the rest must not be read as another request.
                throw LingeringClose.drainAndClose(connection.context(), watchdog,
                        "malformed request");
            }
            return;
        }
        Backend backend = router.route(exchange.head());
        if (backend == null) {
            ErrorPages.send(res, 503);
            log(req, start, t0, 503, 0, new Termination('-', 'R'), name);
            LingeringClose.afterLocalAnswer(req, watchdog, clientTimeout);
            return;
        }
        try {
            new StreamTask(env, name, backend, exchange).run();
        } catch (RuntimeException e) {
            exchange.abandon();
            throw e;
        }
        try {
            exchange.finish(keepAlive, () -> draining);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw exchange.abortResponse("interrupted while settling the client watch");
        }
    }

    /** The proxy is stopping: connections idle after their response are closed at once. */
    void drain() {
        draining = true;
    }

    StreamEnv env() {
        return env;
    }

    /** HAProxy's {@code http-request return}: the configured status, type and text. */
    private void answerLocally(ServerRequest req, ServerResponse res) {
        res.status(Status.create(local.status()));
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, local.contentType()));
        if (req.prologue().method() == Method.HEAD) {
            res.header(HeaderValues.create(HeaderNames.CONTENT_LENGTH, localBody.length));
            res.send();
        } else {
            res.send(localBody);
        }
    }

    private void log(ServerRequest req, long start, long t0, int status, long bytes, Termination t, String backend) {
        String client = req.remotePeer().address() instanceof java.net.InetSocketAddress a
                ? a.getAddress().getHostAddress() + ":" + a.getPort() : String.valueOf(req.remotePeer().address());
        FrontendLog.log(env, start, client, name, backend, 0, (System.nanoTime() - t0) / 1_000_000, status, bytes, t,
                req.prologue());
    }
}
