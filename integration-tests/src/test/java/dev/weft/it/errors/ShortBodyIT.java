package dev.weft.it.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.net.http.HttpClient;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.PeerScript;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.ScriptedPeer;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server that announces {@code Content-Length: 100}, sends 10 bytes and closes: weft aborts
 * the client response, so the client sees a failed read (EOF or reset), never a complete
 * response and never a hang (a read timeout counts as a hang); the log line does not claim a
 * normal termination; other requests keep working.
 */
@ExtendWith(WeftDiagnostics.class)
class ShortBodyIT {

    private static final String CONFIG = "conf/errors/short-body.properties";

    @Test
    void shortServerBodyAbortsTheClientResponse() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             ScriptedPeer shortBody = ScriptedPeer.start(PeerScript.shortBody());
             WeftProcess weft = WeftProcess.config(CONFIG)
                     .set("ORIGIN_PORT", origin.port()).set("PEER_PORT", shortBody.port()).start();
             HttpClient client = Http11.client()) {

            IOException failure = readShortResponse(weft);

            assertThat(failure)
                    .as(() -> "the client must see the response fail, not complete" + weft.diagnostics())
                    .isNotInstanceOf(SocketTimeoutException.class);
            AccessLogLine line = weft.awaitLogLine("for /short", l -> l.uri().equals("/short"));
            assertThat(line.terminationState())
                    .as(() -> "a truncated transfer is not a normal termination" + weft.diagnostics())
                    .isNotEqualTo("--");

            OtherRequests.healthyRouteAnswers(weft, client, "/echo?after-short=1");
        }
    }

    /** Sends GET /short and returns how reading its response failed; fails the test if it completed. */
    private static IOException readShortResponse(WeftProcess weft) throws IOException {
        try (RawHttpConnection connection = RawHttpConnection.open(weft.frontPort())) {
            connection.send(RawHttpConnection.head("GET /short HTTP/1.1", "Host: localhost"));
            RawResponse completed;
            try {
                completed = connection.readResponse("GET");
            } catch (IOException expected) {
                return expected;
            }
            throw new AssertionError("weft delivered a complete response although the server sent 10 of 100"
                    + " body bytes:\n" + completed + weft.diagnostics());
        }
    }
}
