package dev.weft.it.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.ResponseHead;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code timeout.http-request}: a slowloris client sends a request line, then one header field
 * every 200 ms, never ending its head. The connection is never idle (Helidon's idle timeout
 * would not fire, and {@code timeout.http-keep-alive} is 30 s here), yet weft answers 408 once the
 * head has taken 1 s, closes the connection, logs {@code cR}, and keeps serving everyone else.
 */
@ExtendWith(WeftDiagnostics.class)
class RequestTimeoutIT {

    private static final String CONFIG = "conf/connection/request-timeout.properties";

    @Test
    void aHeadThatTakesTooLongGets408AndTheConnectionIsClosed() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             HttpClient client = Http11.client();
             RawHttpConnection slow = RawHttpConnection.open(weft.frontPort())) {

            slow.send("GET /slowloris HTTP/1.1\r\nHost: test\r\n");
            // Trickle fields until weft answers; bounded: 20 s is 20 times the timeout.
            for (int i = 0; i < 100 && slow.silentFor(200); i++) {
                try {
                    slow.send("X-Trickle-" + i + ": " + i + "\r\n");
                } catch (IOException closed) {
                    break; // weft answered and closed between two fields
                }
            }
            ResponseHead head = slow.readHead();
            assertThat(head.status()).as(weft::diagnostics).isEqualTo(408);
            assertThat(slow.closedByPeer()).as("weft closed the slow client's connection").isTrue();

            AccessLogLine line = weft.awaitLogLine("for the slow head", l -> l.uri().equals("/slowloris"));
            assertThat(line.status()).isEqualTo(408);
            assertThat(line.terminationState()).isEqualTo("cR");

            var ok = client.send(Http11.request(weft.uri("/after")).build(), BodyHandlers.ofString());
            assertThat(ok.statusCode()).as(weft::diagnostics).isEqualTo(200);
            assertThat(origin.requests()).noneMatch(r -> r.uri().startsWith("/slowloris"));
        }
    }
}
