package dev.weft.frontend;

import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.Optional;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.ThreadFactory;

import dev.weft.stream.IoWatchdog;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.common.buffers.DataReader;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.socket.HelidonSocket;
import io.helidon.common.socket.PeerInfo;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.ListenerContext;
import io.helidon.webserver.ProxyProtocolData;
import io.helidon.webserver.Router;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * Gives every HTTP/2 connection (prior knowledge) that {@code selector} makes an
 * {@link H2WriteBatch} as its socket writer: Helidon's connection is built on a context that is
 * the listener's own except for {@code dataWriter()}. Connections upgraded from HTTP/1.1
 * ({@code Upgrade: h2c}) keep Helidon's writer.
 */
final class BatchedH2Connections {
    private BatchedH2Connections() {
    }

    /**
     * Returns {@code selector} (Helidon's HTTP/2 one) whose connections write through a batch;
     * {@code watchdog} bounds a batch's writes by {@code clientTimeout} ({@code timeout.client}).
     */
    static ServerConnectionSelector wrap(ServerConnectionSelector selector, IoWatchdog watchdog,
                                         Duration clientTimeout) {
        ThreadFactory flushers = Thread.ofVirtual().name("weft-h2-flush").factory();
        return new WrappedSelector(selector) {
            @Override
            public ServerConnection connection(ConnectionContext ctx) {
                H2WriteBatch batch = new H2WriteBatch(ctx.dataWriter(), r -> flushers.newThread(r).start(),
                        watchdog, clientTimeout, () -> ctx.serverSocket().close());
                return new Flushed(selector.connection(new Batched(ctx, batch)), batch);
            }
        };
    }

    /**
     * The connection, whose batch is written out when Helidon's handling ends (a GOAWAY, the
     * client's end, an error): Helidon closes the socket next, which would lose what is held.
     */
    private record Flushed(ServerConnection delegate, H2WriteBatch batch)
            implements ServerConnection, InterruptableTask<Void> {
        @Override
        public void handle(Limit limit) throws InterruptedException {
            try {
                delegate.handle(limit);
            } finally {
                try {
                    batch.flush();
                } catch (UncheckedIOException gone) {
                    // the client connection failed: what was held for it is lost with it
                }
            }
        }

        @Override
        public boolean canInterrupt() {
            return delegate instanceof InterruptableTask<?> t && t.canInterrupt();
        }

        @Override
        public Duration idleTime() {
            return delegate.idleTime();
        }

        @Override
        public void close(boolean interrupt) {
            delegate.close(interrupt);
        }
    }

    /** The listener's context, but writing through {@code writer}. */
    private record Batched(ConnectionContext ctx, DataWriter writer) implements ConnectionContext {
        @Override
        public DataWriter dataWriter() {
            return writer;
        }

        @Override
        public ListenerContext listenerContext() {
            return ctx.listenerContext();
        }

        @Override
        public ExecutorService executor() {
            return ctx.executor();
        }

        @Override
        public DataReader dataReader() {
            return ctx.dataReader();
        }

        @Override
        public Router router() {
            return ctx.router();
        }

        @Override
        public Optional<ProxyProtocolData> proxyProtocolData() {
            return ctx.proxyProtocolData();
        }

        @Override
        public HelidonSocket serverSocket() {
            return ctx.serverSocket();
        }

        @Override
        public PeerInfo remotePeer() {
            return ctx.remotePeer();
        }

        @Override
        public PeerInfo localPeer() {
            return ctx.localPeer();
        }

        @Override
        public boolean isSecure() {
            return ctx.isSecure();
        }

        @Override
        public String socketId() {
            return ctx.socketId();
        }

        @Override
        public String childSocketId() {
            return ctx.childSocketId();
        }
    }
}
