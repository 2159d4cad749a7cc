package dev.weft.it.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.Ports;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server address where nothing listens: every attempt is refused, the client gets 503, logged
 * {@code SC}; other requests and the same client connection keep working.
 */
@ExtendWith(WeftDiagnostics.class)
class ServerRefusedIT {

    private static final String CONFIG = "conf/errors/server-refused.properties";

    @Test
    void refusedServerGives503() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG)
                     .set("ORIGIN_PORT", origin.port()).set("DEAD_PORT", Ports.free()).start();
             HttpClient client = Http11.client();
             RawHttpConnection connection = RawHttpConnection.open(weft.frontPort())) {

            RawResponse unavailable = connection.exchange("GET", "/down");

            assertThat(unavailable.status()).as(weft::diagnostics).isEqualTo(503);
            AccessLogLine line = weft.awaitLogLine("for /down", l -> l.uri().equals("/down"));
            assertThat(line).as(weft::diagnostics)
                    .extracting(AccessLogLine::backend, AccessLogLine::server, AccessLogLine::status,
                            AccessLogLine::terminationState)
                    .containsExactly("down", "s1", 503, "SC");

            OtherRequests.healthyRouteAnswers(weft, client, "/echo?after-refused=1");
            OtherRequests.connectionStillServes(weft, connection, unavailable, "/echo?after-503=1");
        }
    }
}
