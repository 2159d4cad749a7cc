package dev.weft.it.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;

import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server that allows 2 concurrent streams per connection (SETTINGS_MAX_CONCURRENT_STREAMS)
 * under 50 concurrent requests: weft never opens a third stream on a connection (Jetty's client
 * would fail it), it opens or reuses other connections instead, and no client sees an error.
 */
@ExtendWith(WeftDiagnostics.class)
class H2StreamLimitIT {

    private static final int REQUESTS = 50;

    @Test
    void fiftyConcurrentRequestsOnAServerOfTwoStreamsAllSucceed() throws Exception {
        try (JettyOrigin origin = JettyOrigin.startH2c(2);
             WeftProcess weft = WeftProcess.config(H2BackendIT.CONFIG).set("ORIGIN_PORT", origin.port()).start()) {

            List<Integer> statuses = H2BackendIT.runConcurrently(REQUESTS, client -> {
                try (HttpClient http = Http11.client()) {
                    return List.of(http.send(Http11.request(weft.uri("/slow?ms=300&c=" + client)).build(),
                            BodyHandlers.ofString()).statusCode());
                }
            });

            assertThat(statuses).as(weft::diagnostics).hasSize(REQUESTS).containsOnly(200);
            assertThat(origin.requests()).as("each request reached the server once").hasSize(REQUESTS);
            assertThat(origin.acceptedConnections())
                    .as("with 2 streams per connection, 50 concurrent requests need several connections")
                    .isGreaterThan(1);
        }
    }
}
