package dev.weft.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.backend.Backends;
import dev.weft.backend.Connector;
import dev.weft.config.ConfigLoader;
import dev.weft.config.FrontendConfig;
import dev.weft.config.ReturnConfig;
import dev.weft.config.WeftConfig;
import dev.weft.observe.AccessLog;
import dev.weft.stream.IoWatchdog;
import dev.weft.stream.StreamEnv;
import dev.weft.stream.StreamRecord;

import io.helidon.webserver.WebServer;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * The handler in a Helidon server of its own: what it runs after an HTTP/1.1 response before
 * the connection's next request is read (StreamEnv.yieldBeforeNextRequest in weft), once per
 * response on a connection that stays open and never on one that closes, for a response weft
 * answers itself and for a proxied one.
 */
class FrontendHandlerTest {
    private final IoWatchdog watchdog = new IoWatchdog();
    private final AccessLog quiet = new AccessLog() {
        public void log(StreamRecord r) { }
        public void close() { }
    };
    private final StreamEnv env = new StreamEnv(new Connector(64 * 1024, watchdog), quiet, 16 * 1024, watchdog);
    /** Times the handler ran its before-next-request action. */
    private final AtomicInteger beforeNext = new AtomicInteger();
    private FrontendListener front;
    private WebServer origin;

    @TempDir
    Path tmp;

    @AfterEach
    void stop() {
        if (front != null) {
            front.stop();
        }
        if (origin != null) {
            origin.stop();
        }
        watchdog.close();
    }

    @Test
    void aLocalAnswerOnAConnectionThatStaysOpenIsFollowedByTheActionOnce() throws Exception {
        WeftConfig config = load("frontend.web.return = 200 text/plain up\n");
        start(config, new FrontendHandler("web", new Router(List.of(), null), new ReturnConfig(200, "text/plain", "up"),
                env, watchdog, Duration.ofSeconds(30), Duration.ofSeconds(1), beforeNext::incrementAndGet));
        assertThat(exchangeTwiceThenAskToClose()).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK");
        assertThat(beforeNext.get()).as("two kept-alive responses; none after the one that asked to close").isEqualTo(2);
    }

    @Test
    void aProxiedResponseOnAConnectionThatStaysOpenIsFollowedByTheActionOnce() throws Exception {
        origin = WebServer.builder().host("127.0.0.1").port(0)
                .routing(r -> r.any((req, res) -> res.send("from origin"))).build().start();
        WeftConfig config = load("frontend.web.default-backend = app\nbackend.app.server.s1 = 127.0.0.1:%d\n"
                .formatted(origin.port()));
        Backends backends = new Backends(config);
        start(config, new FrontendHandler("web", new Router(List.of(), backends.get("app")), null, env,
                watchdog, Duration.ofSeconds(30), Duration.ofSeconds(1), beforeNext::incrementAndGet));
        assertThat(exchangeTwiceThenAskToClose()).containsExactly("HTTP/1.1 200 OK", "HTTP/1.1 200 OK", "HTTP/1.1 200 OK");
        assertThat(beforeNext.get()).as("two kept-alive responses; none after the one that closed").isEqualTo(2);
    }

    /** A configuration with frontend 'web' on a free port, plus {@code rest}. */
    private WeftConfig load(String rest) throws Exception {
        int port;
        try (ServerSocket free = new ServerSocket(0)) {
            port = free.getLocalPort();
        }
        Path conf = tmp.resolve("weft.properties");
        Files.writeString(conf, "frontend.web.bind = 127.0.0.1:" + port + "\n" + rest);
        return new ConfigLoader(Map.<String, String>of()::get).load(conf);
    }

    /** Serves {@code handler} as weft serves a frontend (its listener binds the client connection). */
    private void start(WeftConfig config, FrontendHandler handler) {
        FrontendConfig fc = config.frontends().getFirst();
        front = new FrontendListener(fc, handler, 100, Duration.ofSeconds(1), new ConnectionLimit(100), null,
                new UnidentifiedRequest(fc.name(), env));
        front.start();
    }

    /**
     * Sends two keep-alive GETs on one connection, then one with {@code Connection: close}, each
     * after the previous response; returns the status lines.
     */
    private List<String> exchangeTwiceThenAskToClose() throws IOException {
        try (Socket s = new Socket("127.0.0.1", front.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
            String[] statuses = new String[3];
            for (int i = 0; i < 3; i++) {
                String close = i == 2 ? "Connection: close\r\n" : "";
                out.write(("GET /x HTTP/1.1\r\nHost: t\r\n" + close + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
                out.flush();
                statuses[i] = in.readLine();
                readRestOfResponse(in);
            }
            return List.of(statuses);
        }
    }

    /** Reads the header section and a Content-Length body (the only framing these servers use here). */
    private static void readRestOfResponse(BufferedReader in) throws IOException {
        int length = 0;
        for (String line = in.readLine(); line != null && !line.isEmpty(); line = in.readLine()) {
            if (line.regionMatches(true, 0, "Content-Length:", 0, 15)) {
                length = Integer.parseInt(line.substring(15).trim());
            }
        }
        for (int i = 0; i < length; i++) {
            in.read();
        }
    }
}
