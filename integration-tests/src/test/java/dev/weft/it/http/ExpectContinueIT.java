package dev.weft.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.DeterministicBytes;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.ResponseHead;
import dev.weft.it.support.Sha256;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that sends {@code Expect: 100-continue} holds its body back until weft answers
 * {@code 100 Continue} (the wait is bounded by the raw connection's read timeout); then the body
 * goes through whole and the final response is the server's 200.
 */
@ExtendWith(WeftDiagnostics.class)
class ExpectContinueIT {

    private static final String CONFIG = "conf/http/expect-continue.properties";
    private static final int BODY = 100_000;

    @Test
    void bodySentAfter100ContinueReachesTheServerWhole() throws Exception {
        byte[] body = DeterministicBytes.array(BODY);
        String uri = "/echo/expect";
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            client.send(RawHttpConnection.head("POST " + uri + " HTTP/1.1", "Host: localhost",
                    "Content-Type: application/octet-stream", "Expect: 100-continue",
                    "Content-Length: " + BODY));
            ResponseHead interim = client.readAnyHead();

            assertThat(interim.status())
                    .as(() -> "the first answer to a request that expects 100-continue, before any body byte:\n"
                            + interim + weft.diagnostics())
                    .isEqualTo(100);

            client.send(body);
            RawResponse response = client.readResponse("POST");

            assertThat(response.status()).as(() -> response + weft.diagnostics()).isEqualTo(200);
            assertThat(response.headers().first("X-Body-Length")).hasValue(Integer.toString(BODY));
            assertThat(response.headers().first("X-Body-Sha256"))
                    .as("SHA-256 of the body the server received")
                    .hasValue(Sha256.hex(body));
            assertThat(origin.onlyRequest(uri).method()).isEqualTo("POST");

            AccessLogLine line = weft.awaitLogLine("for " + uri, l -> l.uri().equals(uri));
            assertThat(line).as(weft::diagnostics)
                    .extracting(AccessLogLine::method, AccessLogLine::server, AccessLogLine::status,
                            AccessLogLine::terminationState)
                    .containsExactly("POST", "s1", 200, "--");
        }
    }
}
