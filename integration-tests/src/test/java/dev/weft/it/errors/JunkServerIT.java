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
 * A server that answers junk instead of an HTTP status line: the client gets 502, logged
 * {@code PH} (weft refused an invalid response); weft drops that server connection; a healthy
 * backend keeps serving, and the client connection that got the 502 still works.
 */
@ExtendWith(WeftDiagnostics.class)
class JunkServerIT {

    private static final String CONFIG = "conf/errors/junk-server.properties";
    private static final Duration WAIT = Duration.ofSeconds(10);

    @Test
    void junkFromTheServerGives502WhileOtherRequestsKeepWorking() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             ScriptedPeer junk = ScriptedPeer.start(PeerScript.junk());
             WeftProcess weft = WeftProcess.config(CONFIG)
                     .set("ORIGIN_PORT", origin.port()).set("PEER_PORT", junk.port()).start();
             HttpClient client = Http11.client();
             RawHttpConnection connection = RawHttpConnection.open(weft.frontPort())) {

            RawResponse badGateway = connection.exchange("GET", "/junk");

            assertThat(badGateway.status()).as(weft::diagnostics).isEqualTo(502);
            AccessLogLine line = weft.awaitLogLine("for /junk", l -> l.uri().equals("/junk"));
            assertThat(line).as(weft::diagnostics)
                    .extracting(AccessLogLine::backend, AccessLogLine::server, AccessLogLine::status,
                            AccessLogLine::terminationState)
                    .containsExactly("junk", "s1", 502, "PH");
            junk.awaitClosedByProxy(1, WAIT);

            OtherRequests.healthyRouteAnswers(weft, client, "/echo?after-junk=1");
            OtherRequests.connectionStillServes(weft, connection, badGateway, "/echo?after-502=1");
        }
    }
}
