package dev.weft.it.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code timeout.client}: a client announces a 100-byte body, sends 10 bytes and goes silent.
 * weft closes its connection once the timeout expires (Helidon alone would wait forever),
 * logs {@code cD}, and keeps serving everyone else.
 */
@ExtendWith(WeftDiagnostics.class)
class ClientTimeoutIT {

    private static final String CONFIG = "conf/errors/client-timeout.properties";

    @Test
    void aClientThatStopsSendingItsBodyIsCutOffAfterTimeoutClient() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             HttpClient client = Http11.client();
             RawHttpConnection silent = RawHttpConnection.open(weft.frontPort())) {

            silent.send(RawHttpConnection.head("POST /upload HTTP/1.1", "Host: test", "Content-Length: 100")
                    + "0123456789");

            AccessLogLine line = weft.awaitLogLine("for the silent upload", l -> l.uri().equals("/upload"));
            assertThat(line.terminationState()).as(weft::diagnostics).isEqualTo("cD");
            assertThat(silent.closedByPeer()).as("weft closed the silent client's connection").isTrue();

            OtherRequests.healthyRouteAnswers(weft, client, "/echo?after-timeout=1");
        }
    }
}
