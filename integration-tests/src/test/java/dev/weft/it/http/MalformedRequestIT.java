package dev.weft.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.stream.Stream;

import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Named;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * A malformed request on a raw socket is answered 400 by the frontend's parser and never reaches
 * the server; weft closes that connection, and a well-formed request on a fresh connection still
 * gets the server's 200.
 *
 * Every refusal has its access log line ({@code PR--}), as HAProxy logs {@code <BADREQ>}.
 * Requests no protocol of the frontend claims (another HTTP version, a bare method) get 505 or
 * 400 rather than Helidon's silent close; a chunked body that breaks its framing mid-way gets a
 * 400 logged {@code PD--}.
 */
@ExtendWith(WeftDiagnostics.class)
class MalformedRequestIT {

    private static final String CONFIG = "conf/http/malformed-request.properties";

    static Stream<Named<String>> malformedRequests() {
        return Stream.of(
                Named.of("spaces in the request target",
                        RawHttpConnection.head("GET /a b HTTP/1.1", "Host: localhost")),
                Named.of("a header line without a colon",
                        RawHttpConnection.head("GET /no-colon HTTP/1.1", "Host: localhost", "NoColonHere")),
                Named.of("a control character in the request target",
                        RawHttpConnection.head("GET /ctl\u0001 HTTP/1.1", "Host: localhost")),
                Named.of("a space inside a header name (smuggling: 'Transfer-Encoding : chunked')",
                        RawHttpConnection.head("GET /bad-name HTTP/1.1", "Host: localhost", "Bad Name: x")),
                Named.of("an HTTP/1.1 request without Host (RFC 9112 section 3.2)",
                        RawHttpConnection.head("GET /no-host HTTP/1.1")),
                Named.of("a non-numeric Content-Length",
                        RawHttpConnection.head("POST /bad-length HTTP/1.1", "Host: localhost",
                                "Content-Length: abc")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedRequests")
    void malformedRequestGets400AndOthersStillWork(String request) throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start()) {

            try (RawHttpConnection bad = RawHttpConnection.open(weft.frontPort())) {
                bad.send(request);
                RawResponse refused = bad.readResponse("GET");

                assertThat(refused.status()).as(() -> refused + weft.diagnostics()).isEqualTo(400);
                assertThat(refused.head().closes())
                        .as(() -> "weft must close a connection whose framing it could not parse:\n" + refused.head())
                        .isTrue();
                sendQuietly(bad, RawHttpConnection.head("GET /smuggled HTTP/1.1", "Host: localhost"));
                assertThat(bad.closedByPeer()).as("the connection ends after the 400").isTrue();
            }
            assertThat(origin.requests()).as("requests that reached the server").isEmpty();
            var line = weft.awaitLogLine("for the refused request", l -> l.status() == 400);
            assertThat(line.terminationState()).isEqualTo("PR");

            try (RawHttpConnection fresh = RawHttpConnection.open(weft.frontPort())) {
                RawResponse ok = fresh.exchange("GET", "/echo?after-400=1");

                assertThat(ok.status()).as(() -> "a fresh connection after the 400" + weft.diagnostics())
                        .isEqualTo(200);
                assertThat(ok.headers().first("X-Echo-Uri")).hasValue("/echo?after-400=1");
            }
            assertThat(origin.onlyRequest("/echo?after-400=1").method()).isEqualTo("GET");
        }
    }

    static Stream<Arguments> unidentifiedRequests() {
        return Stream.of(
                Arguments.of(Named.of("HTTP/1.0", "GET /old HTTP/1.0\r\n\r\n"), 505),
                Arguments.of(Named.of("HTTP/9.9", RawHttpConnection.head("GET /future HTTP/9.9", "Host: localhost")), 505),
                Arguments.of(Named.of("a bare method", "GET\r\n\r\n"), 400));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("unidentifiedRequests")
    void requestsNoProtocolClaimsAreAnsweredAndLogged(String request, int status) throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start()) {
            try (RawHttpConnection bad = RawHttpConnection.open(weft.frontPort())) {
                bad.send(request);
                RawResponse refused = bad.readResponse("GET");
                assertThat(refused.status()).as(() -> refused + weft.diagnostics()).isEqualTo(status);
                assertThat(refused.head().closes()).isTrue();
                assertThat(bad.closedByPeer()).isTrue();
            }
            var line = weft.awaitLogLine("for the refused request", l -> l.status() == status);
            assertThat(line.terminationState()).isEqualTo("PR");
            assertThat(line.raw()).endsWith("\"<BADREQ>\"");
            assertThat(origin.requests()).isEmpty();
        }
    }

    @org.junit.jupiter.api.Test
    void aChunkedBodyThatBreaksItsFramingGets400AndIsNotKeptAtTheServer() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start()) {
            try (RawHttpConnection bad = RawHttpConnection.open(weft.frontPort())) {
                bad.send(RawHttpConnection.head("POST /broken-chunks HTTP/1.1", "Host: localhost",
                        "Transfer-Encoding: chunked") + "5\r\nhello\r\nzz\r\n");
                RawResponse refused = bad.readResponse("POST");
                assertThat(refused.status()).as(() -> refused + weft.diagnostics()).isEqualTo(400);
                // What follows the broken chunk must never be read as a request of its own.
                sendQuietly(bad, RawHttpConnection.head("GET /smuggled HTTP/1.1", "Host: localhost"));
                assertThat(bad.closedByPeer()).as("the rest of the body is unreadable: connection closed").isTrue();
            }
            assertThat(origin.requests()).extracting(r -> r.uri()).doesNotContain("/smuggled");
            assertThat(weft.accessLog()).noneMatch(l -> l.uri().equals("/smuggled"));
            var line = weft.awaitLogLine("for the broken body", l -> l.uri().equals("/broken-chunks"));
            assertThat(line.status()).isEqualTo(400);
            assertThat(line.terminationState()).isEqualTo("PD");

            try (RawHttpConnection fresh = RawHttpConnection.open(weft.frontPort())) {
                RawResponse ok = fresh.exchange("GET", "/echo?after-bad-body=1");
                assertThat(ok.status()).as(weft::diagnostics).isEqualTo(200);
            }
        }
    }

    /** Sends {@code text}, ignoring a connection weft already closed (which is what these tests want). */
    private static void sendQuietly(RawHttpConnection c, String text) {
        try {
            c.send(text);
        } catch (java.io.IOException closedAlready) {
            // weft closed first
        }
    }
}
