package dev.weft.stream;

import dev.weft.backend.Backend;
import dev.weft.backend.BackendQueue;
import dev.weft.backend.Connection;
import dev.weft.backend.Server;
import dev.weft.config.ServerConfig;
import dev.weft.config.Timeouts;
import dev.weft.failure.Phase;
import dev.weft.failure.StreamFailure;
import dev.weft.failure.Termination;
import dev.weft.http.RequestHead;
import dev.weft.http.ResponseHead;
import dev.weft.mux.MuxException;
import dev.weft.mux.MuxStream;
import dev.weft.observe.ConnStreamResetEvent;
import dev.weft.observe.ConnectAttemptEvent;
import dev.weft.observe.RetryEvent;
import dev.weft.observe.StreamEvent;
import dev.weft.retry.RetryDecision;
import dev.weft.retry.RetryRules;
import dev.weft.stream.RequestBody.ClientBodyException;
import dev.weft.stream.ResponseRelay.ClientWriteException;

import java.io.IOException;
import java.util.HashSet;
import java.util.Set;

/**
 * The body of one stream, run start to end on the request's virtual thread: choose a server,
 * take or open a connection, attach the stream's one {@link ConnStream}, send the request, wait
 * for the response head, retry (resetting the same ConnStream) when the policy allows, then relay
 * the response and log. The straight-line version of HAProxy's {@code process_stream} for the
 * server side. Confined to its thread; one instance per stream.
 */
public final class StreamTask {
    private static final String NO_SERVER = "<NOSRV>";

    private final StreamEnv env;
    private final String frontend;
    private final Backend backend;
    private final ClientExchange client;
    private final Timeouts timeouts;
    private final ResponseRelay relay;
    private final long startNanos = System.nanoTime();
    private final long startMillis = System.currentTimeMillis();
    private final Set<Server> avoid = new HashSet<>(4);

    private ConnStream cs;
    /** Set by run(); null when the client cannot be watched for a close (an HTTP/2 stream). */
    private ClientCloseWatch watch;
    private Server slotHeld;
    private int retries;
    private boolean redispatched;
    private long tw;
    private long tc = -1;
    private long tresp = -1;
    private int status;
    private Termination termination = Termination.NORMAL;

    public StreamTask(StreamEnv env, String frontend, Backend backend, ClientExchange client) {
        this.env = env;
        this.frontend = frontend;
        this.backend = backend;
        this.client = client;
        this.timeouts = backend.config().timeouts();
        this.relay = new ResponseRelay(env.bodyBuffers());
    }

    /**
     * Runs the stream to its end. Returns normally when the client got a complete answer (a
     * response or an error page); throws what {@link ClientExchange#abortResponse} returns when
     * the response had started and must be cut short.
     */
    public void run() {
        cs = new ConnStream(env.nextConnStreamId(), client.session());
        RequestHead head = client.head();
        if (backend.config().forwardfor()) {
            head.headers().add("X-Forwarded-For", client.clientIp());
        }
        RequestBody body = new RequestBody(client, env.bufsize());
        // null when the client cannot be watched (HTTP/2): its waits are then not marked at all
        watch = client.closeWatchable() ? new ClientCloseWatch(client, env.watchdog()) : null;
        try {
            exchange(head, body);
        } catch (ClientCloseWatch.ClientClosed e) {
            // Queued, connecting or waiting for the head when the client left: end at once. The
            // attached connection (if any) is closed by release() below, never pooled.
            status = -1;
            termination = new Termination('C', e.phase());
            throw client.abortResponse("client closed while the stream waited (" + termination + ")");
        } finally {
            if (watch != null) {
                watch.close();
            }
            cs.release(); // closes what is still attached before the slot is given back: a
            releaseSlot(); // capped server (FastCGI) never sees one connection over its limit
            log(head);
        }
    }

