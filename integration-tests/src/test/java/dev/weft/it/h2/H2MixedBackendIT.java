package dev.weft.it.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.Ports;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A backend mixing HTTP/2 and HTTP/1.1 servers: a stream whose first server is down is
 * redispatched to the other one, whatever protocol each speaks (the same ConnStream attaches to
 * an H2Mux after an H1Mux failed, and the reverse).
 */
@ExtendWith(WeftDiagnostics.class)
class H2MixedBackendIT {

    private static final String CONFIG = "conf/h2/h2-mixed.properties";

    @Test
    void aStreamRefusedByADeadHttp11ServerIsRedispatchedToAnHttp2One() throws Exception {
        try (JettyOrigin h2 = JettyOrigin.startH2c(100);
             WeftProcess weft = WeftProcess.config(CONFIG)
                     .set("FIRST_PORT", Ports.free()).set("FIRST_PROTO", "h1")
                     .set("SECOND_PORT", h2.port()).set("SECOND_PROTO", "h2").start();
             HttpClient http = Http11.client()) {

            HttpResponse<String> r = http.send(Http11.request(weft.uri("/echo/to-h2")).build(), BodyHandlers.ofString());

            assertThat(r.statusCode()).as(weft::diagnostics).isEqualTo(200);
            assertThat(h2.requests()).hasSize(1);
            AccessLogLine line = weft.awaitLogLine("the redispatched stream", l -> l.uri().equals("/echo/to-h2"));
            assertThat(line.server()).isEqualTo("second");
            assertThat(line.retries()).isEqualTo("+1");
        }
    }

    @Test
    void aStreamRefusedByADeadHttp2ServerIsRedispatchedToAnHttp11One() throws Exception {
        try (JettyOrigin h1 = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG)
                     .set("FIRST_PORT", Ports.free()).set("FIRST_PROTO", "h2")
                     .set("SECOND_PORT", h1.port()).set("SECOND_PROTO", "h1").start();
             HttpClient http = Http11.client()) {

            HttpResponse<String> r = http.send(Http11.request(weft.uri("/echo/to-h1")).build(), BodyHandlers.ofString());

            assertThat(r.statusCode()).as(weft::diagnostics).isEqualTo(200);
            assertThat(h1.requests()).hasSize(1);
            AccessLogLine line = weft.awaitLogLine("the redispatched stream", l -> l.uri().equals("/echo/to-h1"));
            assertThat(line.server()).isEqualTo("second");
            assertThat(line.retries()).isEqualTo("+1");
        }
    }
}
