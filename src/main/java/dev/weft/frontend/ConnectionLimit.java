package dev.weft.frontend;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.time.Duration;
import java.util.concurrent.Semaphore;

/**
 * {@code global.maxconn}: client connections served at once by the whole process, across every
 * frontend and bind address (HAProxy's global maxconn). Helidon's {@code maxTcpConnections} is
 * per listener, so weft wraps each listener's connection selectors: a connection takes a permit
 * before Helidon serves it and gives it back when it ends. While served, the connection's
 * thread has its {@link ClientPeer#connection} bound. Beyond the limit a connection waits
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
     * Returns {@code selector} whose connections are counted against this limit, and whose idle
     * time is their {@link KeepAliveClock}'s.
     *
     * @param quietLimit how long a busy connection may receive nothing and still count as busy:
     *                   {@link KeepAliveClock#UNBOUNDED} for HTTP/1.1, {@code timeout.client}
     *                   for HTTP/2
     */
    ServerConnectionSelector wrap(ServerConnectionSelector selector, Duration quietLimit) {
        return new WrappedSelector(selector) {
            @Override
            public ServerConnection connection(ConnectionContext ctx) {
                ServerConnection connection = selector.connection(ctx);
                return new Counted(connection, ctx, new KeepAliveClock(connection, quietLimit));
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
        private final KeepAliveClock clock;

        Counted(ServerConnection delegate, ConnectionContext ctx, KeepAliveClock clock) {
            this.delegate = delegate;
            this.ctx = ctx;
            this.clock = clock;
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
                clock.restart(); // idle from now, not from before the permit wait
                waiting = false;
                if (closed) { // closed while waiting, just before the permit came
                    permits.release();
                    throw new CloseConnectionException("closed while waiting for global.maxconn");
                }
            }
            try {
                ClientPeer.serve(new ClientConnection(ctx), () -> delegate.handle(limit));
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

        /** Its keep-alive clock's idle time; zero while still waiting for a permit. */
        @Override
        public Duration idleTime() {
            return waiting ? Duration.ZERO : clock.idleTime();
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
