package dev.weft.it.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.it.support.ExternalTool;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code timeout.http-keep-alive} (1 s here) is the idle time between requests, as HAProxy's
 * {@code timeout http-keep-alive}: a request that takes longer than that to answer must not cost
 * the client its connection (Helidon counted idle time from the start of the request and closed
 * the connection after the slow response, so the next request met a closed socket), over
 * HTTP/1.1 and HTTP/2 (where Helidon counted from the last frame received), and a connection
 * that is really idle is still closed.
 */
@ExtendWith(WeftDiagnostics.class)
class KeepAliveTimeoutIT {

    private static final String CONFIG = "conf/connection/keep-alive-timeout.properties";

    @Test
    void aRequestSlowerThanTheKeepAliveTimeoutKeepsItsConnection() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            RawResponse slow = client.exchange("GET", "/slow?ms=2500");
            assertThat(slow.status()).as(weft::diagnostics).isEqualTo(200);
            assertThat(slow.headers().first("Connection")).isEmpty();

            RawResponse next = client.exchange("GET", "/echo/next");
            assertThat(next.status()).as(weft::diagnostics).isEqualTo(200);
            assertThat(next.headers().first("X-Echo-Uri")).hasValue("/echo/next");
        }
    }

    @Test
    void anHttp2StreamSlowerThanTheKeepAliveTimeoutKeepsItsConnection() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start()) {

            // one connection, one stream at a time: the slow one, then the next
            ExternalTool.Result r = ExternalTool.run(Duration.ofMinutes(1), "h2load", "-n", "2", "-c", "1", "-m", "1",
                    weft.uri("/slow?ms=2500").toString(), weft.uri("/echo/next").toString());

            assertThat(r.exitCode()).as(() -> r + weft.diagnostics()).isZero();
            assertThat(r.stdout()).as(() -> r + weft.diagnostics())
                    .contains("requests: 2 total, 2 started, 2 done, 2 succeeded, 0 failed, 0 errored")
                    .contains("status codes: 2 2xx");
        }
    }

    @Test
    void anIdleConnectionIsClosedAfterTheKeepAliveTimeout() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            assertThat(client.exchange("GET", "/echo/first").status()).isEqualTo(200);
            assertThat(client.closedByPeer())
                    .as(() -> "weft closed the idle connection within the read timeout" + weft.diagnostics())
                    .isTrue();
        }
    }
}
