package dev.weft.frontend;

import dev.weft.backend.Connector;
import dev.weft.observe.AccessLog;
import dev.weft.stream.IoWatchdog;
import dev.weft.stream.StreamEnv;
import dev.weft.stream.StreamRecord;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import io.helidon.common.socket.PeerInfo;
import io.helidon.http.HttpPrologue;
import io.helidon.http.Method;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.nio.charset.StandardCharsets;
import java.security.Principal;
import java.security.cert.Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * RequestHeadDeadline: the head's deadline and the head itself race to take the connection's
 * pending deadline out; exactly one of them wins, and a 408 is never followed by the request.
 * Driven on the test's thread as Helidon's connection thread would: prologue, then headers.
 */
class RequestHeadDeadlineTest {
    private final IoWatchdog watchdog = new IoWatchdog();
    private final List<StreamRecord> logged = new CopyOnWriteArrayList<>();
    private final AccessLog accessLog = new AccessLog() {
        public void log(StreamRecord r) { logged.add(r); }
        public void close() { }
    };
    private final StreamEnv env = new StreamEnv(new Connector(64 * 1024, watchdog), accessLog, 16 * 1024, watchdog);
    /** What the 408's writer wrote on the client's connection. */
    private final List<String> written = new CopyOnWriteArrayList<>();
    private final HttpPrologue prologue = HttpPrologue.create("HTTP/1.1", "HTTP", "1.1", Method.GET, "/slow", false);

    @AfterEach
    void close() {
        watchdog.close();
    }

    private record Peer(InetSocketAddress socket) implements PeerInfo {
        @Override public SocketAddress address() { return socket; }
        @Override public String host() { return socket.getHostString(); }
        @Override public int port() { return socket.getPort(); }
        @Override public Optional<Principal> tlsPrincipal() { return Optional.empty(); }
        @Override public Optional<Certificate[]> tlsCertificates() { return Optional.empty(); }
    }

    /** A client connection whose writer records what is written; nothing else is answered. */
    private ConnectionContext connection() {
        DataWriter writer = (DataWriter) Proxy.newProxyInstance(DataWriter.class.getClassLoader(),
                new Class<?>[] {DataWriter.class}, (proxy, method, args) -> {
                    if (method.getName().equals("writeNow") && args[0] instanceof BufferData data) {
                        written.add(data.readString(data.available(), StandardCharsets.US_ASCII));
                        return null;
                    }
                    throw new UnsupportedOperationException(method.getName());
                });
        PeerInfo client = new Peer(new InetSocketAddress("127.0.0.9", 40000));
        return (ConnectionContext) Proxy.newProxyInstance(ConnectionContext.class.getClassLoader(),
                new Class<?>[] {ConnectionContext.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "dataWriter" -> writer;
                    case "remotePeer" -> client;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    /** Runs one request head's prologue then headers, on this thread, with {@code ctx}'s connection bound. */
    private void head(RequestHeadDeadline deadline, ConnectionContext ctx) throws InterruptedException {
        ClientPeer.serve(new ClientConnection(ctx), () -> {
            deadline.prologue(ctx, prologue);
            deadline.headers(ctx, null);
        });
    }

    /** What the deadlines armed through {@link #keepingActions} would run, in arming order. */
    private final List<Runnable> actions = new CopyOnWriteArrayList<>();
    /** Their deadlines, in arming order. */
    private final List<IoWatchdog.Armed> armed = new CopyOnWriteArrayList<>();

    /** A deadline whose actions are kept in {@link #actions} for the test to fire, never fired by the watchdog. */
    private RequestHeadDeadline keepingActions() {
        return new RequestHeadDeadline("fe", Duration.ofSeconds(1), (timeout, action) -> {
            actions.add(action);
            IoWatchdog.Armed a = watchdog.arm(Duration.ofDays(1));
            armed.add(a);
            return a;
        }, env);
    }

    @Test
    void aDeadlineThatFiresAsItIsArmedEndsTheConnectionAfterItsAnswer() {
        // The connection's thread stalls past the timeout just as the deadline is armed: the
        // watchdog's action runs before arm() returns. In the order this test guards against
        // (armed, then published), the deadline found nothing to take out, answered 408 all the
        // same, and headers() then found the late-published deadline and let the request go on.
        RequestHeadDeadline deadline = new RequestHeadDeadline("fe", Duration.ofSeconds(1), (timeout, action) -> {
            action.run();
            return watchdog.arm(Duration.ofDays(1));
        }, env);
        ConnectionContext ctx = connection();

        assertThatThrownBy(() -> head(deadline, ctx)).isInstanceOf(CloseConnectionException.class);
        // the page's writer is waited for at most 100 ms, and goes on after that
        await().atMost(Duration.ofSeconds(10)).untilAsserted(() ->
                assertThat(written).singleElement().asString().startsWith("HTTP/1.1 408 Request Time-out\r\n"));
        assertThat(logged).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.termination().toString()).isEqualTo("cR");
            assertThat(r.uri()).isEqualTo("/slow");
        });
    }

    @Test
    void aHeadCompleteBeforeItsDeadlineGoesOnAndTheDeadlineNeverAnswers() throws InterruptedException {
        RequestHeadDeadline deadline = keepingActions();
        ConnectionContext ctx = connection();

        head(deadline, ctx);
        assertThat(armed.getFirst().isWaiting()).as("disarmed by the complete head").isFalse();
        // the deadline fires late, after the head took it out: it must not answer
        actions.getFirst().run();

        assertThat(written).isEmpty();
        assertThat(logged).isEmpty();
    }

    @Test
    void aRequestLineAfterARefusedHeadReplacesItsDeadline() throws InterruptedException {
        // A head refused after its request line (no headers() call) and the next request read
        // on the same connection: the first deadline is moot and its slot free. Helidon 4.5.0
        // leaves the connection after a refused head; prologue() guards against one that won't.
        RequestHeadDeadline deadline = keepingActions();
        ConnectionContext ctx = connection();

        ClientPeer.serve(new ClientConnection(ctx), () -> {
            deadline.prologue(ctx, prologue);
            deadline.prologue(ctx, prologue);
            actions.getFirst().run();
            deadline.headers(ctx, null);
        });

        assertThat(actions).hasSize(2);
        assertThat(armed.get(0).isWaiting()).as("the replaced deadline disarmed").isFalse();
        assertThat(written).as("the replaced deadline does not answer").isEmpty();
        assertThat(logged).isEmpty();
    }
}
