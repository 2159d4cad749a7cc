package dev.weft.mux.fcgi;

import dev.weft.backend.Connection;
import dev.weft.backend.ConnectionPool;
import dev.weft.backend.Connector;
import dev.weft.backend.Server;
import dev.weft.config.BackendConfig.HttpReuse;
import dev.weft.config.FcgiConfig;
import dev.weft.config.HostPort;
import dev.weft.config.ServerConfig;
import dev.weft.failure.StreamFailure;
import dev.weft.http.HeaderList;
import dev.weft.http.RequestHead;
import dev.weft.http.ResponseHead;
import dev.weft.mux.MuxException;
import dev.weft.mux.MuxStream;
import dev.weft.mux.ServerSideInput;
import dev.weft.mux.fcgi.FcgiBytes.Rec;
import dev.weft.stream.ConnStream;
import dev.weft.stream.IoWatchdog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * FcgiMux against a scripted FastCGI peer: script (what the peer answers to each request), play
 * (exchanges through the mux), verify (the records the peer received, the outcome's type).
 */
class FcgiMuxTest {
    private static final FcgiConfig APP = new FcgiConfig("/srv", Optional.empty(),
            Pattern.compile(FcgiConfig.DEFAULT_PATH_INFO), Map.of());
    private static final byte[] NO_MAX_CONNS = FcgiBytes.fixture("php-fpm-get-values-result.bin");

    private final ServerSocket peer;
    private final IoWatchdog watchdog = new IoWatchdog();
    private final Connector connector = new Connector(64 * 1024, watchdog);

    FcgiMuxTest() throws IOException {
        peer = new ServerSocket(0);
    }

    @AfterEach
    void close() throws IOException {
        watchdog.close();
        peer.close();
    }

    private Server server(int maxconn) {
        return new Server("php", new ServerConfig("fpm", new HostPort("127.0.0.1", peer.getLocalPort()),
                ServerConfig.Proto.FCGI, 1, maxconn, false, false), new ConnectionPool(HttpReuse.ALWAYS, 8), APP);
    }

    /** One scripted connection: the records of each request it received. */
    private interface Script {
        void play(InputStream in, OutputStream out, List<List<Rec>> received) throws IOException;
    }

    private CompletableFuture<List<List<Rec>>> accept(Script script) {
        return CompletableFuture.supplyAsync(() -> {
            List<List<Rec>> received = new ArrayList<>();
            try (Socket s = peer.accept()) {
                script.play(new ServerSideInput(s.getInputStream()), s.getOutputStream(), received);
                return received;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }, r -> Thread.ofVirtual().start(r));
    }

    /** Reads records until one of {@code type} with empty content (or GET_VALUES) ends the group. */
    private static List<Rec> readUntil(InputStream in, int endType) throws IOException {
        FcgiRecordParser parser = new FcgiRecordParser();
        List<Rec> out = new ArrayList<>();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        FcgiRecordParser.Header h = null;
        while (true) {
            int b = in.read();
            if (b < 0) {
                return out;
            }
            ByteBuffer one = ByteBuffer.wrap(new byte[] {(byte) b});
            for (FcgiRecordParser.Event e = parser.next(one, 1); e != null; e = parser.next(one, 1)) {
                switch (e) {
                    case FcgiRecordParser.Header x -> h = x;
                    case FcgiRecordParser.Content c -> content.write(c.bytes().get());
                    case FcgiRecordParser.End end -> {
                        Rec r = new Rec(h.type(), h.requestId(), content.toByteArray());
                        content.reset();
                        out.add(r);
                        if (r.type() == FcgiRecordType.GET_VALUES.code() || (r.type() == endType && r.content().length == 0)) {
                            return out;
                        }
                    }
                }
            }
        }
    }

    private static byte[] stdout(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return FcgiRecordWriter.stream(FcgiRecordType.STDOUT, 1, b, 0, b.length);
    }

    private static byte[] stderr(String text) {
        byte[] b = text.getBytes(StandardCharsets.ISO_8859_1);
        return FcgiRecordWriter.stream(FcgiRecordType.STDERR, 1, b, 0, b.length);
    }

    private static final byte[] END_OK = FcgiRecordWriter.endRequest(1, 0, FcgiProtocolStatus.REQUEST_COMPLETE);

    /** Answers GET_VALUES with {@code result}, then each request with {@code answers[i]}. */
    private static Script phpFpm(byte[] result, byte[]... answers) {
        return (in, out, received) -> {
            assertThat(readUntil(in, -1).getFirst().type()).isEqualTo(FcgiRecordType.GET_VALUES.code());
            out.write(result);
            for (byte[] answer : answers) {
                received.add(readUntil(in, FcgiRecordType.STDIN.code()));
                out.write(answer);
            }
            in.read(); // until weft closes or the test ends
        };
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    private static String body(MuxStream ms) throws MuxException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        ByteBuffer buf = ByteBuffer.allocate(3);
        for (int n = ms.receiveBody(buf); n >= 0; n = ms.receiveBody(buf.clear())) {
            got.write(buf.array(), 0, n);
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    private static RequestHead get(String target) {
        return new RequestHead("GET", target, new HeaderList().add("Host", "h"));
    }

    private Connection connect(Server server) throws MuxException {
        return connector.connect(server, Duration.ofSeconds(2), Duration.ofSeconds(5));
    }

    @Test
    void sendsTheRequestAsRecordsAndReadsStatusHeadersBodyAndStderr() throws Exception {
        var script = accept(phpFpm(NO_MAX_CONNS, concat(stderr("PHP Warning: x\n"),
                stdout("Status: 418 I'm a teapot\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n\r\nbo"), stdout("dy"), END_OK)));
        Server server = server(0);
        Connection c = connect(server);
        MuxStream ms = c.mux().attach(new ConnStream(1));

        ms.sendHead(get("/t.php/p?q=1"), 0);
        ResponseHead head = ms.receiveHead();
        String body = body(ms);
        c.mux().detach(ms);

        assertThat(head.status()).isEqualTo(418);
        assertThat(head.headers().all("Set-Cookie")).containsExactly("a=1", "b=2");
        assertThat(body).isEqualTo("body");
        List<Rec> request = script.get(5, TimeUnit.SECONDS).getFirst();
        assertThat(request).extracting(Rec::type).containsExactly(1, 4, 4, 5);
        assertThat(request).extracting(Rec::requestId).containsOnly(1);
        assertThat(request.getFirst().content()).isEqualTo(FcgiBytes.hex("0001 00 0000000000"));
        assertThat(FcgiNameValues.decode(request.get(1).content())).contains(
                Map.entry("SCRIPT_FILENAME", "/srv/t.php"), Map.entry("PATH_INFO", "/p"), Map.entry("QUERY_STRING", "q=1"));
        // php-fpm does not report FCGI_MAX_CONNS and no maxconn is set: one request per connection
        assertThat(server.slotLimit()).isZero();
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void aConnectionClosedAfterItsRequestGivesItsReadBufferToTheNextOne() throws Exception {
        // no capacity known: one request per connection, and its 16 KiB read buffer is reused
        accept(phpFpm(NO_MAX_CONNS, concat(stdout("\r\none"), END_OK)));
        Server server = server(0);
        Connection first = connect(server);
        MuxStream ms = first.mux().attach(new ConnStream(1));
        ms.sendHead(get("/a.php"), 0);
        assertThat(ms.receiveHead().status()).isEqualTo(200);
        assertThat(body(ms)).isEqualTo("one");
        ByteBuffer used = ((FcgiMux) first.mux()).readBuffer();
        first.mux().detach(ms);
        assertThat(first.isClosed()).isTrue();

        accept((in, out, received) -> { // no second GET_VALUES: the server was probed once
            received.add(readUntil(in, FcgiRecordType.STDIN.code()));
            out.write(concat(stdout("\r\ntwo"), END_OK));
            in.read();
        });
        Connection second = connect(server);
        MuxStream ms2 = second.mux().attach(new ConnStream(2));
        assertThat(((FcgiMux) second.mux()).readBuffer()).isSameAs(used);
        ms2.sendHead(get("/b.php"), 0);
        assertThat(ms2.receiveHead().status()).isEqualTo(200);
        assertThat(body(ms2)).isEqualTo("two");
        second.mux().detach(ms2);
        assertThat(second.isClosed()).isTrue();
    }

    @Test
    void keepsTheConnectionWithRequestIdOneWhenMaxconnGivesTheCapacity() throws Exception {
        var script = accept(phpFpm(NO_MAX_CONNS, concat(stdout("\r\none"), END_OK), concat(stdout("\r\ntwo"), END_OK)));
        Server server = server(4);
        Connection c = connect(server);

        for (String expected : List.of("one", "two")) {
            MuxStream ms = c.mux().attach(new ConnStream(1));
            ms.sendHead(get("/i.php"), 0);
            assertThat(ms.receiveHead().status()).isEqualTo(200);
            assertThat(body(ms)).isEqualTo(expected);
            c.mux().detach(ms);
            assertThat(server.pool().take(false)).isSameAs(c);
        }

        c.mux().close();
        List<List<Rec>> requests = script.get(5, TimeUnit.SECONDS);
        assertThat(requests).hasSize(2);
        for (List<Rec> r : requests) {
            assertThat(r.getFirst().content()).isEqualTo(FcgiBytes.hex("0001 01 0000000000"));
            assertThat(r).extracting(Rec::requestId).containsOnly(1);
        }
    }

    @Test
    void lowersTheServersSlotsToTheFcgiMaxConnsItReports() throws Exception {
        byte[] pairs = concat(FcgiNameValues.encode("FCGI_MAX_CONNS", "3"), FcgiNameValues.encode("FCGI_MPXS_CONNS", "0"));
        ByteArrayOutputStream record = new ByteArrayOutputStream();
        FcgiRecordWriter.record(record, FcgiRecordType.GET_VALUES_RESULT, 0, pairs, 0, pairs.length);
        byte[] maxConns3 = record.toByteArray();
        var script = accept(phpFpm(maxConns3, concat(stdout("\r\nok"), END_OK)));
        Server server = server(0);
        Connection c = connect(server);
        MuxStream ms = c.mux().attach(new ConnStream(1));
        ms.sendHead(get("/i.php"), 0);
        ms.receiveHead();
        body(ms);
        c.mux().detach(ms);

        assertThat(server.slotLimit()).isEqualTo(3);
        assertThat(server.tryAcquireSlot()).isTrue();
        assertThat(server.tryAcquireSlot()).isTrue();
        assertThat(server.tryAcquireSlot()).isTrue();
        assertThat(server.tryAcquireSlot()).isFalse();
        assertThat(c.isClosed()).isFalse();
        c.mux().close();
        assertThat(script.get(5, TimeUnit.SECONDS).getFirst().getFirst().content()[2]).isEqualTo((byte) 1);
    }

    @Test
    void turnsOverloadedIntoANotProcessedFailure() throws Exception {
        accept(phpFpm(NO_MAX_CONNS, FcgiRecordWriter.endRequest(1, 0, FcgiProtocolStatus.OVERLOADED)));
        Connection c = connect(server(0));
        MuxStream ms = c.mux().attach(new ConnStream(1));
        ms.sendHead(new RequestHead("POST", "/i.php", new HeaderList()), 0);

        assertThatThrownBy(ms::receiveHead).isInstanceOfSatisfying(MuxException.class, e ->
                assertThat(e.failure()).isEqualTo(new StreamFailure.NotProcessed("FCGI_OVERLOADED", true)));
    }

    @Test
    void classifiesAnHttpAnswerAsJunk() throws Exception {
        accept(phpFpm(NO_MAX_CONNS, "HTTP/1.1 200 OK\r\n\r\n".getBytes(StandardCharsets.US_ASCII)));
        Connection c = connect(server(0));
        MuxStream ms = c.mux().attach(new ConnStream(1));
        ms.sendHead(get("/i.php"), 0);

        assertThatThrownBy(ms::receiveHead).isInstanceOfSatisfying(MuxException.class, e ->
                assertThat(e.failure()).isInstanceOf(StreamFailure.JunkResponse.class));
    }

    @Test
    void classifiesACloseBeforeAnyRecordAsAnEmptyResponse() throws Exception {
        accept((in, out, received) -> {
            readUntil(in, -1);
            out.write(NO_MAX_CONNS);
            received.add(readUntil(in, FcgiRecordType.STDIN.code()));
        });
        Connection c = connect(server(0));
        MuxStream ms = c.mux().attach(new ConnStream(1));
        ms.sendHead(get("/i.php"), 0);

        assertThatThrownBy(ms::receiveHead).isInstanceOfSatisfying(MuxException.class, e ->
                assertThat(e.failure()).isEqualTo(new StreamFailure.EmptyResponse(false, true, true)));
    }

    @Test
    void failsABodyShorterThanItsContentLength() throws Exception {
        accept(phpFpm(NO_MAX_CONNS, concat(stdout("Content-Length: 10\r\n\r\nshort"), END_OK)));
        Connection c = connect(server(0));
        MuxStream ms = c.mux().attach(new ConnStream(1));
        ms.sendHead(get("/i.php"), 0);
        assertThat(ms.receiveHead().headers().first("Content-Length")).isEqualTo("10");

        assertThatThrownBy(() -> body(ms)).isInstanceOfSatisfying(MuxException.class, e ->
                assertThat(e.failure()).isInstanceOf(StreamFailure.ServerAbortedData.class));
    }

    @Test
    void streamsARequestBodyAsStdinRecords() throws Exception {
        var script = accept(phpFpm(NO_MAX_CONNS, concat(stdout("\r\n"), END_OK)));
        Connection c = connect(server(0));
        MuxStream ms = c.mux().attach(new ConnStream(1));
        byte[] data = new byte[100_000];
        java.util.Arrays.fill(data, (byte) 'x');

        ms.sendHead(new RequestHead("POST", "/up.php", new HeaderList().add("Content-Type", "a/b")), data.length);
        ms.sendBody(ByteBuffer.wrap(data, 0, 70_000), false);
        ms.sendBody(ByteBuffer.wrap(data, 70_000, 30_000), true);
        assertThat(ms.receiveHead().status()).isEqualTo(200);
        c.mux().close();

        List<Rec> request = script.get(5, TimeUnit.SECONDS).getFirst();
        assertThat(FcgiNameValues.decode(request.get(1).content())).contains(Map.entry("CONTENT_LENGTH", "100000"));
        int stdin = request.stream().filter(r -> r.type() == FcgiRecordType.STDIN.code()).mapToInt(r -> r.content().length).sum();
        assertThat(stdin).isEqualTo(100_000);
        assertThat(request.getLast().content()).isEmpty();
    }

    @Test
    void givesUpWithAResponseTimeoutWhenTheServerStaysSilentPastTimeoutServer() throws Exception {
        accept((in, out, received) -> {
            readUntil(in, -1);
            out.write(NO_MAX_CONNS);
            received.add(readUntil(in, FcgiRecordType.STDIN.code()));
            in.read(); // silent until weft gives up and closes
        });
        Connection c = connector.connect(server(0), Duration.ofSeconds(2), Duration.ofMillis(300));
        MuxStream ms = c.mux().attach(new ConnStream(1));
        ms.sendHead(get("/slow.php"), 0);

        assertThatThrownBy(ms::receiveHead).isInstanceOfSatisfying(MuxException.class, e ->
                assertThat(e.failure()).isEqualTo(new StreamFailure.ResponseTimeout()));
        c.mux().detach(ms);
        assertThat(c.isClosed()).isTrue();
    }

    @Test
    void probesOnceEvenWhenTheServerClosesOnGetValues() throws Exception {
        Server server = server(0);
        var closesOnProbe = accept((in, out, received) -> received.add(readUntil(in, -1)));
        assertThatThrownBy(() -> connect(server)).isInstanceOfSatisfying(MuxException.class, e ->
                assertThat(e.failure()).isEqualTo(new StreamFailure.NotProcessed("connection closed during FCGI_GET_VALUES", false)));
        assertThat(closesOnProbe.get(5, TimeUnit.SECONDS).getFirst()).extracting(Rec::type)
                .containsExactly(FcgiRecordType.GET_VALUES.code());
        assertThat(server.pool().openCount()).isZero();

        var next = accept((in, out, received) -> {
            received.add(readUntil(in, FcgiRecordType.STDIN.code()));
            out.write(concat(stdout("\r\nok"), END_OK));
            in.read();
        });
        Connection c = connect(server);
        MuxStream ms = c.mux().attach(new ConnStream(1));
        ms.sendHead(get("/i.php"), 0);
        assertThat(ms.receiveHead().status()).isEqualTo(200);
        c.mux().close();
        assertThat(next.get(5, TimeUnit.SECONDS).getFirst().getFirst().type())
                .as("no second GET_VALUES").isEqualTo(FcgiRecordType.BEGIN_REQUEST.code());
    }

    @Test
    void spoolsABodyOfUnknownLengthToSendItsContentLength() throws Exception {
        var script = accept(phpFpm(NO_MAX_CONNS, concat(stdout("\r\n"), END_OK)));
        Connection c = connect(server(0));
        MuxStream ms = c.mux().attach(new ConnStream(1));
        byte[] data = new byte[3 * FcgiBodySpool.MEMORY_LIMIT + 5];
        for (int i = 0; i < data.length; i++) {
            data[i] = (byte) (i * 7);
        }

        ms.sendHead(new RequestHead("POST", "/up.php", new HeaderList().add("Content-Type", "a/b")), -1);
        assertThat(ms.requestStarted()).as("nothing sent before the body's length is known").isFalse();
        for (int at = 0; at < data.length; at += 10_000) {
            ms.sendBody(ByteBuffer.wrap(data, at, Math.min(10_000, data.length - at)), false);
        }
        ms.sendBody(ByteBuffer.allocate(0), true);
        assertThat(ms.receiveHead().status()).isEqualTo(200);
        c.mux().close();

        List<Rec> request = script.get(5, TimeUnit.SECONDS).getFirst();
        assertThat(FcgiNameValues.decode(request.get(1).content()))
                .contains(Map.entry("CONTENT_LENGTH", Integer.toString(data.length)));
        ByteArrayOutputStream stdin = new ByteArrayOutputStream();
        request.stream().filter(r -> r.type() == FcgiRecordType.STDIN.code()).forEach(r -> stdin.writeBytes(r.content()));
        assertThat(stdin.toByteArray()).isEqualTo(data);
        assertThat(request.getLast().content()).isEmpty();
    }

    @Test
    void dropsAContentLengthThatIsNotOneNumberAndFramesTheBodyByEndRequest() throws Exception {
        accept(phpFpm(NO_MAX_CONNS, concat(stdout("Content-Length: 3\r\nContent-Length: 4\r\n\r\nfour"), END_OK)));
        Connection c = connect(server(0));
        MuxStream ms = c.mux().attach(new ConnStream(1));
        ms.sendHead(get("/i.php"), 0);

        assertThat(ms.receiveHead().headers().contains("Content-Length")).isFalse();
        assertThat(body(ms)).isEqualTo("four");
        c.mux().close();
    }

    @Test
    void keepsAHeadResponsesContentLengthWithoutABody() throws Exception {
        accept(phpFpm(NO_MAX_CONNS, concat(stdout("Content-Length: 1234\r\n\r\n"), END_OK)));
        Connection c = connect(server(0));
        MuxStream ms = c.mux().attach(new ConnStream(1));
        ms.sendHead(new RequestHead("HEAD", "/i.php", new HeaderList()), 0);

        assertThat(ms.receiveHead().headers().first("Content-Length")).isEqualTo("1234");
        assertThat(body(ms)).isEmpty();
        c.mux().close();
    }
}