    private void exchange(RequestHead head, RequestBody body) {
        cs.moveTo(StreamState.REQ);
        Server next = null;
        while (true) {
            Server server = next != null ? next : backend.balancer().pick(avoid);
            next = null;
            if (server == null) {
                fail(new StreamFailure.NoServerAvailable());
                return;
            }
            Attempt outcome = attempt(server, head, body);
            if (outcome.done) {
                return;
            }
            server = cs.server();
            RetryDecision decision = RetryRules.decide(backend.config().retry(), outcome.failure,
                    body.replayable(), retries, usableServers(), timeouts.connect());
            recordDecision(decision, server);
            switch (decision) {
                case RetryDecision.NoRetry noRetry -> {
                    giveUp(outcome);
                    return;
                }
                case RetryDecision.Redispatch redispatch -> {
                    avoid.add(server);
                    redispatched = true;
                    cs.moveTo(StreamState.REQ);
                }
                case RetryDecision.RetrySameServer same -> {
                    next = server;
                    if (!same.pause().isZero()) {
                        cs.moveTo(StreamState.TAR);
                        if (!pause(same.pause())) {
                            giveUp(outcome);
                            return;
                        }
                    }
                    cs.moveTo(StreamState.REQ);
                }
            }
            retries++;
        }
    }

    /**
     * One attempt on {@code server}. Returns done when the client got its answer (relayed, or
     * failed in a way no retry can mend); otherwise the ConnStream was reset and the failure is
     * returned for the retry decision, with a response kept when it was a retryable status.
     */
    private Attempt attempt(Server picked, RequestHead head, RequestBody body) {
        Server server = takeSlot(picked, body);
        if (server == null) {
            return Attempt.finished();
        }
        cs.assign(server);
        cs.moveTo(StreamState.CON);
        MuxStream ms;
        try {
            boolean watched = watchable(body);
            if (watched) {
                watch.begin('C');
            }
            try {
                ms = connect(server);
            } finally {
                if (watched) {
                    watch.end(); // a ClientClosed replaces the failure the interrupt caused
                }
            }
            ms.sendHead(head, body.length());
            try {
                body.sendTo(ms);
            } catch (MuxException sendFailed) {
                if (!relayEarlyAnswer(ms, head)) {
                    throw sendFailed;
                }
                return Attempt.finished();
            }
            long t0 = System.nanoTime();
            // Let the other streams ready on this carrier send their requests before this one
            // reads its answer: the server then wakes once for several requests, as it does
            // behind HAProxy's event loop, instead of preempting weft after every request
            // (h1-small +25 % req/s). Through the gate, which stops the yields now and then so
            // that they cannot keep the socket poller out (YieldGate). Not before a FastCGI
            // server: with 64 streams queued for php-fpm's 8 children the yield made bursts of
            // responses wait 100-900 ms, gate or not (BENCHMARKS.md, "fcgi").
            if (server.config().proto() != ServerConfig.Proto.FCGI) {
                env.yieldGate().yieldIfOpen(t0);
            }
            ResponseHead rh;
            if (watch == null) {
                rh = receiveFinalHead(ms);
            } else {
                watch.begin('H'); // the body was read whole by now
                try {
                    rh = receiveFinalHead(ms);
                } finally {
                    watch.end();
                }
            }
            tresp = millisSince(t0);
            // A status listed in retry-on is retried only while a retry is possible; the last
            // answer is relayed as it is, never replaced by a generic error.
            if (backend.config().retry().retryOnStatus().contains(rh.status())
                    && retries < backend.config().retry().retries() && body.replayable()) {
                return resetFor(new StreamFailure.RetryableStatus(rh.status()));
            }
            status = rh.status();
            relay.relay(rh, ms, client, head.isHead());
            cs.detach();
            releaseSlot();
            return Attempt.finished();
        } catch (MuxException e) {
            if (relay.bytes() > 0 || e.failure().phase() == Phase.DATA) {
                abortAfterHead(e.failure());
                return Attempt.finished();
            }
            return resetFor(e.failure());
        } catch (ClientBodyException e) {
            if (e.getCause() instanceof MalformedClientBody) {
                // The server saw a partial body: its connection is reset (closed, never pooled)
                // and the client gets a 400; Helidon then closes the client connection.
                giveUp(resetFor(new StreamFailure.BadRequestBody(e.getCause().getMessage())));
                return Attempt.finished();
            }
            status = 400;
            throw clientGone(e.getCause());
        } catch (ClientWriteException e) {
            throw clientGone(e.getCause());
        }
    }

