package dev.weft.mux.h2;

import dev.weft.backend.Connection;
import dev.weft.backend.ConnectionPool;
import dev.weft.backend.Connector;
import dev.weft.backend.Server;
import dev.weft.config.BackendConfig.HttpReuse;
import dev.weft.config.HostPort;
import dev.weft.config.ServerConfig;
import dev.weft.failure.StreamFailure;
import dev.weft.http.HeaderList;
import dev.weft.http.RequestHead;
import dev.weft.http.ResponseHead;
import dev.weft.mux.MuxException;
import dev.weft.mux.MuxStream;
import dev.weft.stream.ConnStream;
import dev.weft.stream.IoWatchdog;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http2.server.HTTP2CServerConnectionFactory;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** H2Mux against Jetty's own HTTP/2 (h2c) server in the test JVM. */
class H2MuxTest {
    private static final Duration TIMEOUT = Duration.ofSeconds(10);

    private final org.eclipse.jetty.server.Server jetty = new org.eclipse.jetty.server.Server();
    private final AtomicInteger connections = new AtomicInteger();
    private final CountDownLatch release = new CountDownLatch(1);
    private final IoWatchdog watchdog = new IoWatchdog();
    private final Connector connector = new Connector(64 * 1024, watchdog);
    private Server server;

    private void start(int maxStreams) throws Exception {
        HttpConfiguration http = new HttpConfiguration();
        http.setResponseHeaderSize(64 * 1024);
        HTTP2CServerConnectionFactory h2c = new HTTP2CServerConnectionFactory(http);
        h2c.setMaxConcurrentStreams(maxStreams);
        ServerConnector c = new ServerConnector(jetty, h2c);
        c.setHost("127.0.0.1");
        c.addEventListener(new org.eclipse.jetty.io.Connection.Listener() {
            @Override
            public void onOpened(org.eclipse.jetty.io.Connection connection) {
                connections.incrementAndGet();
            }
        });
        jetty.addConnector(c);
        jetty.setHandler(new Handler.Abstract() {
            @Override
            public boolean handle(Request request, Response response, Callback callback) throws Exception {
                if (Request.getPathInContext(request).equals("/hold")) {
                    release.await(10, TimeUnit.SECONDS);
                }
                InputStream in = Content.Source.asInputStream(request);
                byte[] body = in.readAllBytes();
                String text = request.getMethod() + " " + request.getHttpURI().getPathQuery() + " authority="
                        + request.getHttpURI().getAuthority() + " x-test=" + request.getHeaders().get("x-test")
                        + " body=" + body.length;
                response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
                response.getHeaders().put("x-origin", "jetty");
                if (Request.getPathInContext(request).equals("/big-head")) {
                    response.getHeaders().put("x-big", "b".repeat(20_000));
                }
                Content.Sink.write(response, true, ByteBuffer.wrap(text.getBytes(StandardCharsets.UTF_8)));
                callback.succeeded();
                return true;
            }
        });
        jetty.start();
        server = new Server("app", new ServerConfig("s1", new HostPort("127.0.0.1", c.getLocalPort()),
                ServerConfig.Proto.H2, 1, 0, false, false), new ConnectionPool(HttpReuse.ALWAYS, 8));
    }

    @AfterEach
    void stop() throws Exception {
        release.countDown();
        connector.close();
        watchdog.close();
        jetty.stop();
    }

    private static RequestHead get(String target) {
        return new RequestHead("GET", target, new HeaderList().add("Host", "origin.example:8080")
                .add("X-Test", "yes").add("Connection", "keep-alive"));
    }

    private static String body(MuxStream s) throws MuxException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(7);
        int n;
        while ((n = s.receiveBody(buf.clear())) >= 0) {
            out.write(buf.array(), 0, n);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    /** One GET of {@code path} on a slot reserved on {@code c}: asserts a 200, returns the body, detaches. */
    private static String exchange(Connection c, int stream, String path) throws MuxException {
        MuxStream s = c.mux().attach(new ConnStream(stream));
        s.sendHead(get(path), 0);
        assertThat(s.receiveHead().status()).isEqualTo(200);
        String body = body(s);
        c.mux().detach(s);
        return body;
    }

    @Test
    void forwardsARequestWithItsAuthorityAndReadsTheResponse() throws Exception {
        start(100);
        Connection c = connector.connect(server, TIMEOUT, TIMEOUT);
        MuxStream s = c.mux().attach(new ConnStream(1));

        s.sendHead(get("/a?b=1"), 0);
        ResponseHead head = s.receiveHead();

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().first("x-origin")).isEqualTo("jetty");
        assertThat(body(s)).isEqualTo("GET /a?b=1 authority=origin.example:8080 x-test=yes body=0");
        c.mux().detach(s);
        await().atMost(TIMEOUT).until(() -> server.pool().idleCount() == 1);
        assertThat(c.mux().usedStreams()).isZero();
    }

