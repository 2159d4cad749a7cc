package dev.weft.it.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.NeverAcceptingPeer;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server that listens but never accepts (full backlog): its connects neither succeed nor are
 * refused, {@code timeout.connect} (500 ms) ends them, and the stream goes on to the live server.
 * Every request gets its 200; those that drew the stuck server first are logged {@code +1} on
 * the live one.
 */
@ExtendWith(WeftDiagnostics.class)
class NeverAcceptIT {

    private static final String CONFIG = "conf/retry/never-accept.properties";
    private static final int REQUESTS = 6;

    @Test
    void aConnectTimeoutIsRedispatchedToAnotherServer() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             NeverAcceptingPeer stuck = NeverAcceptingPeer.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port())
                     .set("STUCK_PORT", stuck.port()).start();
             HttpClient client = Http11.client()) {

            for (int i = 0; i < REQUESTS; i++) {
                HttpResponse<String> r = client.send(Http11.request(weft.uri("/echo/n" + i)).build(),
                        BodyHandlers.ofString());
                assertThat(r.statusCode()).as(weft::diagnostics).isEqualTo(200);
            }

            List<AccessLogLine> lines = weft.awaitLogLines("for /echo/n...", l -> l.uri().startsWith("/echo/n"),
                    REQUESTS);
            assertThat(lines).extracting(AccessLogLine::server).containsOnly("live");
            List<AccessLogLine> redispatched = lines.stream().filter(l -> l.retries().equals("+1")).toList();
            assertThat(redispatched).as(() -> "streams that drew the stuck server first" + weft.diagnostics())
                    .isNotEmpty()
                    .allSatisfy(l -> assertThat(l.terminationState()).isEqualTo("--"));
            assertThat(origin.requests()).hasSize(REQUESTS);
        }
    }
}
