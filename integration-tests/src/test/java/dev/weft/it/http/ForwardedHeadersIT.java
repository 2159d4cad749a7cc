package dev.weft.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.SeenRequest;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * What the server sees of the client: {@code X-Forwarded-For} carries the client address
 * ({@code forwardfor} is on by default), appended after any value the client sent; {@code Host}
 * is the one the client sent, not the server's address.
 */
@ExtendWith(WeftDiagnostics.class)
class ForwardedHeadersIT {

    private static final String CONFIG = "conf/http/forwarded-headers.properties";

    @Test
    void xForwardedForCarriesTheClientAddress() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            RawResponse response = client.exchange("GET", "/echo?xff=plain");

            assertThat(response.status()).as(weft::diagnostics).isEqualTo(200);
            SeenRequest seen = origin.onlyRequest("/echo?xff=plain");
            assertThat(seen.headers().tokens("X-Forwarded-For")).as("X-Forwarded-For at the server: %s", seen)
                    .containsExactly("127.0.0.1");
        }
    }

    @Test
    void xForwardedForIsAppendedAfterTheClientsOwn() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            RawResponse response = client.exchange("GET", "/echo?xff=chain", "X-Forwarded-For: 203.0.113.7");

            assertThat(response.status()).as(weft::diagnostics).isEqualTo(200);
            SeenRequest seen = origin.onlyRequest("/echo?xff=chain");
            assertThat(seen.headers().tokens("X-Forwarded-For")).as("X-Forwarded-For at the server: %s", seen)
                    .containsExactly("203.0.113.7", "127.0.0.1");
        }
    }

    @Test
    void hostIsPreservedAsTheClientSentIt() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            RawResponse response = client.exchange("GET", "/echo?host=1", "Host: app.example.test:8443");

            assertThat(response.status()).as(weft::diagnostics).isEqualTo(200);
            SeenRequest seen = origin.onlyRequest("/echo?host=1");
            assertThat(seen.headers().all("Host")).as("Host at the server: %s", seen)
                    .containsExactly("app.example.test:8443");
        }
    }
}