    @Test
    void acceptsAResponseHeadLargerThanJettysDefaultLimit() throws Exception {
        start(100);
        Connection c = connector.connect(server, TIMEOUT, TIMEOUT);
        MuxStream s = c.mux().attach(new ConnStream(1));

        s.sendHead(get("/big-head"), 0);

        assertThat(s.receiveHead().headers().first("x-big")).hasSize(20_000);
        body(s);
        c.mux().detach(s);
    }

    @Test
    void streamsARequestBody() throws Exception {
        start(100);
        Connection c = connector.connect(server, TIMEOUT, TIMEOUT);
        MuxStream s = c.mux().attach(new ConnStream(1));

        s.sendHead(new RequestHead("POST", "/up", new HeaderList().add("Host", "h")), -1);
        for (int i = 0; i < 100; i++) {
            s.sendBody(ByteBuffer.wrap(new byte[10_000]), false);
        }
        s.sendBody(ByteBuffer.allocate(0), true);

        assertThat(s.receiveHead().status()).isEqualTo(200);
        assertThat(body(s)).endsWith("body=1000000");
        c.mux().detach(s);
    }

    @Test
    void takesTheServersStreamLimitAndRefusesASlotPastIt() throws Exception {
        start(2);
        Connection c = connector.connect(server, TIMEOUT, TIMEOUT);

        assertThat(c.mux().usedStreams()).isEqualTo(1);
        assertThat(c.mux().availableStreams()).isEqualTo(1);
        assertThat(c.mux().tryReserve()).isTrue();
        assertThat(c.mux().tryReserve()).isFalse();
        MuxStream a = c.mux().attach(new ConnStream(1));
        MuxStream b = c.mux().attach(new ConnStream(2));
        a.sendHead(get("/hold"), 0);
        b.sendHead(get("/hold"), 0);
        release.countDown();
        assertThat(a.receiveHead().status()).isEqualTo(200);
        body(a);
        c.mux().detach(a);

        await().atMost(TIMEOUT).until(() -> c.mux().availableStreams() == 1);
        assertThat(b.receiveHead().status()).isEqualTo(200);
        body(b);
        c.mux().detach(b);
        await().atMost(TIMEOUT).until(() -> c.mux().availableStreams() == 2);
        assertThat(connections.get()).isEqualTo(1);
    }

    /**
     * A connection whose last stream ended is listed idle: a stream that found it still shared
     * cannot reserve it from then on (it could be another client's), one take from the idle list
     * can, and the pool hands it out once.
     */
    @Test
    void aConnectionListedIdleIsReservedOnlyByATakeFromTheIdleList() throws Exception {
        start(100);
        Connection c = connector.connect(server, TIMEOUT, TIMEOUT);
        exchange(c, 1, "/a");
        await().atMost(TIMEOUT).until(() -> server.pool().idleCount() == 1);

        assertThat(c.mux().tryReserve()).as("a late stream of the shared list").isFalse();
        assertThat(server.pool().take(false, () -> "client-b")).isSameAs(c);
        assertThat(server.pool().take(false, () -> "client-c")).as("shared now, under always").isSameAs(c);
        assertThat(server.pool().idleCount()).isZero();
        assertThat(c.mux().usedStreams()).isEqualTo(2);
        assertThat(exchange(c, 2, "/b")).startsWith("GET /b");
        c.mux().abort(c.mux().attach(new ConnStream(3)));
        await().atMost(TIMEOUT).until(() -> server.pool().idleCount() == 1);
        assertThat(c.mux().usedStreams()).isZero();
    }

    @Test
    void abortResetsOnlyThatStreamAndTheConnectionGoesOn() throws Exception {
        start(100);
        Connection c = connector.connect(server, TIMEOUT, TIMEOUT);
        MuxStream held = c.mux().attach(new ConnStream(1));
        held.sendHead(get("/hold"), 0);

        c.mux().abort(held);

        // its only stream ended: reset (CANCEL) and its slot given back, the connection listed idle and taken from there
        await().atMost(TIMEOUT).until(() -> server.pool().idleCount() == 1);
        assertThat(c.isClosed()).isFalse();
        assertThat(server.pool().take(false, () -> "client-a")).isSameAs(c);
        assertThat(exchange(c, 2, "/b")).startsWith("GET /b");
        await().atMost(TIMEOUT).until(() -> c.mux().usedStreams() == 0);
    }

    @Test
    void aClosedServerIsAConnectRefusal() throws Exception {
        start(100);
        jetty.stop();
        assertThatThrownBy(() -> connector.connect(server, TIMEOUT, TIMEOUT))
                .isInstanceOfSatisfying(MuxException.class,
                        e -> assertThat(e.failure()).isInstanceOf(StreamFailure.ConnectRefused.class));
        assertThat(server.pool().openCount()).isZero();
    }
}