    /**
     * Takes a pooled connection or opens one, attaches the ConnStream, and returns its mux
     * stream. Records a weft.ConnectAttempt event either way.
     */
    private MuxStream connect(Server server) throws MuxException {
        ConnectAttemptEvent event = new ConnectAttemptEvent();
        event.begin();
        long t0 = System.nanoTime();
        Connection conn = server.pool().take(client.firstOfSession(), client::clientAddress);
        event.reused = conn != null;
        StreamFailure failure = null;
        boolean attached = false;
        try {
            if (conn == null) {
                conn = env.connector().connect(server, timeouts.connect(), timeouts.server());
            }
            event.connectionId = conn.id();
            MuxStream ms;
            try {
                ms = conn.mux().attach(cs);
            } catch (MuxException e) {
                conn.close();
                throw e;
            }
            cs.attached(conn, ms);
            server.pool().attached(conn, client::clientAddress);
            tc = millisSince(t0);
            attached = true;
            return ms;
        } catch (MuxException e) {
            failure = e.failure();
            throw e;
        } finally {
            // the event's strings are built only when it is recorded (a failure's description
            // is a concatenation per refused connect under the retry scenario); end() first, so
            // that a threshold on the event's duration is applied to the real duration
            event.end();
            if (event.shouldCommit()) {
                event.outcome = attached ? "attached" : failure != null ? failure.describe() : null;
                event.connStreamId = cs.id();
                event.attempt = cs.attempts();
                event.server = server.qualifiedName();
                event.commit();
            }
        }
    }

    /**
     * The server stopped taking the request body: it may have answered before reading it all
     * (413, 401, a redirect) and closed. If a response head can still be read, it is relayed
     * as the answer, as HAProxy does, and the client connection is closed after it (the rest
     * of its body is not read). Returns false when there is no answer to relay.
     */
    private boolean relayEarlyAnswer(MuxStream ms, RequestHead head) throws MuxException, ClientWriteException {
        ResponseHead early;
        long t0 = System.nanoTime();
        try {
            early = receiveFinalHead(ms);
        } catch (MuxException none) {
            return false;
        }
        tresp = millisSince(t0);
        status = early.status();
        client.closeAfterResponse();
        relay.relay(early, ms, client, head.isHead());
        cs.detach();
        releaseSlot();
        return true;
    }

    /** Waits for the final response head; interim 1xx heads are not forwarded (Helidon answers 100-continue itself). */
    private static ResponseHead receiveFinalHead(MuxStream ms) throws MuxException {
        ResponseHead rh = ms.receiveHead();
        while (rh.isInterim()) {
            rh = ms.receiveHead();
        }
        return rh;
    }

    /** Resets the ConnStream after a failed attempt: connection closed, slot given back. */
    private Attempt resetFor(StreamFailure failure) {
        ConnStreamResetEvent event = new ConnStreamResetEvent();
        if (event.shouldCommit()) {
            event.connStreamId = cs.id();
            event.server = cs.server().qualifiedName();
            event.connectionId = cs.connection() == null ? 0 : cs.connection().id();
            event.reason = failure.describe();
            event.commit();
        }
        cs.reset();
        releaseSlot();
        return Attempt.failed(failure);
    }

    private void recordDecision(RetryDecision decision, Server from) {
        RetryEvent event = new RetryEvent();
        if (!event.shouldCommit()) {
            return;
        }
        event.connStreamId = cs.id();
        event.fromServer = from.qualifiedName();
        event.retriesDone = retries;
        switch (decision) {
            case RetryDecision.NoRetry d -> { event.decision = "NO_RETRY"; event.reason = d.reason(); }
            case RetryDecision.Redispatch d -> { event.decision = "REDISPATCH"; event.reason = d.reason(); }
            case RetryDecision.RetrySameServer d -> { event.decision = "SAME_SERVER"; event.reason = d.reason(); }
        }
        event.commit();
    }

    /** No retry: the client gets the failure's status (or, for a status, the server's answer is gone: same code). */
    private void giveUp(Attempt outcome) {
        cs.moveTo(StreamState.CLO);
        fail(outcome.failure);
    }

    /** Answers the client with the failure's status and records it. */
    private void fail(StreamFailure failure) {
        status = failure.status();
        termination = failure.termination();
        try {
            client.sendError(status, failure instanceof StreamFailure.BadRequestBody);
        } catch (IOException e) {
            termination = new Termination('C', failure.phase().code());
        }
    }

    /**
     * The client went away or timed out ({@code timeout.client}) in the middle of the exchange:
     * records {@code CD} or {@code cD} and returns the exception that closes its connection.
     */
    private RuntimeException clientGone(Throwable cause) {
        termination = new Termination(cause instanceof ClientTimeout ? 'c' : 'C', 'D');
        return client.abortResponse("client: " + cause.getMessage());
    }

