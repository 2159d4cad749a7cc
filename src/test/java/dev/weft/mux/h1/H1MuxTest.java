package dev.weft.mux.h1;

import dev.weft.backend.Connection;
import dev.weft.backend.Connector;
import dev.weft.backend.ConnectionPool;
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
import dev.weft.mux.ServerSideInput;
import dev.weft.stream.ConnStream;
import dev.weft.stream.IoWatchdog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/**
 * H1Mux against a scripted server socket: script (what the peer answers), play (one exchange
 * through the mux), verify (what the peer received and how the mux classified the outcome).
 */
class H1MuxTest {
    /** One thread per scripted connection: a script may block until the test closes its side. */
    private static final java.util.concurrent.Executor OWN_THREAD = r -> Thread.ofVirtual().start(r);

    private final ServerSocket peer;
    private final Server server;
    private final IoWatchdog watchdog = new IoWatchdog();
    private final Connector connector = new Connector(64 * 1024, watchdog);

    H1MuxTest() throws IOException {
        peer = new ServerSocket(0);
        server = new Server("app", new ServerConfig("s1", new HostPort("127.0.0.1", peer.getLocalPort()),
                ServerConfig.Proto.H1, 1, 0, false, false), new ConnectionPool(HttpReuse.ALWAYS, 8));
    }

    @AfterEach
    void close() throws IOException {
        watchdog.close();
        peer.close();
    }

