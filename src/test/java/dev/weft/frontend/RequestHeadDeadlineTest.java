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

    /** A deadline whose actions are kept in {@code actions} for the test to fire, never fired by the watchdog. */
    private RequestHeadDeadline keepingActions(List<Runnable> actions) {
        return new RequestHeadDeadline("fe", Duration.ofSeconds(1), (timeout, action) -> {
            actions.add(action);
            return watchdog.arm(Duration.ofDays(1));
        }, env);
    }

    @Test
    void aDeadlineThatFiresAsItIsArmedEndsTheConnectionAfterItsAnswer() {
        // The connection's thread stalls past the timeout just as the deadline is armed: the
        // watchdog's action runs before arm() returns. Armed before it was published, the
        // deadline found nothing to take out, answered 408 all the same, and headers() then
        // found the late-published deadline and let the request go on behind the 408.
        RequestHeadDeadline deadline = new RequestHeadDeadline("fe", Duration.ofSeconds(1), (timeout, action) -> {
            action.run();
            return watchdog.arm(Duration.ofDays(1));
        }, env);
        ConnectionContext ctx = connection();

        assertThatThrownBy(() -> head(deadline, ctx)).isInstanceOf(CloseConnectionException.class);
        assertThat(written).singleElement().asString().startsWith("HTTP/1.1 408 Request Time-out\r\n");
        assertThat(logged).singleElement().satisfies(r -> {
            assertThat(r.status()).isEqualTo(408);
            assertThat(r.termination().toString()).isEqualTo("cR");
            assertThat(r.uri()).isEqualTo("/slow");
        });
    }

    @Test
    void aHeadCompleteBeforeItsDeadlineGoesOnAndTheDeadlineNeverAnswers() throws InterruptedException {
        List<Runnable> actions = new CopyOnWriteArrayList<>();
        RequestHeadDeadline deadline = keepingActions(actions);
        ConnectionContext ctx = connection();

        head(deadline, ctx);
        // the deadline fires late, after the head took it out: it must not answer
        actions.getFirst().run();

        assertThat(written).isEmpty();
        assertThat(logged).isEmpty();
    }

    @Test
    void aRequestLineAfterARefusedHeadReplacesItsDeadline() throws InterruptedException {
        // Helidon refused the first head after its request line (no headers() call) and read
        // the next request on the same connection: the first deadline is moot and its slot free.
        List<Runnable> actions = new CopyOnWriteArrayList<>();
        RequestHeadDeadline deadline = keepingActions(actions);
        ConnectionContext ctx = connection();

        ClientPeer.serve(new ClientConnection(ctx), () -> {
            deadline.prologue(ctx, prologue);
            deadline.prologue(ctx, prologue);
            actions.getFirst().run();
            deadline.headers(ctx, null);
        });

        assertThat(actions).hasSize(2);
        assertThat(written).as("the replaced deadline does not answer").isEmpty();
        assertThat(logged).isEmpty();
    }
}
