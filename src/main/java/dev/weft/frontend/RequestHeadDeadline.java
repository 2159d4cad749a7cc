package dev.weft.frontend;

import dev.weft.failure.Termination;
import dev.weft.stream.IoWatchdog;
import dev.weft.stream.StreamEnv;

import io.helidon.common.buffers.BufferData;
import io.helidon.http.Headers;
import io.helidon.http.HttpPrologue;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1ConnectionListener;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

/**
 * {@code timeout.http-request} on HTTP/1.1: the request's header fields must be complete within
 * this time of its request line, or the client gets HAProxy's 408 page, the connection is
 * closed and the access log says {@code cR}.
 *
 * <p>Why a connection listener: Helidon 4.5.0 reads request heads itself with no deadline (its
 * idle timeout interrupts a connection only while it waits for a request line; a client that
 * sent the line and then trickles header bytes holds the connection for ever). Helidon calls
 * {@link #prologue} on the connection's thread once the request line is read and
 * {@link #headers} once the fields are; between the two, an armed {@link IoWatchdog} deadline
 * writes the 408 and interrupts the thread, which closes the socket it is blocked on.
 *
 * <p>What it does not cover: a request line trickled byte by byte is bounded by
 * {@code timeout.http-keep-alive} (Helidon's idle timeout) and closed without a 408, like
 * HAProxy's {@code option http-ignore-probes} treats an empty connection. Thread-safe: one
 * instance per frontend, shared by its connections.
 */
final class RequestHeadDeadline implements Http1ConnectionListener {
    private static final byte[] PAGE = ("HTTP/1.1 408 Request Time-out\r\n"
            + "Content-Type: text/html\r\nCache-Control: no-cache\r\nConnection: close\r\nContent-Length: 98\r\n\r\n"
            + "<html><body><h1>408 Request Time-out</h1>\n"
            + "Your browser didn't send a complete request in time.\n</body></html>\n")
            .getBytes(StandardCharsets.US_ASCII);

    private static final Duration WRITE_WAIT = Duration.ofMillis(100);

    private final String frontend;
    private final Duration timeout;
    private final Arming watchdog;
    private final StreamEnv env;

    RequestHeadDeadline(String frontend, Duration timeout, IoWatchdog watchdog, StreamEnv env) {
        this(frontend, timeout, watchdog::arm, env);
    }

    /** As above, deadlines armed through {@code watchdog} (tests: one that fires while arming). */
    RequestHeadDeadline(String frontend, Duration timeout, Arming watchdog, StreamEnv env) {
        this.frontend = frontend;
        this.timeout = timeout;
        this.watchdog = watchdog;
        this.env = env;
    }

    /** How a deadline is armed: {@link IoWatchdog#arm(Duration, Runnable)}. */
    @FunctionalInterface
    interface Arming {
        IoWatchdog.Armed arm(Duration timeout, Runnable beforeInterrupt);
    }

    /**
     * The request line is in: the rest of the head must follow within the timeout. Called on the
     * connection's thread, where {@link ConnectionLimit} has bound its {@link ClientConnection},
     * which holds the armed deadline until {@link #headers}.
     */
    @Override
    public void prologue(ConnectionContext ctx, HttpPrologue prologue) {
        AtomicReference<Expiry> pending = ClientPeer.connection().headDeadline();
        Expiry expiry = new Expiry(pending, Thread.currentThread(), ctx, prologue, System.currentTimeMillis());
        // Published before it is armed: a deadline that fires at once (this thread stalled past
        // the timeout right after arming) must find itself pending, take itself out and answer,
        // so that headers() then ends the connection. Armed first, it found nothing to take
        // out, answered all the same, and the request went on behind its 408.
        Expiry previous = pending.getAndSet(expiry);
        if (previous != null) {
            // Helidon refused the previous head after its request line (no headers() call)
            // and the connection went on: that deadline is moot.
            previous.armed.disarm();
        }
        expiry.armed = watchdog.arm(timeout, expiry);
    }

    /**
     * The head is complete: disarms. If the deadline fired first (the 408 is out and the socket
     * closed), ends the connection here instead of routing a request nobody waits for. If the
     * head won the race, disarm() clears a late interrupt and the request goes on.
     */
    @Override
    public void headers(ConnectionContext ctx, Headers headers) {
        Expiry expiry = ClientPeer.connection().headDeadline().getAndSet(null);
        if (expiry == null) {
            throw new CloseConnectionException("timeout.http-request expired");
        }
        expiry.armed.disarm();
    }

    /**
     * What the deadline of one request head does when it fires, on the watchdog's thread: the 408,
     * unless the head (or a later prologue) took the deadline out of the connection first. A class
     * rather than a lambda: the capturing lambda, created for every request, was allocated through
     * the JDK's method-handle path rather than inline (1.7 % of h1-small's samples, BENCHMARKS.md,
     * session 20).
     */
    final class Expiry implements Runnable {
        private final AtomicReference<Expiry> pending;
        private final Thread connectionThread;
        private final ConnectionContext ctx;
        private final HttpPrologue prologue;
        private final long startMillis;
        /**
         * This deadline, set once armed; read only on the connection's thread, by the next
         * {@link #headers} or {@link #prologue}.
         */
        private IoWatchdog.Armed armed;

        Expiry(AtomicReference<Expiry> pending, Thread connectionThread, ConnectionContext ctx,
               HttpPrologue prologue, long startMillis) {
            this.pending = pending;
            this.connectionThread = connectionThread;
            this.ctx = ctx;
            this.prologue = prologue;
            this.startMillis = startMillis;
        }

        @Override
        public void run() {
            if (pending.compareAndSet(this, null) && connectionThread.isAlive()) {
                answer408(ctx, prologue, startMillis);
            }
        }
    }

    /**
     * Runs on the watchdog's thread while the connection's thread is blocked reading the head. The
     * page is written by a virtual thread, waited for at most {@link #WRITE_WAIT}: a client that
     * does not read must not block the process-wide sweep (the interrupt that follows closes
     * the socket anyway).
     */
    private void answer408(ConnectionContext ctx, HttpPrologue prologue, long startMillis) {
        Thread writer = Thread.ofVirtual().name("weft-408").start(() -> {
            try {
                ctx.dataWriter().writeNow(BufferData.create(PAGE));
            } catch (UncheckedIOException | CloseConnectionException e) {
                // the client is gone already; the interrupt that follows closes the socket anyway
            }
        });
        try {
            writer.join(WRITE_WAIT);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        long elapsed = System.currentTimeMillis() - startMillis;
        FrontendLog.log(env, startMillis, ClientPeer.address(ctx), frontend, frontend, elapsed, elapsed, 408, 0,
                new Termination('c', 'R'), prologue);
    }
}
