package dev.weft.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.DeterministicBytes;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.Sha256;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A response to HEAD and a 204 carry no body (RFC 9112 §6.3), whatever their headers say: on one
 * client keep-alive connection, the request after each of them still parses, which it would not
 * if weft had relayed stray body bytes.
 */
@ExtendWith(WeftDiagnostics.class)
class HeadAndNoContentIT {

    private static final String CONFIG = "conf/http/head-nocontent.properties";
    private static final int HEAD_LENGTH = 1234;

    @Test
    void headAndNoContentHaveNoBodyAndKeepTheConnectionInStep() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            RawResponse head = client.exchange("HEAD", "/head");
            assertThat(head.status()).as(weft::diagnostics).isEqualTo(200);
            assertThat(head.headers().first("Content-Length"))
                    .as("a HEAD response keeps the Content-Length a GET would have")
                    .hasValue(Integer.toString(HEAD_LENGTH));

            RawResponse noContent = client.exchange("GET", "/nocontent");
            assertThat(noContent.status()).as(weft::diagnostics).isEqualTo(204);
            assertThat(noContent.headers().has("Transfer-Encoding"))
                    .as("a 204 must not be framed as chunked: %s", noContent).isFalse();

            RawResponse get = client.exchange("GET", "/head");
            assertThat(get.status()).as(weft::diagnostics).isEqualTo(200);
            assertThat(Sha256.hex(get.body())).isEqualTo(Sha256.hex(DeterministicBytes.array(HEAD_LENGTH)));

            RawResponse after = client.exchange("GET", "/echo?after=1");
            assertThat(after.status()).as(weft::diagnostics).isEqualTo(200);
            assertThat(after.headers().first("X-Echo-Uri")).hasValue("/echo?after=1");
            assertThat(origin.requests()).as("requests the server received").hasSize(4);

            AccessLogLine headLine = weft.awaitLogLine("for HEAD /head", l -> l.method().equals("HEAD"));
            assertThat(headLine.status()).isEqualTo(200);
            assertThat(headLine.terminationState()).isEqualTo("--");
            AccessLogLine noContentLine = weft.awaitLogLine("for /nocontent", l -> l.uri().equals("/nocontent"));
            assertThat(noContentLine.status()).isEqualTo(204);
            assertThat(noContentLine.terminationState()).isEqualTo("--");
        }
    }
}
