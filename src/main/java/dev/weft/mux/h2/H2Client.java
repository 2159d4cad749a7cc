package dev.weft.mux.h2;

import dev.weft.failure.StreamFailure;
import dev.weft.mux.MuxException;

import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.io.ClientConnector;
import org.eclipse.jetty.util.thread.VirtualThreadPool;

import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * The process's Jetty {@link HTTP2Client}: started on the first {@code proto=h2} connection (a
 * process with only h1 servers never starts its threads), stopped by {@link #close}. Opens
 * cleartext sessions with prior knowledge (RFC 9113 §3.3). Thread-safe; owned by the
 * {@link dev.weft.backend.Connector}.
 *
 * <p>Flow-control windows are small on purpose: Jetty queues what the server sends up to the
 * stream window, so that window is what one slow client can make weft hold.
 */
public final class H2Client implements AutoCloseable {
    /** Per-stream receive window: bytes queued for a client that does not read. */
    static final int STREAM_WINDOW = 256 * 1024;
    /** Per-connection receive window, shared by its streams. */
    static final int SESSION_WINDOW = 8 * 1024 * 1024;

    private final int maxResponseHead;
    private HTTP2Client client;
    private boolean closed;

    /** @param maxResponseHead the largest response head accepted, in bytes (decoded header list; Jetty's default is 8 KiB) */
    public H2Client(int maxResponseHead) {
        this.maxResponseHead = maxResponseHead;
    }

    /**
     * Connects to {@code address} and waits for the server's first SETTINGS, all within
     * {@code connectTimeout}. Returns the open session; throws MuxException with ConnectRefused or
     * ConnectTimeout (NotProcessed when the server closed it at once); a session that opens after
     * the timeout is closed when it does, never leaked.
     */
    public H2Session connect(InetSocketAddress address, Duration connectTimeout) throws MuxException {
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        H2Session session = new H2Session();
        CompletableFuture<org.eclipse.jetty.http2.api.Session> f = started().connect(address, session);
        try {
            session.connected(f.get(connectTimeout.toNanos(), TimeUnit.NANOSECONDS));
            if (!session.awaitSettings(deadline - System.nanoTime())) {
                session.close();
                throw new MuxException(new StreamFailure.ConnectTimeout());
            }
            if (session.isClosed()) {
                // The server answered the preface and went away (GOAWAY, close) before any
                // stream: nothing was sent, so the request may go elsewhere at once.
                throw new MuxException(new StreamFailure.NotProcessed("HTTP/2 connection closed by the server before"
                        + " its first stream", false));
            }
            return session;
        } catch (TimeoutException e) {
            f.thenAccept(s -> s.close(0, null, org.eclipse.jetty.util.Callback.NOOP));
            throw new MuxException(new StreamFailure.ConnectTimeout(), e);
        } catch (ExecutionException e) {
            Throwable cause = e.getCause();
            String detail = cause instanceof ConnectException ? cause.getMessage() : String.valueOf(cause);
            throw new MuxException(new StreamFailure.ConnectRefused(detail), cause);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            session.close();
            f.thenAccept(s -> s.close(0, null, org.eclipse.jetty.util.Callback.NOOP));
            throw new MuxException(new StreamFailure.ConnectRefused("interrupted"), e);
        }
    }

    /** The client, started on first use. */
    private synchronized HTTP2Client started() throws MuxException {
        if (closed) {
            throw new MuxException(new StreamFailure.ConnectRefused("shutting down"));
        }
        if (client == null) {
            // Jetty's selector and frame handling on virtual threads, the same carriers as the
            // streams they hand responses to: with Jetty's default pool of platform threads each
            // response crossed three OS-thread switches (h2-back: 11.3k req/s at 68 us of CPU
            // each vs 16k at 44 us, BENCHMARKS.md). On a virtual thread the JDK's select()
            // parks the thread on its poller (EPollSelectorImpl): no carrier is blocked or pinned.
            VirtualThreadPool threads = new VirtualThreadPool();
            threads.setName("weft-h2");
            ClientConnector connector = new ClientConnector();
            connector.setExecutor(threads);
            connector.setSelectors(1);
            HTTP2Client c = new HTTP2Client(connector);
            c.setInitialStreamRecvWindow(STREAM_WINDOW);
            c.setInitialSessionRecvWindow(SESSION_WINDOW);
            c.setMaxResponseHeadersSize(maxResponseHead);
            // SETTINGS_HEADER_TABLE_SIZE 0: servers send response fields as literals and the
            // decoder keeps no table to evict from (Jetty's eviction was 2.5 % of weft's CPU under
            // h2-back; scripts/ab.sh h2-back: 20.1k -> 20.7k req/s, 15.1 -> 13.6 user us/req).
            c.setMaxDecoderTableCapacity(0);
            c.setIdleTimeout(0);
            c.setStreamIdleTimeout(0);
            try {
                c.start();
            } catch (Exception e) { // Jetty's LifeCycle.start() declares Exception
                throw new MuxException(new StreamFailure.ConnectRefused("HTTP/2 client did not start: " + e), e);
            }
            client = c;
        }
        return client;
    }

    /** Stops the client: its sessions close, its threads end. Idempotent. */
    @Override
    public synchronized void close() {
        closed = true;
        if (client != null) {
            try {
                client.stop();
            } catch (Exception e) { // LifeCycle.stop() declares Exception; nothing left to do at shutdown
                System.getLogger(H2Client.class.getName()).log(System.Logger.Level.WARNING, "HTTP/2 client stop", e);
            }
            client = null;
        }
    }
}
