package dev.weft.frontend;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http1.Http1Connection;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * {@code global.maxconn}: client connections served at once by the whole process, across every
 * frontend and bind address (HAProxy's global maxconn). Helidon's {@code maxTcpConnections} is
 * per listener, so weft wraps each listener's connection selectors: a connection takes a permit
 * before Helidon serves it and gives it back when it ends. While served, the connection's
 * thread has {@link ClientPeer#CONNECTION} bound. Beyond the limit a connection waits
 * for a permit, unserved, as it would wait in the accept backlog. Thread-safe; one per process.
 *
 * <p>A connection is counted once it has sent enough bytes for Helidon to tell its protocol;
 * connections that never send anything are bounded by each listener's own limit
 * ({@code frontend.NAME.maxconn}, at most {@code global.maxconn}) and by
 * {@code timeout.http-keep-alive}.
 */
final class ConnectionLimit {
    private final Semaphore permits;

    /** @param maxconn the process-wide limit, at least 1 */
    ConnectionLimit(int maxconn) {
        this.permits = new Semaphore(maxconn);
    }

    /**
     * Returns {@code selector} whose connections are counted against this limit.
     *
     * @param clientTimeout the frontend's {@code timeout.client}: how long an HTTP/2 connection
     *                      with active streams may stay quiet and still count as busy (see
     *                      {@link Counted#idleTime()})
     */
    ServerConnectionSelector wrap(ServerConnectionSelector selector, Duration clientTimeout) {
        return new WrappedSelector(selector) {
            @Override
            public ServerConnection connection(ConnectionContext ctx) {
                return new Counted(selector.connection(ctx), ctx, clientTimeout);
            }
        };
    }

    /** Permits not taken now (for tests and the admin page). */
    int available() {
        return permits.availablePermits();
    }

    /** A connection that holds a permit for as long as Helidon serves it. */
    private final class Counted implements ServerConnection, InterruptableTask<Void> {
        private final ServerConnection delegate;
        private final ConnectionContext ctx;
        private volatile boolean waiting = true;
        private boolean closed;
        private volatile Thread thread;
        /** System.nanoTime() of the last idle check that found the connection busy; see idleTime(). */
        private volatile long lastSeenBusy = System.nanoTime();
        private final Duration clientTimeout;

        Counted(ServerConnection delegate, ConnectionContext ctx, Duration clientTimeout) {
            this.delegate = delegate;
            this.ctx = ctx;
            this.clientTimeout = clientTimeout;
        }

        @Override
        public void handle(Limit limit) {
            synchronized (this) {
                thread = Thread.currentThread();
                if (closed) {
                    throw new CloseConnectionException("closed before it was served");
                }
            }
            try {
                permits.acquire();
            } catch (InterruptedException e) {
                throw new CloseConnectionException("closed while waiting for global.maxconn");
            }
            synchronized (this) {
                lastSeenBusy = System.nanoTime(); // idle from now, not from before the permit wait
                waiting = false;
                if (closed) { // closed while waiting, just before the permit came
                    permits.release();
                    throw new CloseConnectionException("closed while waiting for global.maxconn");
                }
            }
            try {
                ScopedValue.where(ClientPeer.CONNECTION, ctx).call(() -> {
                    delegate.handle(limit);
                    return null;
                });
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new CloseConnectionException("interrupted", e);
            } finally {
                permits.release();
            }
        }

        /** Interruptible (by shutdown or the idle timeout) while waiting for a permit, else as the delegate says. */
        @Override
        public boolean canInterrupt() {
            return waiting || (delegate instanceof InterruptableTask<?> t && t.canInterrupt());
        }

        /**
         * How long the connection has been idle, for Helidon's idle check (every second), which
         * closes it past {@code timeout.http-keep-alive}. Helidon's own figure counts from the
         * start of the last request (HTTP/1.1) or the last frame received (HTTP/2), even while a
         * response is still being waited for: a request slower than the keep-alive timeout had
         * its connection closed under it, the client's next request or stream failing. Here a
         * connection is busy, idle time zero, while Helidon says it cannot be interrupted (an
         * HTTP/1.1 request being served; HTTP/2 streams active), and idle since the last check
         * that saw it busy (up to one check period after its last response ended) or Helidon's
         * figure, whichever is shorter. Helidon counts an HTTP/2 stream active until the client
         * ends it, so a connection with active streams and nothing received for longer than
         * {@code timeout.client} is not busy (a stream the client never ends would otherwise
         * keep it open for ever). A connection still waiting for a permit is never idle.
         */
        @Override
        public Duration idleTime() {
            if (waiting) {
                return Duration.ZERO;
            }
            long now = System.nanoTime();
            Duration helidon = delegate.idleTime();
            if (delegate instanceof InterruptableTask<?> t && !t.canInterrupt()
                    && (delegate instanceof Http1Connection || helidon.compareTo(clientTimeout) <= 0)) {
                lastSeenBusy = now;
                return Duration.ZERO;
            }
            Duration sinceBusy = Duration.ofNanos(now - lastSeenBusy);
            return helidon.compareTo(sinceBusy) < 0 ? helidon : sinceBusy;
        }

        /**
         * Helidon closes connections on stop and on idle. One still waiting for a permit was never
         * served: it is interrupted here and never handed to the delegate (whose close() assumes
         * its handle() started).
         */
        @Override
        public void close(boolean interrupt) {
            synchronized (this) {
                if (waiting) {
                    closed = true;
                    Thread t = thread;
                    if (t != null) {
                        t.interrupt();
                    }
                    return;
                }
            }
            delegate.close(interrupt);
        }
    }
}
