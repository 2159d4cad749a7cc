package dev.weft.stream;

import dev.weft.backend.Backend;
import dev.weft.backend.ConnectionPool;
import dev.weft.backend.Connector;
import dev.weft.backend.Server;
import dev.weft.balance.RoundRobinBalancer;
import dev.weft.config.BackendConfig;
import dev.weft.config.BackendConfig.HttpReuse;
import dev.weft.config.HostPort;
import dev.weft.config.RetryConfig;
import dev.weft.config.ServerConfig;
import dev.weft.config.Timeouts;
import dev.weft.http.HeaderList;
import dev.weft.http.RequestHead;
import dev.weft.observe.AccessLog;
import jdk.jfr.Recording;
import jdk.jfr.consumer.RecordedEvent;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;

import static org.assertj.core.api.Assertions.assertThat;

/**
 * The ConnStream invariant, seen through the JFR events a stream records: one ConnStream id
 * across every attempt, a reset between attempts, the failed connection never pooled, nothing
 * leaked. The stream runs against real sockets: ports with no listener, and a scripted server.
 */
class StreamTaskTest {
    private final List<StreamRecord> logged = new CopyOnWriteArrayList<>();
    private final List<ServerSocket> listeners = new ArrayList<>();
    private final IoWatchdog watchdog = new IoWatchdog();
    private final AccessLog accessLog = new AccessLog() {
        public void log(StreamRecord r) { logged.add(r); }
        public void close() { }
    };
    private final StreamEnv env = new StreamEnv(new Connector(64 * 1024, watchdog), accessLog, 16 * 1024, watchdog);

    @TempDir
    Path tmp;

    @AfterEach
    void close() throws IOException {
        watchdog.close();
        for (ServerSocket s : listeners) {
            s.close();
        }
    }

    /** A port nothing listens on: bound once, then closed. */
    private static int deadPort() throws IOException {
        try (ServerSocket s = new ServerSocket(0)) {
            return s.getLocalPort();
        }
    }

    /** A server answering every request on every connection with 200 "ok", keep-alive. */
    private int liveServer() throws IOException {
        return liveServer("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok");
    }