    /** Accepts one connection, reads one request head (and {@code bodyBytes} more), answers {@code response}, then maybe closes. */
    private CompletableFuture<String> script(String response, int bodyBytes, boolean closeAfter) {
        return CompletableFuture.supplyAsync(() -> {
            try (Socket s = peer.accept()) {
                InputStream in = new ServerSideInput(s.getInputStream());
                String received = readRequest(in, bodyBytes);
                OutputStream out = s.getOutputStream();
                out.write(response.getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                if (!closeAfter) {
                    in.read();
                }
                return received;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, OWN_THREAD);
    }

    private static String readRequest(InputStream in, int bodyBytes) throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        int state = 0;
        while (state < 4) {
            int b = in.read();
            if (b < 0) {
                break;
            }
            got.write(b);
            state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
        }
        got.write(in.readNBytes(bodyBytes));
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    private MuxStream attach() throws MuxException {
        Connection c = connector.connect(server, Duration.ofSeconds(2), Duration.ofSeconds(2));
        ConnStream cs = new ConnStream(1);
        return c.mux().attach(cs);
    }

    private static RequestHead get(String target) {
        return new RequestHead("GET", target, new HeaderList().add("Host", "example"));
    }

    private static String body(MuxStream ms) throws MuxException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(7);
        int n;
        while ((n = ms.receiveBody(buf.clear())) >= 0) {
            out.write(buf.array(), 0, n);
        }
        return out.toString(StandardCharsets.ISO_8859_1);
    }

    @Test
    void relaysAContentLengthResponseAndPoolsTheConnection() throws Exception {
        var peerDone = script("HTTP/1.1 200 OK\r\nContent-Length: 11\r\nX-A: 1\r\n\r\nhello world", 0, false);
        MuxStream ms = attach();
        ms.sendHead(get("/x?y=1"), 0);
        ResponseHead head = ms.receiveHead();
        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().first("x-a")).isEqualTo("1");
        assertThat(body(ms)).isEqualTo("hello world");
        Connection c = connectionOf(ms);
        c.mux().detach(ms);
        assertThat(server.pool().idleCount()).isEqualTo(1);
        c.close();
        assertThat(peerDone.get(5, TimeUnit.SECONDS)).isEqualTo("GET /x?y=1 HTTP/1.1\r\nHost: example\r\n\r\n");
    }

    private Connection connectionOf(MuxStream ms) {
        return ((H1Stream) ms).connection();
    }

    @Test
    void decodesAChunkedResponse() throws Exception {
        script("HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", 0, false);
        MuxStream ms = attach();
        ms.sendHead(get("/"), 0);
        ms.receiveHead();
        assertThat(body(ms)).isEqualTo("hello world");
        connectionOf(ms).close();
    }

    @Test
    void sendsABodyOfUnknownLengthChunked() throws Exception {
        var peerDone = script("HTTP/1.1 204 No Content\r\n\r\n", 23, false);
        MuxStream ms = attach();
        RequestHead post = new RequestHead("POST", "/up", new HeaderList().add("Host", "h"));
        ms.sendHead(post, -1);
        ms.sendBody(ByteBuffer.wrap("abc".getBytes(StandardCharsets.US_ASCII)), false);
        ms.sendBody(ByteBuffer.wrap("defgh".getBytes(StandardCharsets.US_ASCII)), true);
        assertThat(ms.receiveHead().status()).isEqualTo(204);
        assertThat(ms.receiveBody(ByteBuffer.allocate(8))).isEqualTo(-1);
        connectionOf(ms).close();
        assertThat(peerDone.get(5, TimeUnit.SECONDS)).isEqualTo(
                "POST /up HTTP/1.1\r\nHost: h\r\nTransfer-Encoding: chunked\r\n\r\n3\r\nabc\r\n5\r\ndefgh\r\n0\r\n\r\n");
    }

    @Test
    void closesAConnectionThatCarriedARequestBodyWithAFin() throws Exception {
        // the server answers before it reads the body: weft's close must not discard the body
        // bytes the kernel may still hold (a reset would), so the server reads them, then -1
        CompletableFuture<String> peerDone = CompletableFuture.supplyAsync(() -> {
            try (Socket s = peer.accept()) {
                String head = readRequest(s.getInputStream(), 0);
                s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
                String body = new String(s.getInputStream().readNBytes(5), StandardCharsets.ISO_8859_1);
                return head.startsWith("POST") + " " + body + " " + s.getInputStream().read();
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, OWN_THREAD);
        MuxStream ms = attach();
        ms.sendHead(new RequestHead("POST", "/up", new HeaderList().add("Host", "h")), 5);
        ms.sendBody(ByteBuffer.wrap("abcde".getBytes(StandardCharsets.US_ASCII)), true);
        assertThat(ms.receiveHead().status()).isEqualTo(200);
        connectionOf(ms).close();
        assertThat(peerDone.get(5, TimeUnit.SECONDS)).isEqualTo("true abcde -1");
    }

    @Test
    void classifiesAnImmediateCloseAsAnEmptyResponse() throws Exception {
        script("", 0, true);
        MuxStream ms = attach();
        ms.sendHead(get("/"), 0);
        assertThatThrownBy(ms::receiveHead).isInstanceOfSatisfying(MuxException.class,
                e -> assertThat(e.failure()).isEqualTo(new StreamFailure.EmptyResponse(false, true, true)));
    }

    @Test
    void classifiesACloseInsideTheHeadAsTruncated() throws Exception {
        script("HTTP/1.1 200 OK\r\nContent-Le", 0, true);
        MuxStream ms = attach();
        ms.sendHead(get("/"), 0);
        assertThatThrownBy(ms::receiveHead).isInstanceOfSatisfying(MuxException.class,
                e -> assertThat(e.failure()).isInstanceOf(StreamFailure.TruncatedHead.class));
    }

    @Test
    void classifiesJunkAsAnInvalidResponse() throws Exception {
        script("SSH-2.0-OpenSSH_9.2\r\n\r\n", 0, true);
        MuxStream ms = attach();
        ms.sendHead(get("/"), 0);
        assertThatThrownBy(ms::receiveHead).isInstanceOfSatisfying(MuxException.class,
                e -> assertThat(e.failure()).isInstanceOf(StreamFailure.JunkResponse.class));
    }

    @Test
    void classifiesASilentServerAsAResponseTimeout() throws Exception {
        CompletableFuture.runAsync(() -> {
            try (Socket s = peer.accept()) {
                s.getInputStream().readAllBytes();
            } catch (IOException ignored) {
                // the test closes the connection
            }
        }, OWN_THREAD);
        Connection c = connector.connect(server, Duration.ofSeconds(2), Duration.ofMillis(200));
        MuxStream ms = c.mux().attach(new ConnStream(1));
        ms.sendHead(get("/"), 0);
        assertThatThrownBy(ms::receiveHead).isInstanceOfSatisfying(MuxException.class,
                e -> assertThat(e.failure()).isInstanceOf(StreamFailure.ResponseTimeout.class));
        c.close();
    }

    /**
     * A stream waiting for its response parks without a deadline of its own: the watchdog keeps
     * timeout.server. With the socket's timeout (SO_TIMEOUT) the JDK would park it timed, and
     * schedule that park and its cancel on a platform thread woken for each.
     */
    @Test
    void aStreamWaitingForItsResponseDoesNotParkTimed() throws Exception {
        CompletableFuture<Socket> accepted = CompletableFuture.supplyAsync(() -> {
            try {
                Socket s = peer.accept();
                readRequest(s.getInputStream(), 0);
                return s;
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }, OWN_THREAD);
        Connection c = connector.connect(server, Duration.ofSeconds(2), Duration.ofSeconds(30));
        MuxStream ms = c.mux().attach(new ConnStream(1));
        ms.sendHead(get("/"), 0);
        Socket origin = accepted.get(20, TimeUnit.SECONDS);
        CompletableFuture<ResponseHead> head = new CompletableFuture<>();
        Thread reader = Thread.ofVirtual().start(() -> {
            try {
                head.complete(ms.receiveHead());
            } catch (MuxException e) {
                head.completeExceptionally(e);
            }
        });
        await().atMost(Duration.ofSeconds(20)).until(() -> reader.getState() != Thread.State.RUNNABLE
                && reader.getState() != Thread.State.NEW);
        assertThat(reader.getState()).isEqualTo(Thread.State.WAITING);
        origin.getOutputStream().write("HTTP/1.1 204 No Content\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        assertThat(head.get(20, TimeUnit.SECONDS).status()).isEqualTo(204);
        origin.close();
        c.close();
    }

    @Test
    void givesUpOnAServerThatStopsReadingTheRequestBody() throws Exception {
        CompletableFuture.runAsync(() -> {
            try (Socket s = peer.accept()) {
                s.getInputStream().read();
                new CompletableFuture<Void>().get(); // never reads again, never closes
            } catch (IOException | InterruptedException | java.util.concurrent.ExecutionException ignored) {
                // the test is over
            }
        }, OWN_THREAD);
        Connection c = connector.connect(server, Duration.ofSeconds(2), Duration.ofMillis(300));
        CompletableFuture<Throwable> outcome = new CompletableFuture<>();
        // On a virtual thread, as in weft: an interrupt closes the socket the thread is blocked on.
        Thread.ofVirtual().start(() -> {
            try {
                MuxStream ms = c.mux().attach(new ConnStream(1));
                ms.sendHead(new RequestHead("POST", "/up", new HeaderList().add("Host", "h")), -1);
                byte[] mib = new byte[1 << 20];
                for (int i = 0; i < 1024; i++) {
                    ms.sendBody(ByteBuffer.wrap(mib), false);
                }
                outcome.complete(null);
            } catch (MuxException e) {
                outcome.complete(e);
            }
        });
        Throwable t = outcome.get(20, TimeUnit.SECONDS);
        assertThat(t).as("1 GiB went into a server that reads nothing").isInstanceOf(MuxException.class);
        assertThat(((MuxException) t).failure()).isInstanceOf(StreamFailure.ResponseTimeout.class);
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        c.close();
    }

    @Test
    void failsAShortBodyInsteadOfEndingIt() throws Exception {
        script("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\nonly ten b", 0, true);
        MuxStream ms = attach();
        ms.sendHead(get("/"), 0);
        ms.receiveHead();
        assertThatThrownBy(() -> body(ms)).isInstanceOfSatisfying(MuxException.class,
                e -> assertThat(e.failure()).isInstanceOf(StreamFailure.ServerAbortedData.class));
        Connection c = connectionOf(ms);
        c.mux().detach(ms);
        assertThat(c.isClosed()).isTrue();
        assertThat(server.pool().openCount()).isZero();
    }

    @Test
    void readsUntilCloseAndNeverPoolsThatConnection() throws Exception {
        script("HTTP/1.0 200 OK\r\n\r\nall of it", 0, true);
        MuxStream ms = attach();
        ms.sendHead(get("/"), 0);
        ms.receiveHead();
        assertThat(body(ms)).isEqualTo("all of it");
        Connection c = connectionOf(ms);
        c.mux().detach(ms);
        assertThat(c.isClosed()).isTrue();
        assertThat(server.pool().idleCount()).isZero();
    }

    @Test
    void doesNotPoolAConnectionTheServerAskedToClose() throws Exception {
        script("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", 0, true);
        MuxStream ms = attach();
        ms.sendHead(get("/"), 0);
        ms.receiveHead();
        assertThat(body(ms)).isEqualTo("ok");
        Connection c = connectionOf(ms);
        c.mux().detach(ms);
        assertThat(c.isClosed()).isTrue();
    }

    /** The read buffer {@code ms}'s connection reads into. */
    private static ByteBuffer readBufferOf(MuxStream ms) {
        return ((H1Mux) ((H1Stream) ms).connection().mux()).readBuffer();
    }

    /** One exchange of a 2-byte body on a fresh connection to {@code to}, detached at its end; returns its read buffer. */
    private ByteBuffer exchange(Server to, String body) throws Exception {
        Connection c = connector.connect(to, Duration.ofSeconds(2), Duration.ofSeconds(2));
        MuxStream ms = c.mux().attach(new ConnStream(1));
        ms.sendHead(get("/"), 0);
        assertThat(ms.receiveHead().status()).isEqualTo(200);
        assertThat(body(ms)).isEqualTo(body);
        ByteBuffer used = readBufferOf(ms);
        c.mux().detach(ms);
        return used;
    }

    @Test
    void aConnectionClosedAfterItsExchangeGivesItsReadBufferToTheNextOne() throws Exception {
        // the server closes: the 16 KiB buffer is not allocated and zeroed again for the next connection
        script("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nok", 0, true);
        ByteBuffer first = exchange(server, "ok");
        script("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno", 0, true);
        assertThat(exchange(server, "no")).isSameAs(first);
        // bytes after the body: the connection is closed with them unread, and the buffer goes
        // back emptied (the next response would otherwise start with them and be junk)
        script("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nokHTTP/1.1 500 Leftover\r\n\r\n", 0, false);
        assertThat(exchange(server, "ok")).isSameAs(first);
        assertThat(server.pool().idleCount()).isZero();
        script("HTTP/1.1 200 OK\r\nConnection: close\r\nContent-Length: 2\r\n\r\nno", 0, true);
        assertThat(exchange(server, "no")).isSameAs(first);
        // the pool refuses a connection (none kept idle): its buffer goes back too
        Server unpooled = new Server("app", server.config(), new ConnectionPool(HttpReuse.ALWAYS, 0));
        script("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0, false);
        assertThat(exchange(unpooled, "ok")).isSameAs(first);
        assertThat(unpooled.pool().idleCount()).isZero();
        script("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nno", 0, false);
        assertThat(exchange(unpooled, "no")).isSameAs(first);
    }

    @Test
    void aPooledConnectionKeepsItsReadBufferAndNoOtherConnectionGetsIt() throws Exception {
        script("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok", 0, false);
        ByteBuffer kept = exchange(server, "ok");
        assertThat(server.pool().idleCount()).isEqualTo(1);
        // a connection opened meanwhile reads into a buffer of its own, never the idle one's
        Server other = new Server("app", server.config(), new ConnectionPool(HttpReuse.ALWAYS, 0));
        script("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nno", 0, false);
        assertThat(exchange(other, "no")).isNotSameAs(kept);
        Connection idle = server.pool().take(false);
        assertThat(idle).isNotNull();
        MuxStream again = idle.mux().attach(new ConnStream(2));
        assertThat(readBufferOf(again)).isSameAs(kept);
        idle.close();
    }

    @Test
    void returnsInterimResponsesBeforeTheFinalOne() throws Exception {
        script("HTTP/1.1 100 Continue\r\n\r\nHTTP/1.1 200 OK\r\nContent-Length: 0\r\n\r\n", 0, false);
        MuxStream ms = attach();
        ms.sendHead(get("/"), 0);
        assertThat(ms.receiveHead().status()).isEqualTo(100);
        assertThat(ms.receiveHead().status()).isEqualTo(200);
        assertThat(ms.receiveBody(ByteBuffer.allocate(4))).isEqualTo(-1);
        connectionOf(ms).close();
    }
}
