package dev.weft.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;

import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Trailer fields pass through: an origin (HTTP/1.1 chunked, or HTTP/2 HEADERS after DATA)
 * ends "hello" with {@code X-Checksum: abc123}, announced in {@code Trailer}; an HTTP/1.1 client
 * that sent {@code TE: trailers} gets that trailer, and nothing of Helidon's own.
 */
@ExtendWith(WeftDiagnostics.class)
class TrailersIT {

    private static final String CONFIG = "conf/http/trailers.properties";

    @ParameterizedTest(name = "from an {0} origin")
    @ValueSource(strings = {"HTTP/1.1", "HTTP/2"})
    void trailersOfTheServerReachTheClient(String originProtocol) throws Exception {
        try (JettyOrigin h1 = JettyOrigin.start();
             JettyOrigin h2 = JettyOrigin.startH2c(100);
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", h1.port())
                     .set("H2_ORIGIN_PORT", h2.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            String path = originProtocol.equals("HTTP/2") ? "/h2/trailers" : "/trailers";
            client.send(RawHttpConnection.head("GET " + path + " HTTP/1.1", "Host: test", "TE: trailers"));
            RawResponse r = client.readResponse("GET");

            assertThat(r.status()).as(weft::diagnostics).isEqualTo(200);
            assertThat(new String(r.body(), StandardCharsets.US_ASCII)).isEqualTo("hello");
            assertThat(r.headers().first("Trailer")).hasValue("X-Checksum");
            assertThat(client.lastTrailers()).as(weft::diagnostics)
                    .anySatisfy(l -> assertThat(l).isEqualToIgnoringCase("X-Checksum: abc123"))
                    .noneSatisfy(l -> assertThat(l.toLowerCase()).startsWith("stream-result"));
        }
    }
}
