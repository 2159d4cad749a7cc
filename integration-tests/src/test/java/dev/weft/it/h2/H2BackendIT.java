package dev.weft.it.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.time.Duration;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

import dev.weft.it.support.DeterministicBytes;
import dev.weft.it.support.ExternalTool;
import dev.weft.it.support.SeenRequest;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.Sha256;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code proto=h2} servers: weft's HTTP/1.1 clients reach a real HTTP/2 server (Jetty, h2c) over
 * multiplexed backend connections; many clients share few connections ({@code http-reuse
 * always}); 10 MiB bodies cross both ways intact.
 */
@ExtendWith(WeftDiagnostics.class)
class H2BackendIT {

    static final String CONFIG = "conf/h2/h2-backend.properties";
    private static final int CLIENTS = 16;
    private static final int REQUESTS_PER_CLIENT = 25;
    private static final int TEN_MIB = 10 << 20;

    @Test
    void sixteenConcurrentClientsShareAFewBackendConnections() throws Exception {
        try (JettyOrigin origin = JettyOrigin.startH2c(100);
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start()) {
            // No warm-up: the 16 first requests arrive together on an empty pool, and wait for the
            // connection being opened instead of each opening one.
            List<Integer> statuses = runConcurrently(CLIENTS, client -> {
                List<Integer> mine = new ArrayList<>();
                try (HttpClient http = Http11.client()) {
                    for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                        HttpResponse<String> r = http.send(Http11.request(weft.uri("/echo/c" + client + "/" + i))
                                .header("X-Client", Integer.toString(client)).build(), BodyHandlers.ofString());
                        mine.add(r.statusCode());
                        assertThat(r.body()).startsWith("GET /echo/c" + client + "/" + i);
                    }
                }
                return mine;
            });

            assertThat(statuses).as(weft::diagnostics).hasSize(CLIENTS * REQUESTS_PER_CLIENT).containsOnly(200);
            assertThat(origin.acceptedConnections())
                    .as(() -> "HTTP/2 connections weft opened to the server for " + CLIENTS + " concurrent clients"
                            + weft.diagnostics())
                    .isBetween(1, 3);
        }
    }

    @Test
    void underHttpReuseSafeTheStreamsOfOneHttp2ClientShareOneBackendConnection() throws Exception {
        try (JettyOrigin origin = JettyOrigin.startH2c(100);
             WeftProcess weft = WeftProcess.config("conf/h2/h2-backend-safe.properties")
                     .set("ORIGIN_PORT", origin.port()).start()) {

            ExternalTool.Result r = ExternalTool.run(Duration.ofMinutes(2), "h2load", "-n", "400", "-c", "1", "-m", "16",
                    weft.uri("/echo/safe").toString());

            assertThat(r.stdout()).as(() -> r + weft.diagnostics()).contains("status codes: 400 2xx");
            // One connection carries them all. A stream that arrived in the instant the first
            // moved from the pool's shared list to its idle list used to open another (seen
            // once in a loaded full run, twice in one in session 17); it now waits for the move
            // (MultiplexedPoolTest), but only for ConnectionPool.MOVE_WAIT_NANOS, so a mover
            // descheduled for longer on a loaded machine may still cost one: two extra are
            // allowed. Without sharing, each of the 16 concurrent streams opens its own.
            assertThat(origin.acceptedConnections())
                    .as(() -> "backend connections for one client connection of 16 concurrent streams" + weft.diagnostics())
                    .isBetween(1, 3);
        }
    }

    @Test
    void anHttp2ClientReachesAnHttp2ServerThroughWeft() throws Exception {
        try (JettyOrigin origin = JettyOrigin.startH2c(100);
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start()) {

            ExternalTool.Result r = ExternalTool.run(Duration.ofSeconds(30), "curl", "-sS", "-i",
                    "--http2-prior-knowledge", "-H", "X-End-To-End: yes", "-H", "Connection: keep-alive",
                    weft.uri("/echo/both-sides?q=1").toString());

            assertThat(r.exitCode()).as(() -> r + weft.diagnostics()).isZero();
            assertThat(r.stdout()).as(r::toString).startsWith("HTTP/2 200").contains("GET /echo/both-sides?q=1");
            SeenRequest seen = origin.onlyRequest("/echo/both-sides?q=1");
            assertThat(seen.headers().first("X-End-To-End")).as(seen::toString).contains("yes");
            assertThat(seen.headers().has("Connection")).as(seen::toString).isFalse();
        }
    }

    @Test
    void tenMebibytesCrossBothWaysIntact() throws Exception {
        try (JettyOrigin origin = JettyOrigin.startH2c(100);
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             HttpClient http = Http11.client()) {

            HttpResponse<String> up = http.send(Http11.request(weft.uri("/upload"))
                    .POST(BodyPublishers.ofInputStream(() -> DeterministicBytes.stream(TEN_MIB))).build(),
                    BodyHandlers.ofString());
            assertThat(up.statusCode()).as(weft::diagnostics).isEqualTo(200);
            assertThat(up.body()).as("SHA-256 and length the server received")
                    .isEqualTo(DeterministicBytes.sha256(TEN_MIB) + " " + TEN_MIB);

            HttpResponse<InputStream> down = http.send(Http11.request(weft.uri("/bytes/" + TEN_MIB)).build(),
                    BodyHandlers.ofInputStream());
            assertThat(down.statusCode()).as(weft::diagnostics).isEqualTo(200);
            Sha256.Digested body;
            try (InputStream in = down.body()) {
                body = Sha256.digest(in);
            }
            assertThat(body).isEqualTo(new Sha256.Digested(DeterministicBytes.sha256(TEN_MIB), TEN_MIB));
        }
    }

    /** What one client thread does; returns the statuses it saw. */
    interface ClientRun {
        List<Integer> run(int client) throws Exception;
    }

    /** Runs {@code clients} client threads at once and returns every status they saw. */
    static List<Integer> runConcurrently(int clients, ClientRun run) throws Exception {
        List<Integer> all = new ArrayList<>();
        try (ExecutorService threads = Executors.newVirtualThreadPerTaskExecutor()) {
            List<Future<List<Integer>>> done = new ArrayList<>();
            for (int c = 0; c < clients; c++) {
                int client = c;
                done.add(threads.submit(() -> run.run(client)));
            }
            for (Future<List<Integer>> f : done) {
                all.addAll(f.get());
            }
        }
        return all;
    }
}