    /** A server answering every request on every connection with {@code response}, keep-alive. */
    private int liveServer(String response) throws IOException {
        ServerSocket ss = new ServerSocket(0);
        listeners.add(ss);
        Thread.ofVirtual().start(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    Thread.ofVirtual().start(() -> answerForever(s, response));
                } catch (IOException e) {
                    return;
                }
            }
        });
        return ss.getLocalPort();
    }

    private static void answerForever(Socket s, String response) {
        try (s) {
            var in = s.getInputStream();
            OutputStream out = s.getOutputStream();
            int state = 0;
            int b;
            while ((b = in.read()) >= 0) {
                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
                if (state == 4) {
                    out.write(response.getBytes(StandardCharsets.US_ASCII));
                    state = 0;
                }
            }
        } catch (IOException ignored) {
            // the proxy closed the connection
        }
    }

    private static Backend backend(int retries, int... ports) {
        return backend(retries, 0, Timeouts.defaults(), ports);
    }

    private static Backend backend(int retries, int maxconn, Timeouts timeouts, int... ports) {
        List<Server> servers = new ArrayList<>();
        RetryConfig retry = new RetryConfig(retries, 1, EnumSet.of(RetryConfig.RetryOn.CONN_FAILURE), Set.of());
        BackendConfig.Balance balance = BackendConfig.Balance.ROUNDROBIN;
        List<ServerConfig> configs = new ArrayList<>();
        for (int i = 0; i < ports.length; i++) {
            configs.add(new ServerConfig("s" + (i + 1), new HostPort("127.0.0.1", ports[i]), ServerConfig.Proto.H1,
                    1, maxconn, false, false));
        }
        BackendConfig bc = new BackendConfig("app", balance, configs, retry, HttpReuse.SAFE, true, timeouts);
        for (ServerConfig sc : configs) {
            servers.add(new Server("app", sc, new ConnectionPool(HttpReuse.SAFE, 8)));
        }
        return new Backend(bc, servers, new RoundRobinBalancer(servers));
    }

    private List<RecordedEvent> record(Runnable scenario) throws IOException {
        return record(Duration.ZERO, scenario);
    }

    /** Records weft's stream events while {@code scenario} runs, those with a duration only from {@code threshold} on. */
    private List<RecordedEvent> record(Duration threshold, Runnable scenario) throws IOException {
        Path file = tmp.resolve("events.jfr");
        try (Recording r = new Recording()) {
            for (String e : List.of("weft.Stream", "weft.ConnectAttempt", "weft.ConnStreamReset", "weft.Retry")) {
                r.enable(e).withThreshold(threshold);
            }
            r.start();
            scenario.run();
            r.stop();
            r.dump(file);
        }
        return RecordingFile.readAllEvents(file);
    }

    private static List<RecordedEvent> named(List<RecordedEvent> events, String name) {
        return events.stream().filter(e -> e.getEventType().getName().equals(name)).toList();
    }

    @Test
    void aConnectAttemptOverTheRecordingsThresholdIsRecorded() throws IOException {
        // a threshold on weft.ConnectAttempt (to record only slow connects) applies to the
        // attempt's duration; no socket is created, refused and closed in under a microsecond
        Backend app = backend(3, deadPort(), liveServer());
        List<RecordedEvent> events = record(Duration.ofNanos(1000), () -> new StreamTask(env, "web", app, new FakeClient()).run());
        assertThat(named(events, "weft.ConnectAttempt")).hasSize(2)
                .allSatisfy(e -> assertThat(e.getDuration()).isGreaterThanOrEqualTo(Duration.ofNanos(1000)));
    }

    @Test
    void aRetriedStreamKeepsOneConnStreamAcrossAttemptsWithAResetBetween() throws IOException {
        Backend app = backend(3, deadPort(), liveServer());
        FakeClient client = new FakeClient();
        List<RecordedEvent> events = record(() -> new StreamTask(env, "web", app, client).run());

        List<RecordedEvent> attempts = named(events, "weft.ConnectAttempt");
        assertThat(attempts).hasSize(2);
        long id = attempts.getFirst().getLong("connStreamId");
        assertThat(attempts).allSatisfy(e -> assertThat(e.getLong("connStreamId")).isEqualTo(id));
        assertThat(attempts.get(0).getString("server")).isEqualTo("app/s1");
        assertThat(attempts.get(0).getString("outcome")).startsWith("connection refused");
        assertThat(attempts.get(1).getString("server")).isEqualTo("app/s2");
        assertThat(attempts.get(1).getString("outcome")).isEqualTo("attached");
        assertThat(attempts.get(1).getInt("attempt")).isEqualTo(2);

        List<RecordedEvent> resets = named(events, "weft.ConnStreamReset");
        assertThat(resets).singleElement().satisfies(e -> assertThat(e.getLong("connStreamId")).isEqualTo(id));
        assertThat(named(events, "weft.Retry")).singleElement()
                .satisfies(e -> assertThat(e.getString("decision")).isEqualTo("REDISPATCH"));
        assertThat(named(events, "weft.Stream")).singleElement().satisfies(e -> {
            assertThat(e.getLong("connStreamId")).isEqualTo(id);
            assertThat(e.getInt("attempts")).isEqualTo(2);
            assertThat(e.getBoolean("redispatched")).isTrue();
            assertThat(e.getInt("status")).isEqualTo(200);
        });

        assertThat(client.status).isEqualTo(200);
        assertThat(client.body.toString()).isEqualTo("ok");
        StreamRecord line = logged.getFirst();
        assertThat(line.retries()).isEqualTo(1);
        assertThat(line.redispatched()).isTrue();
        assertThat(line.server()).isEqualTo("s2");
        assertThat(line.connStreamId()).isEqualTo(id);
    }

    @Test
    void relaysTheBodyWhenContentLengthIsAListOfIdenticalValues() throws IOException {
        Backend app = backend(0, liveServer("HTTP/1.1 200 OK\r\nContent-Length: 5, 5\r\n\r\nhello"));
        FakeClient client = new FakeClient();
        new StreamTask(env, "web", app, client).run();
        assertThat(client.status).isEqualTo(200);
        assertThat(client.length).isEqualTo(5);
        assertThat(client.body.toString()).isEqualTo("hello");
    }

    /** The yield after sending the request goes through the process's gate (YieldGate). */
    @Test
    void theYieldAfterSendingGoesThroughTheGate() throws IOException {
        long expired = System.nanoTime() - 2 * YieldGate.PERIOD_NANOS;
        YieldGate gate = new YieldGate(YieldGate.PERIOD_NANOS, expired);
        StreamEnv gated = new StreamEnv(new Connector(64 * 1024, watchdog), accessLog, 16 * 1024, watchdog, gate);
        FakeClient client = new FakeClient();
        new StreamTask(gated, "web", backend(0, liveServer()), client).run();
        assertThat(client.status).isEqualTo(200);
        // the stream asked: its period was over with no yielder left, so it started the next
        assertThat(gate.periodStart()).isGreaterThan(expired);
        assertThat(gate.yielding()).isZero();
    }

    @Test
    void allServersDeadAnswers503AfterExactlyRetriesPlusOneAttempts() throws IOException {
        Backend app = backend(3, deadPort(), deadPort(), deadPort());
        FakeClient client = new FakeClient();
        List<RecordedEvent> events = record(() -> new StreamTask(env, "web", app, client).run());
        assertThat(named(events, "weft.ConnectAttempt")).hasSize(4);
        assertThat(named(events, "weft.ConnStreamReset")).hasSize(4);
        assertThat(named(events, "weft.Retry")).hasSize(4).last()
                .satisfies(e -> assertThat(e.getString("decision")).isEqualTo("NO_RETRY"));
        assertThat(client.status).isEqualTo(503);
        assertThat(logged.getFirst().termination().toString()).isEqualTo("SC");
    }

    @Test
    void thousandsOfFailingStreamsLeakNoConnectionAndNoSlot() throws IOException {
        Backend app = backend(1, deadPort(), liveServer());
        for (int i = 0; i < 2000; i++) {
            FakeClient client = new FakeClient();
            client.first = i % 2 == 0;
            new StreamTask(env, "web", app, client).run();
            assertThat(client.status).isEqualTo(200);
        }
        for (Server s : app.servers()) {
            assertThat(s.currentStreams()).as("slots held on %s", s).isZero();
            assertThat(s.pool().openCount()).as("open connections to %s", s).isLessThanOrEqualTo(s.pool().idleCount());
        }
        app.servers().forEach(s -> s.pool().closeIdle());
        assertThat(app.servers()).allSatisfy(s -> assertThat(s.pool().openCount()).isZero());
    }

    /** A server that holds each request until {@code gate} opens, counting requests in flight. */
    private int gatedServer(java.util.concurrent.Semaphore gate, java.util.concurrent.atomic.AtomicInteger inFlight,
                            java.util.concurrent.atomic.AtomicInteger maxInFlight) throws IOException {
        return gatedServer(gate, inFlight, maxInFlight, new CopyOnWriteArrayList<>());
    }

    /** As above, and records each request line in {@code seen}, in the order requests arrive. */
    private int gatedServer(java.util.concurrent.Semaphore gate, java.util.concurrent.atomic.AtomicInteger inFlight,
                            java.util.concurrent.atomic.AtomicInteger maxInFlight, List<String> seen) throws IOException {
        ServerSocket ss = new ServerSocket(0, 100);
        listeners.add(ss);
        Thread.ofVirtual().start(() -> {
            while (!ss.isClosed()) {
                try {
                    Socket s = ss.accept();
                    Thread.ofVirtual().start(() -> {
                        try (s) {
                            var in = s.getInputStream();
                            int state = 0;
                            int b;
                            StringBuilder head = new StringBuilder();
                            while ((b = in.read()) >= 0) {
                                head.append((char) b);
                                state = (b == '\r' && (state == 0 || state == 2)) || (b == '\n' && (state == 1 || state == 3)) ? state + 1 : 0;
                                if (state == 4) {
                                    seen.add(head.substring(0, head.indexOf("\r")));
                                    head.setLength(0);
                                    maxInFlight.accumulateAndGet(inFlight.incrementAndGet(), Math::max);
                                    gate.acquire();
                                    inFlight.decrementAndGet();
                                    s.getOutputStream().write("HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok"
                                            .getBytes(StandardCharsets.US_ASCII));
                                    state = 0;
                                }
                            }
                        } catch (IOException | InterruptedException ignored) {
                            // test over
                        }
                    });
                } catch (IOException e) {
                    return;
                }
            }
        });
        return ss.getLocalPort();
    }

    @Test
    void maxconnQueuesTheRestInArrivalOrderAndNeverExceedsTheLimitAtTheServer() throws Exception {
        var gate = new java.util.concurrent.Semaphore(0);
        var inFlight = new java.util.concurrent.atomic.AtomicInteger();
        var maxInFlight = new java.util.concurrent.atomic.AtomicInteger();
        List<String> seen = new CopyOnWriteArrayList<>();
        Backend app = backend(0, 1, Timeouts.defaults(), gatedServer(gate, inFlight, maxInFlight, seen));
        Server server = app.servers().getFirst();
        List<FakeClient> clients = new ArrayList<>();
        List<Thread> threads = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            FakeClient c = new FakeClient("/q" + i);
            clients.add(c);
            threads.add(Thread.ofVirtual().start(() -> new StreamTask(env, "web", app, c).run()));
            // One at a time, so the order streams join the queue is known: /q0 holds the slot.
            int queued = i;
            org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                    .until(() -> inFlight.get() == 1 && app.queue().length() == queued);
        }
        gate.release(20);
        for (Thread t : threads) {
            t.join(10_000);
        }
        assertThat(clients).allSatisfy(c -> assertThat(c.status).isEqualTo(200));
        assertThat(seen).as("FIFO: served in the order they queued")
                .containsExactlyElementsOf(java.util.stream.IntStream.range(0, 20)
                        .mapToObj(i -> "GET /q" + i + " HTTP/1.1").toList());
        assertThat(maxInFlight.get()).isEqualTo(1);
        assertThat(server.maxStreams()).isEqualTo(1);
        assertThat(server.currentStreams()).isZero();
        assertThat(app.queue().length()).isZero();
    }

    @Test
    void aStreamQueuedLongerThanTimeoutQueueGets503WithSq() throws Exception {
        var gate = new java.util.concurrent.Semaphore(0);
        Timeouts shortQueue = new Timeouts(java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(30),
                java.time.Duration.ofSeconds(30), java.time.Duration.ofMillis(200), java.time.Duration.ofSeconds(10),
                java.time.Duration.ofSeconds(5), java.time.Duration.ofSeconds(2));
        var inFlight = new java.util.concurrent.atomic.AtomicInteger();
        Backend app = backend(0, 1, shortQueue, gatedServer(gate, inFlight, new java.util.concurrent.atomic.AtomicInteger()));
        FakeClient holder = new FakeClient();
        Thread first = Thread.ofVirtual().start(() -> new StreamTask(env, "web", app, holder).run());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> inFlight.get() == 1);
        FakeClient queued = new FakeClient();
        new StreamTask(env, "web", app, queued).run();
        assertThat(queued.status).isEqualTo(503);
        assertThat(logged.getLast().termination().toString()).isEqualTo("sQ");
        gate.release();
        first.join(10_000);
        assertThat(holder.status).isEqualTo(200);
        assertThat(app.servers().getFirst().currentStreams()).isZero();
    }

    @Test
    void aClientThatClosesWhileQueuedEndsItsStreamAtOnceWithCq() throws Exception {
        var gate = new java.util.concurrent.Semaphore(0);
        var inFlight = new java.util.concurrent.atomic.AtomicInteger();
        Backend app = backend(0, 1, Timeouts.defaults(), gatedServer(gate, inFlight, new java.util.concurrent.atomic.AtomicInteger()));
        Server server = app.servers().getFirst();
        FakeClient holder = new FakeClient("/holder");
        Thread first = Thread.ofVirtual().start(() -> new StreamTask(env, "web", app, holder).run());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> inFlight.get() == 1);

        FakeClient leaving = new FakeClient("/leaving");
        var outcome = new java.util.concurrent.CompletableFuture<Throwable>();
        Thread queued = Thread.ofVirtual().start(() -> {
            try {
                new StreamTask(env, "web", app, leaving).run();
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.complete(e);
            }
        });
        // The scanner asks for a watcher once the wait is older than its period.
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> leaving.onClose != null);
        assertThat(app.queue().length()).isEqualTo(1);
        leaving.onClose.run();
        queued.join(10_000);

        assertThat(outcome.get()).as("the stream ends with the client connection cut").isInstanceOf(IllegalStateException.class);
        assertThat(app.queue().length()).isZero();
        StreamRecord r = logged.stream().filter(l -> l.uri().equals("/leaving")).findFirst().orElseThrow();
        assertThat(r.termination().toString()).isEqualTo("CQ");
        assertThat(r.status()).isEqualTo(-1);
        gate.release();
        first.join(10_000);
        assertThat(holder.status).isEqualTo(200);
        assertThat(server.currentStreams()).isZero();
    }

    @Test
    void aClientThatClosesWhileTheServerThinksEndsItsStreamAtOnceWithChAndTheConnectionIsClosed() throws Exception {
        var gate = new java.util.concurrent.Semaphore(0);
        var inFlight = new java.util.concurrent.atomic.AtomicInteger();
        Backend app = backend(0, 0, Timeouts.defaults(), gatedServer(gate, inFlight, new java.util.concurrent.atomic.AtomicInteger()));
        Server server = app.servers().getFirst();
        FakeClient leaving = new FakeClient("/thinking");
        var outcome = new java.util.concurrent.CompletableFuture<Throwable>();
        Thread t = Thread.ofVirtual().start(() -> {
            try {
                new StreamTask(env, "web", app, leaving).run();
                outcome.complete(null);
            } catch (RuntimeException e) {
                outcome.complete(e);
            }
        });
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10))
                .until(() -> inFlight.get() == 1 && leaving.onClose != null);
        leaving.onClose.run();
        t.join(10_000);

        assertThat(outcome.get()).isInstanceOf(IllegalStateException.class);
        StreamRecord r = logged.stream().filter(l -> l.uri().equals("/thinking")).findFirst().orElseThrow();
        assertThat(r.termination().toString()).isEqualTo("CH");
        assertThat(server.pool().openCount()).as("the server connection was closed, not pooled").isZero();
        assertThat(server.pool().idleCount()).isZero();
        assertThat(server.currentStreams()).isZero();
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
        gate.release();
    }

    @Test
    void aStreamTakesItsClientCloseWatchOutOfTheSweepWhenItEnds() throws Exception {
        Backend app = backend(0, liveServer());
        FakeClient client = new FakeClient("/once");
        new StreamTask(env, "web", app, client).run();

        assertThat(client.status).isEqualTo(200);
        assertThat(logged).hasSize(1);
        assertThat(watchdog.closeWatchesChecked())
                .as("the watch joined the sweep at the stream's first wait and left it at its end").isZero();
    }

    @Test
    void aClientThatCannotBeWatchedPutsNoWatchInTheSweep() throws Exception {
        FakeClient h2 = new FakeClient("/h2");
        h2.watchable = false;
        // The stream waits for the response head here, past the point where a watchable
        // client's watch is in the sweep (the next test's stream has it there).
        long watchesDuringTheWait = watchesWhileTheServerHolds(h2);

        assertThat(watchesDuringTheWait).isZero();
        assertThat(h2.status).isEqualTo(200);
        assertThat(h2.onClose).as("never asked to watch").isNull();
    }

    @Test
    void aWatchableClientsWatchIsInTheSweepWhileItsStreamWaitsForTheHead() throws Exception {
        FakeClient h1 = new FakeClient("/h1");
        long watchesDuringTheWait = watchesWhileTheServerHolds(h1);

        assertThat(watchesDuringTheWait).isEqualTo(1);
        assertThat(h1.status).isEqualTo(200);
        assertThat(watchdog.closeWatchesChecked()).isZero();
    }

    /**
     * Runs {@code client}'s stream against a server that holds the request until released;
     * returns how many client-close watches the sweep held while the server held it. The
     * stream has ended when this returns.
     */
    private long watchesWhileTheServerHolds(FakeClient client) throws Exception {
        var gate = new java.util.concurrent.Semaphore(0);
        var inFlight = new java.util.concurrent.atomic.AtomicInteger();
        Backend app = backend(0, 0, Timeouts.defaults(), gatedServer(gate, inFlight, new java.util.concurrent.atomic.AtomicInteger()));
        Thread t = Thread.ofVirtual().start(() -> new StreamTask(env, "web", app, client).run());
        org.awaitility.Awaitility.await().atMost(java.time.Duration.ofSeconds(10)).until(() -> inFlight.get() == 1);
        long watches = watchdog.closeWatchesChecked();
        gate.release();
        t.join(10_000);
        return watches;
    }

    /** A client that sends a bodiless GET and records what it is answered. */
    private static final class FakeClient implements ClientExchange {
        private final RequestHead head;

        FakeClient() {
            this("/x");
        }

        FakeClient(String target) {
            head = new RequestHead("GET", target, new HeaderList().add("Host", "test"));
        }

        int status;
        boolean first = true;
        final StringBuilder body = new StringBuilder();

        public RequestHead head() { return head; }
        public long bodyLength() { return 0; }
        public int readBody(byte[] into, int off, int len) { return -1; }
        public String clientAddress() { return "127.0.0.1:1"; }
        public String clientIp() { return "127.0.0.1"; }
        public boolean firstOfSession() { return first; }
        public String protocol() { return "HTTP/1.1"; }
        long length = -2;

        public void sendHead(int s, String reason, HeaderList headers, long len) { status = s; length = len; }
        public void writeBody(byte[] data, int off, int len) { body.append(new String(data, off, len, StandardCharsets.ISO_8859_1)); }
        public void end() { }
        public void sendError(int s, boolean close) { status = s; }
        public RuntimeException abortResponse(String why) { return new IllegalStateException(why); }

        /** Set when the stream asked to be told of a close: run it to "close" the client. */
        volatile Runnable onClose;

        public boolean watchClose(Runnable r) { onClose = r; return true; }

        /** False: the client is like an HTTP/2 stream's, never watched. */
        boolean watchable = true;

        public boolean closeWatchable() { return watchable; }

        public void closeAfterResponse() { }

        public void sendTrailers(HeaderList t) { }
    }
}
