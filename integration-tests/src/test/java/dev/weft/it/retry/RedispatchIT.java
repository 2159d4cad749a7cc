package dev.weft.it.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.stream.Stream;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.Ports;
import dev.weft.it.support.SeenRequest;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Round robin over two live servers and one address where nothing listens, {@code retries 3},
 * {@code redispatch on}: 16 concurrent clients send 320 requests and every one gets its 200. The
 * requests that drew the dead server first were retried on a live one, which the access log
 * shows as a {@code +N} retries field naming that live server; each request reached a server
 * exactly once.
 */
@ExtendWith(WeftDiagnostics.class)
class RedispatchIT {

    private static final String CONFIG = "conf/retry/redispatch.properties";
    private static final int CLIENTS = 16;
    private static final int REQUESTS_PER_CLIENT = 20;
    private static final int REQUESTS = CLIENTS * REQUESTS_PER_CLIENT;

    @Test
    void refusedConnectsAreRedispatchedAndNoClientSeesAnError() throws Exception {
        try (JettyOrigin origin1 = JettyOrigin.start();
             JettyOrigin origin2 = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG)
                     .set("ORIGIN1_PORT", origin1.port()).set("ORIGIN2_PORT", origin2.port())
                     .set("DEAD_PORT", Ports.free()).start()) {

            Queue<String> failures = new ConcurrentLinkedQueue<>();
            try (ExecutorService clients = Executors.newVirtualThreadPerTaskExecutor()) {
                List<Future<?>> running = new ArrayList<>();
                for (int c = 0; c < CLIENTS; c++) {
                    int clientNumber = c;
                    running.add(clients.submit(() -> runClient(weft, clientNumber, failures)));
                }
                for (Future<?> client : running) {
                    client.get();
                }
            }

            assertThat(failures).as(() -> "requests that did not get their 200" + weft.diagnostics()).isEmpty();

            List<AccessLogLine> lines = weft.awaitLogLines("for /echo/c...", l -> l.uri().startsWith("/echo/c"),
                    REQUESTS);
            assertThat(lines).as(weft::diagnostics).hasSize(REQUESTS)
                    .extracting(AccessLogLine::status).containsOnly(200);
            assertThat(lines).as("the server each stream ended on").extracting(AccessLogLine::server)
                    .containsOnly("live1", "live2");
            List<AccessLogLine> redispatched = lines.stream().filter(l -> l.retries().startsWith("+")).toList();
            assertThat(redispatched)
                    .as(() -> "streams whose refused connect to 'dead' was redispatched (retries +N)" + weft.diagnostics())
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l.terminationState()).as(l.raw()).isEqualTo("--"));

            List<String> seen = Stream.concat(origin1.requests().stream(), origin2.requests().stream())
                    .map(SeenRequest::uri).toList();
            assertThat(seen).as("each request reached a server exactly once").hasSize(REQUESTS).doesNotHaveDuplicates();
        }
    }

    private static Void runClient(WeftProcess weft, int clientNumber, Queue<String> failures) {
        try (HttpClient client = Http11.client()) {
            for (int r = 0; r < REQUESTS_PER_CLIENT; r++) {
                String uri = "/echo/c" + clientNumber + "/r" + r;
                try {
                    HttpResponse<String> response = client.send(Http11.request(weft.uri(uri)).build(),
                            BodyHandlers.ofString());
                    if (response.statusCode() != 200
                            || !response.headers().firstValue("X-Echo-Uri").orElse("").equals(uri)) {
                        failures.add(uri + ": " + response.statusCode() + " " + response.headers().map());
                    }
                } catch (Exception e) {
                    failures.add(uri + ": " + e);
                    if (e instanceof InterruptedException) {
                        Thread.currentThread().interrupt();
                        return null;
                    }
                }
            }
        }
        return null;
    }
}
