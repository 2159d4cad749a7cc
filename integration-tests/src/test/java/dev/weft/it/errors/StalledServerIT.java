package dev.weft.it.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.time.Duration;

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
 * A server that takes the request and never answers: after {@code timeout.server} (5s) the
 * client gets 504, logged {@code sH}; weft closes that server connection rather than pooling
 * it; meanwhile a request to a healthy backend is served, and afterwards the client connection
 * that got the 504 still works.
 */
@ExtendWith(WeftDiagnostics.class)
class StalledServerIT {

    private static final String CONFIG = "conf/errors/stalled-server.properties";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void stalledServerGives504WhileOtherRequestsKeepWorking() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             ScriptedPeer stalled = ScriptedPeer.start(PeerScript.stall());
             WeftProcess weft = WeftProcess.config(CONFIG)
                     .set("ORIGIN_PORT", origin.port()).set("PEER_PORT", stalled.port()).start();
             HttpClient client = Http11.client();
             RawHttpConnection connection = RawHttpConnection.open(weft.frontPort())) {

            connection.send(RawHttpConnection.head("GET /stall HTTP/1.1", "Host: localhost"));
            stalled.awaitRequests(1, WAIT);

            OtherRequests.healthyRouteAnswers(weft, client, "/echo?during-stall=1");
            assertThat(weft.accessLog()).as(() -> "the healthy request must be served while the stalled one"
                            + " is still waiting (5s timeout.server), not after it" + weft.diagnostics())
                    .noneMatch(l -> l.uri().equals("/stall"));

            RawResponse timeout = connection.readResponse("GET");
            assertThat(timeout.status()).as(weft::diagnostics).isEqualTo(504);
            AccessLogLine line = weft.awaitLogLine("for /stall", l -> l.uri().equals("/stall"));
            assertThat(line).as(weft::diagnostics)
                    .extracting(AccessLogLine::backend, AccessLogLine::server, AccessLogLine::status,
                            AccessLogLine::terminationState)
                    .containsExactly("stalled", "s1", 504, "sH");
            stalled.awaitClosedByProxy(1, WAIT);

            OtherRequests.connectionStillServes(weft, connection, timeout, "/echo?after-504=1");
        }
    }
}
