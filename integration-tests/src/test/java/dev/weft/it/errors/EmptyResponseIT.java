package dev.weft.it.errors;

import static org.assertj.core.api.Assertions.assertThat;

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
 * A server that reads the request and closes without a byte of response: 502, logged {@code SH}
 * (not retried: {@code empty-response} is not in the default {@code retry-on}); other requests
 * and the same client connection keep working.
 */
@ExtendWith(WeftDiagnostics.class)
class EmptyResponseIT {

    private static final String CONFIG = "conf/errors/empty-response.properties";

    @Test
    void serverClosingBeforeAnsweringGives502() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             ScriptedPeer closing = ScriptedPeer.start(PeerScript.acceptAndClose());
             WeftProcess weft = WeftProcess.config(CONFIG)
                     .set("ORIGIN_PORT", origin.port()).set("PEER_PORT", closing.port()).start();
             HttpClient client = Http11.client();
             RawHttpConnection connection = RawHttpConnection.open(weft.frontPort())) {

            RawResponse badGateway = connection.exchange("GET", "/empty");

            assertThat(badGateway.status()).as(weft::diagnostics).isEqualTo(502);
            AccessLogLine line = weft.awaitLogLine("for /empty", l -> l.uri().equals("/empty"));
            assertThat(line).as(weft::diagnostics)
                    .extracting(AccessLogLine::backend, AccessLogLine::server, AccessLogLine::status,
                            AccessLogLine::terminationState)
                    .containsExactly("empty", "s1", 502, "SH");

            OtherRequests.healthyRouteAnswers(weft, client, "/echo?after-empty=1");
            OtherRequests.connectionStillServes(weft, connection, badGateway, "/echo?after-502=1");
        }
    }
}
