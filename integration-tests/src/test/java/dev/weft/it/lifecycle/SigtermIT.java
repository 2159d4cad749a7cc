package dev.weft.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.Ports;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * SIGTERM drains: weft stops accepting connections at once, lets the request in flight (a 6s
 * slow response, within the default 10s {@code global.grace}) complete and be logged, then
 * exits with status 0.
 */
@ExtendWith(WeftDiagnostics.class)
class SigtermIT {

    private static final String CONFIG = "conf/lifecycle/sigterm.properties";
    private static final String SLOW = "/slow?ms=6000";

    @Test
    void sigtermLetsTheSlowRequestInFlightComplete() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             HttpClient client = Http11.client()) {

            CompletableFuture<HttpResponse<String>> slow =
                    client.sendAsync(Http11.request(weft.uri(SLOW)).build(), BodyHandlers.ofString());
            origin.awaitRequest("GET " + SLOW, Duration.ofSeconds(10), r -> r.uri().equals(SLOW));

            weft.sigterm();
            int frontPort = weft.frontPort();
            weft.awaitOrFail("weft to stop accepting connections after SIGTERM", Duration.ofSeconds(5),
                    () -> !Ports.accepts(frontPort));
            assertThat(slow.isDone())
                    .as(() -> "the slow request must still be in flight when weft stops accepting: it was "
                            + (slow.isCompletedExceptionally() ? "aborted" : "already answered")
                            + weft.diagnostics())
                    .isFalse();

            HttpResponse<String> response = slow.get(30, TimeUnit.SECONDS);
            assertThat(response.statusCode()).as(weft::diagnostics).isEqualTo(200);
            assertThat(response.body()).isEqualTo("slow done\n");
            assertThat(weft.waitExit(Duration.ofSeconds(20))).as(weft::diagnostics).isZero();
            AccessLogLine line = weft.awaitLogLine("for " + SLOW, l -> l.uri().equals(SLOW));
            assertThat(line.status()).isEqualTo(200);
            assertThat(line.terminationState()).isEqualTo("--");
        }
    }
}
