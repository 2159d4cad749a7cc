package dev.weft.it.support;

import static org.awaitility.Awaitility.await;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;

import org.awaitility.core.ConditionTimeoutException;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.HTTP2Connection;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Connection;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A well-behaved HTTP/1.1 server for weft to proxy to: a Jetty 12 server in the test JVM on
 * {@code 127.0.0.1} and an ephemeral port, serving the endpoints of {@link OriginHandler}
 * ({@code /echo}, {@code /bytes/N}, {@code /slow?ms=N}, {@code /head}, {@code /nocontent},
 * {@code /upload}).
 *
 * <p>It accounts for what weft did to it: every request head ({@link #requests()}), every TCP
 * connection Jetty accepted ({@link #acceptedConnections()}), the distinct client ports requests
 * came from ({@link #remotePorts()}), and the body bytes {@code /bytes/N} has written so far
 * ({@link #bytesSent()}). Thread-safe: Jetty's threads record, the test thread reads.
 *
 * <p>{@link #startH2c(int)} starts the same origin speaking HTTP/2 with prior knowledge only
 * (cleartext), with a limit on concurrent streams per connection; {@link #goAwayAll()} makes it
 * send GOAWAY on every open connection.
 */
public final class JettyOrigin implements AutoCloseable {

    private final Server server = new Server();
    private final ServerConnector connector;
    private final List<HTTP2Connection> h2Connections = new CopyOnWriteArrayList<>();
    private final List<SeenRequest> requests = new CopyOnWriteArrayList<>();
    private final AtomicInteger acceptedConnections = new AtomicInteger();
    private final AtomicLong bytesSent = new AtomicLong();

    private JettyOrigin(int h2MaxStreams) {
        if (h2MaxStreams > 0) {
            HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(new HttpConfiguration());
            h2c.setMaxConcurrentStreams(h2MaxStreams);
            connector = new ServerConnector(server, h2c);
        } else {
            connector = new ServerConnector(server);
        }
        connector.setHost("127.0.0.1");
        connector.setPort(0);
        connector.addEventListener(new Connection.Listener() {
            @Override
            public void onOpened(Connection connection) {
                acceptedConnections.incrementAndGet();
                if (connection instanceof HTTP2Connection h2) {
                    h2Connections.add(h2);
                }
            }

            @Override
            public void onClosed(Connection connection) {
                h2Connections.remove(connection);
            }
        });
        server.addConnector(connector);
        server.setHandler(new OriginHandler(this));
    }

    /** Starts an origin on a fresh loopback port. */
    public static JettyOrigin start() throws Exception {
        JettyOrigin origin = new JettyOrigin(0);
        origin.server.start();
        return origin;
    }

    /** Starts an HTTP/2 (h2c, prior knowledge) origin allowing {@code maxStreams} concurrent streams per connection. */
    public static JettyOrigin startH2c(int maxStreams) throws Exception {
        JettyOrigin origin = new JettyOrigin(maxStreams);
        origin.server.start();
        return origin;
    }

    /** HTTP/2 connections open now. */
    public int openH2Connections() {
        return h2Connections.size();
    }

    /**
     * Sends GOAWAY (NO_ERROR) on every open HTTP/2 connection: streams the server has not seen
     * are not processed, streams in flight finish, then the connection closes. Returns how many.
     */
    public int goAwayAll() {
        int n = 0;
        for (HTTP2Connection c : h2Connections) {
            c.getSession().close(ErrorCode.NO_ERROR.code, "origin going away", Callback.NOOP);
            n++;
        }
        return n;
    }

    /** The port it listens on. */
    public int port() {
        return connector.getLocalPort();
    }

    /** TCP connections accepted so far (Jetty {@link Connection.Listener#onOpened}). */
    public int acceptedConnections() {
        return acceptedConnections.get();
    }

    /** The distinct client ports that requests arrived from (one per backend connection weft used). */
    public Set<Integer> remotePorts() {
        Set<Integer> ports = new TreeSet<>();
        requests.forEach(r -> ports.add(r.remotePort()));
        return ports;
    }

    /** Every request head received so far, in arrival order. */
    public List<SeenRequest> requests() {
        return List.copyOf(requests);
    }

    /** Body bytes written by {@code /bytes/N} so far, over all requests. */
    public long bytesSent() {
        return bytesSent.get();
    }

    /**
     * Waits (bounded) for a request matching {@code match} and returns the first one.
     *
     * @throws AssertionError naming {@code description} and listing what did arrive
     */
    public SeenRequest awaitRequest(String description, Duration timeout, Predicate<SeenRequest> match) {
        AtomicReference<SeenRequest> found = new AtomicReference<>();
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> {
                requests.stream().filter(match).findFirst().ifPresent(found::set);
                return found.get() != null;
            });
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("the origin did not receive " + description + " within "
                    + timeout.toMillis() + "ms; it received: " + requests, e);
        }
        return found.get();
    }

    /** The one request whose URI is {@code uri}; fails if there is none or several. */
    public SeenRequest onlyRequest(String uri) {
        List<SeenRequest> matching = requests.stream().filter(r -> r.uri().equals(uri)).toList();
        if (matching.size() != 1) {
            throw new AssertionError("expected exactly one request for " + uri + " at the origin, got "
                    + matching.size() + ": " + requests);
        }
        return matching.getFirst();
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    void record(SeenRequest request) {
        requests.add(request);
    }

    void addBytesSent(long count) {
        bytesSent.addAndGet(count);
    }
}