    /** The response head already went out: the client connection must be cut. */
    private void abortAfterHead(StreamFailure failure) {
        termination = failure.termination();
        throw client.abortResponse(failure.describe());
    }

    /**
     * Takes a slot on {@code picked}, or on another usable server with a free slot (HAProxy
     * skips full servers), or else waits in the backend's queue up to {@code timeout.queue} for
     * a slot on any server it may use (the first one released). Nobody takes a free slot while
     * streams are queued ahead. Returns the server whose slot is held, or null after answering
     * the client (503 sQ).
     */
    private Server takeSlot(Server picked, RequestBody body) {
        BackendQueue queue = backend.queue();
        if (queue.tryTake(picked)) {
            return holding(picked);
        }
        Set<Server> full = new HashSet<>(avoid);
        full.add(picked);
        for (Server alt = backend.balancer().choose(full); alt != null; alt = backend.balancer().choose(full)) {
            if (alt.config().backup() && !picked.config().backup()) {
                break; // full active servers mean queueing, not overflow to a backup
            }
            if (queue.tryTake(alt)) {
                return holding(alt);
            }
            full.add(alt);
        }
        cs.moveTo(StreamState.QUE);
        long t0 = System.nanoTime();
        boolean watched = watchable(body);
        if (watched) {
            watch.begin('Q');
        }
        Server got = null;
        try {
            got = queue.await(avoid, timeouts.queue(), env.watchdog());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        tw = millisSince(t0);
        if (got != null) {
            holding(got);
        }
        if (watched) {
            watch.end(); // throws ClientClosed if the client left; run() gives the slot back
        }
        if (got != null) {
            return got;
        }
        fail(new StreamFailure.QueueTimeout());
        return null;
    }

    /**
     * True when the client connection can be watched for a close now: it can be at all (not
     * HTTP/2), and nothing of the request body is left to read from it (the watcher reads ahead).
     */
    private boolean watchable(RequestBody body) {
        return watch != null && body.fromClientDone();
    }

    private Server holding(Server s) {
        slotHeld = s;
        return s;
    }

    private void releaseSlot() {
        if (slotHeld != null) {
            backend.queue().release(slotHeld);
            slotHeld = null;
        }
    }

    /** Usable active servers, or usable backups when no active one is (what a redispatch can choose from). */
    private int usableServers() {
        int active = 0;
        int backups = 0;
        for (Server s : backend.servers()) {
            if (s.usable()) {
                if (s.config().backup()) {
                    backups++;
                } else {
                    active++;
                }
            }
        }
        return active > 0 ? active : backups;
    }

    /** Sleeps for the turn-around pause; false when interrupted (shutdown), with the flag restored. */
    private static boolean pause(java.time.Duration d) {
        try {
            Thread.sleep(d);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private void log(RequestHead head) {
        Server s = cs.server();
        long streamId = env.nextStreamId();
        StreamEvent event = new StreamEvent();
        if (event.shouldCommit()) {
            event.streamId = streamId;
            event.connStreamId = cs.id();
            event.frontend = frontend;
            event.backend = backend.name();
            event.server = s == null ? NO_SERVER : s.name();
            event.status = status;
            event.attempts = cs.attempts();
            event.retries = retries;
            event.redispatched = redispatched;
            event.termination = termination.toString();
            event.tw = tw;
            event.tc = tc;
            event.tr = tresp;
            event.bytes = relay.bytes();
            event.commit();
        }
        if (env.accessLog().enabled()) {
            env.accessLog().log(new StreamRecord(startMillis, client.clientAddress(), frontend, backend.name(),
                    s == null ? NO_SERVER : s.name(), 0, tw, tc, tresp, millisSince(startNanos), status,
                    relay.bytes(), termination, retries, redispatched, head.method(), head.target(),
                    client.protocol(), streamId, cs.id()));
        }
    }

    private static long millisSince(long t0) {
        return (System.nanoTime() - t0) / 1_000_000;
    }

    /** The result of one attempt: finished (answered) or failed with a retryable candidate. */
    private record Attempt(boolean done, StreamFailure failure) {
        static Attempt finished() {
            return new Attempt(true, null);
        }

        static Attempt failed(StreamFailure f) {
            return new Attempt(false, f);
        }
    }
}
