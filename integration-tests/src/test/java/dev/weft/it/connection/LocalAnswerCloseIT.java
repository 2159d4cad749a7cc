package dev.weft.it.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.it.support.Ports;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

import java.nio.charset.StandardCharsets;

/**
 * RFC 9112 §9.6 for the answers weft makes itself, as {@link ConnectionCloseIT} checks it for
 * proxied ones: after a frontend's {@code return}, or the 503 when no route matches, to a request
 * carrying {@code Connection: close}, weft closes the connection (keep-alive is 5 minutes here,
 * longer than the client's 30 s read bound). A body the answer did not need is read by its own
 * framing first, never parsed as another request.
 */
@ExtendWith(WeftDiagnostics.class)
class LocalAnswerCloseIT {

    private static final String CONFIG = "conf/connection/local-answer-close.properties";

    @Test
    void weftClosesAfterItsReturnToARequestThatAskedForIt() throws Exception {
        try (WeftProcess weft = start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {
            RawResponse response = client.exchange("GET", "/", "Connection: close");

            assertThat(response.status()).as(weft::diagnostics).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("hello");
            assertThat(response.head().closes()).as("the response announces the close").isTrue();
            assertThat(client.readUntilClosed()).as("nothing more, then weft's close").isEmpty();
        }
    }

    @Test
    void weftClosesAfterItsNoRoute503ToARequestThatAskedForIt() throws Exception {
        try (WeftProcess weft = start()) {
            int port = Integer.parseInt(weft.value("OTHER_PORT"));
            weft.awaitListening(port);
            try (RawHttpConnection client = RawHttpConnection.open(port)) {
                RawResponse response = client.exchange("GET", "/elsewhere", "Connection: close");

                assertThat(response.status()).as(weft::diagnostics).isEqualTo(503);
                assertThat(client.readUntilClosed()).as("nothing more, then weft's close").isEmpty();
            }
        }
    }

    /**
     * The body is itself a well-formed request: read as the next one, it would be answered
     * (a request smuggled past the close the client asked for).
     */
    @Test
    void theUnreadBodyOfARequestThatAskedToCloseIsNeverReadAsARequest() throws Exception {
        String smuggled = RawHttpConnection.head("GET /smuggled HTTP/1.1", "Host: localhost");
        try (WeftProcess weft = start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {
            client.send(RawHttpConnection.head("POST / HTTP/1.1", "Host: localhost", "Connection: close",
                    "Content-Length: " + smuggled.getBytes(StandardCharsets.US_ASCII).length) + smuggled);

            RawResponse response = client.readResponse("POST");
            assertThat(response.status()).as(weft::diagnostics).isEqualTo(200);
            assertThat(client.readUntilClosed()).as("no second response, then weft's close").isEmpty();
        }
    }

    /** Without {@code close}, the body is read and the connection serves the next request. */
    @Test
    void aBodyAnsweredByReturnOnAKeptConnectionIsReadAndTheNextRequestServed() throws Exception {
        try (WeftProcess weft = start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {
            client.send(RawHttpConnection.head("POST / HTTP/1.1", "Host: localhost", "Content-Length: 5") + "abcde");
            assertThat(client.readResponse("POST").status()).as(weft::diagnostics).isEqualTo(200);

            RawResponse second = client.exchange("GET", "/again");
            assertThat(second.status()).isEqualTo(200);
            assertThat(second.bodyText()).isEqualTo("hello");
        }
    }

    private static WeftProcess start() throws Exception {
        return WeftProcess.config(CONFIG).set("OTHER_PORT", Ports.free()).set("DEAD_PORT", Ports.free()).start();
    }
}
