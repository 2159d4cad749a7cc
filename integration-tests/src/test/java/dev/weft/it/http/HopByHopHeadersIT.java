package dev.weft.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.weft.it.support.Headers;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.PeerScript;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.ScriptedPeer;
import dev.weft.it.support.SeenRequest;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Hop-by-hop headers (RFC 9110 §7.6.1) stop at weft in both directions: {@code Connection},
 * {@code Keep-Alive}, {@code Proxy-Connection}, {@code TE}, {@code Upgrade}, and every header
 * {@code Connection} names; end-to-end headers pass, {@code Trailer} among them (RFC 9110 no
 * longer counts it as hop-by-hop: it announces the trailer fields that weft relays). weft may add its own
 * {@code Connection: keep-alive|close}, so that header is checked for foreign tokens only.
 * {@code Transfer-Encoding} is not checked here: weft may legitimately re-chunk a body, and the
 * chunked tests cover its framing.
 */
@ExtendWith(WeftDiagnostics.class)
class HopByHopHeadersIT {

    private static final String CONFIG = "conf/http/hop-by-hop.properties";
    private static final List<String> HOP_BY_HOP =
            List.of("Keep-Alive", "Proxy-Connection", "TE", "Upgrade");
    private static final List<String> WEFT_OWN_CONNECTION_TOKENS = List.of("keep-alive", "close");

    private static final String RESPONSE_WITH_HOP_HEADERS = """
            HTTP/1.1 200 OK\r
            Content-Type: text/plain\r
            Content-Length: 5\r
            Connection: keep-alive, X-Hop-Secret\r
            X-Hop-Secret: must-not-pass\r
            Keep-Alive: timeout=5, max=100\r
            Proxy-Connection: keep-alive\r
            Upgrade: x-weft-test\r
            X-End-To-End: kept\r
            \r
            hello""";

    @Test
    void requestHopByHopHeadersDoNotReachTheServer() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             ScriptedPeer peer = ScriptedPeer.start(PeerScript.respond(RESPONSE_WITH_HOP_HEADERS));
             WeftProcess weft = WeftProcess.config(CONFIG)
                     .set("ORIGIN_PORT", origin.port()).set("PEER_PORT", peer.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            RawResponse response = client.exchange("GET", "/echo?hop=1",
                    "Connection: keep-alive, X-Hop-Custom",
                    "X-Hop-Custom: must-not-pass",
                    "Keep-Alive: timeout=5",
                    "Proxy-Connection: keep-alive",
                    "TE: trailers",
                    "Trailer: X-Checksum",
                    // no "Connection: upgrade" and an unknown protocol: not an upgrade request
                    "Upgrade: x-weft-test",
                    "X-End-To-End: kept");

            assertThat(response.status()).as(weft::diagnostics).isEqualTo(200);
            SeenRequest seen = origin.onlyRequest("/echo?hop=1");
            assertHopByHopRemoved(seen.headers(), "X-Hop-Custom", "the request at the server:\n" + seen);
        }
    }

    @Test
    void responseHopByHopHeadersDoNotReachTheClient() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             ScriptedPeer peer = ScriptedPeer.start(PeerScript.respond(RESPONSE_WITH_HOP_HEADERS));
             WeftProcess weft = WeftProcess.config(CONFIG)
                     .set("ORIGIN_PORT", origin.port()).set("PEER_PORT", peer.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            RawResponse response = client.exchange("GET", "/scripted/hop");

            assertThat(response.status()).as(weft::diagnostics).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("hello");
            assertHopByHopRemoved(response.headers(), "X-Hop-Secret", "the response at the client:\n" + response.head());
        }
    }

    private static void assertHopByHopRemoved(Headers headers, String namedByConnection, String context) {
        for (String name : HOP_BY_HOP) {
            assertThat(headers.has(name)).as("hop-by-hop header %s passed through; %s", name, context).isFalse();
        }
        assertThat(headers.has(namedByConnection))
                .as("%s is named in Connection, so it is hop-by-hop, yet it passed; %s", namedByConnection, context)
                .isFalse();
        assertThat(headers.tokens("Connection"))
                .as("Connection may only carry weft's own tokens; %s", context)
                .isSubsetOf(WEFT_OWN_CONNECTION_TOKENS);
        assertThat(headers.all("X-End-To-End")).as("an end-to-end header must pass; %s", context)
                .containsExactly("kept");
    }
}
