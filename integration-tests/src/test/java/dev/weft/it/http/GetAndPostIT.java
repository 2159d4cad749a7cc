package dev.weft.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.DeterministicBytes;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.Sha256;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** A GET and a POST go through weft to the server and back, and each is logged as {@code web app/s1 ... 200 ... --}. */
@ExtendWith(WeftDiagnostics.class)
class GetAndPostIT {

    private static final String CONFIG = "conf/http/get-post.properties";
    private static final int POST_BODY = 256 * 1024;

    @Test
    void getReachesTheServerAndItsAnswerTheClient() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             HttpClient client = Http11.client()) {

            HttpResponse<String> response = client.send(
                    Http11.request(weft.uri("/echo?q=1")).GET().build(), BodyHandlers.ofString());

            assertThat(response.statusCode()).as(weft::diagnostics).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Echo-Method")).hasValue("GET");
            assertThat(response.headers().firstValue("X-Echo-Uri")).hasValue("/echo?q=1");
            assertThat(response.body()).startsWith("GET /echo?q=1\n");
            assertThat(origin.onlyRequest("/echo?q=1").method()).isEqualTo("GET");
            assertLogged(weft, "GET", "/echo?q=1");
        }
    }

    @Test
    void postBodyReachesTheServerIntact() throws Exception {
        byte[] body = DeterministicBytes.array(POST_BODY);
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             HttpClient client = Http11.client()) {

            HttpResponse<String> response = client.send(
                    Http11.request(weft.uri("/echo/post"))
                            .header("Content-Type", "application/octet-stream")
                            .POST(BodyPublishers.ofByteArray(body)).build(),
                    BodyHandlers.ofString());

            assertThat(response.statusCode()).as(weft::diagnostics).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Echo-Method")).hasValue("POST");
            assertThat(response.headers().firstValue("X-Body-Length")).hasValue(Integer.toString(POST_BODY));
            assertThat(response.headers().firstValue("X-Body-Sha256"))
                    .as("SHA-256 of the body the server received")
                    .hasValue(Sha256.hex(body));
            assertLogged(weft, "POST", "/echo/post");
        }
    }

    private static void assertLogged(WeftProcess weft, String method, String uri) {
        AccessLogLine line = weft.awaitLogLine("for " + method + " " + uri, l -> l.uri().equals(uri));
        assertThat(line)
                .as(weft::diagnostics)
                .extracting(AccessLogLine::method, AccessLogLine::frontend, AccessLogLine::backend,
                        AccessLogLine::server, AccessLogLine::status, AccessLogLine::terminationState)
                .containsExactly(method, "web", "app", "s1", 200, "--");
        assertThat(line.clientIp()).isEqualTo("127.0.0.1");
    }
}
