package dev.weft.it.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.PeerScript;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.ScriptedPeer;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code retry-on 503} with {@code retries 2} over two servers: a 503 is retried on the other
 * server. When both keep answering 503, the servers together receive exactly three requests
 * (the first attempt and two retries) and the client gets the last server's own 503, body
 * included, not weft's error page. When the second server answers 200, the client gets that 200.
 */
@ExtendWith(WeftDiagnostics.class)
class RetryOnStatusIT {

    private static final String CONFIG = "conf/retry/retry-on-status.properties";

    @Test
    void lastServer503IsRelayedAfterTheRetries() throws Exception {
        try (ScriptedPeer peer1 = ScriptedPeer.start(PeerScript.respond(503, "Service Unavailable", body503("s1")));
             ScriptedPeer peer2 = ScriptedPeer.start(PeerScript.respond(503, "Service Unavailable", body503("s2")));
             WeftProcess weft = WeftProcess.config(CONFIG)
                     .set("PEER1_PORT", peer1.port()).set("PEER2_PORT", peer2.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            RawResponse response = client.exchange("GET", "/always-503");

            assertThat(response.status()).as(() -> response + weft.diagnostics()).isEqualTo(503);
            assertThat(peer1.requestHeads().size() + peer2.requestHeads().size())
                    .as(() -> "requests the two servers received (first attempt + 2 retries); " + peer1 + "; " + peer2
                            + weft.diagnostics())
                    .isEqualTo(3);
            AccessLogLine line = weft.awaitLogLine("for /always-503", l -> l.uri().equals("/always-503"));
            assertThat(response.bodyText())
                    .as(() -> "the client gets the last server's own 503 (body from the server it was logged on), "
                            + "not weft's error page" + weft.diagnostics())
                    .isEqualTo(body503(line.server()));
            assertThat(line).as(weft::diagnostics)
                    .extracting(AccessLogLine::status, AccessLogLine::retries)
                    .containsExactly(503, "+2");
        }
    }

    @Test
    void retryOnAServerThatAnswers200GivesThe200() throws Exception {
        try (ScriptedPeer failing = ScriptedPeer.start(PeerScript.respond(503, "Service Unavailable", body503("s1")));
             ScriptedPeer healthy = ScriptedPeer.start(PeerScript.respond(200, "OK", "200 from origin s2\n"));
             WeftProcess weft = WeftProcess.config(CONFIG)
                     .set("PEER1_PORT", failing.port()).set("PEER2_PORT", healthy.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            RawResponse response = client.exchange("GET", "/then-200");

            assertThat(response.status()).as(() -> response + weft.diagnostics()).isEqualTo(200);
            assertThat(response.bodyText()).isEqualTo("200 from origin s2\n");
            // Round robin starts with the first server in file order: the failing one.
            assertThat(failing.requestHeads()).as(() -> "requests at s1 (503)" + weft.diagnostics()).hasSize(1);
            assertThat(healthy.requestHeads()).as(() -> "requests at s2 (200)" + weft.diagnostics()).hasSize(1);
            AccessLogLine line = weft.awaitLogLine("for /then-200", l -> l.uri().equals("/then-200"));
            assertThat(line).as(weft::diagnostics)
                    .extracting(AccessLogLine::server, AccessLogLine::status, AccessLogLine::terminationState,
                            AccessLogLine::retries)
                    .containsExactly("s2", 200, "--", "+1");
        }
    }

    private static String body503(String server) {
        return "503 from origin " + server + "\n";
    }
}
