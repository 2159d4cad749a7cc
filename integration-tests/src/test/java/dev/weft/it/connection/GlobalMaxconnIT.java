package dev.weft.it.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import dev.weft.it.support.Ports;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code global.maxconn = 2} across two frontends: with two client connections open on
 * frontend a, a third connection, to frontend b, is not served until one of them closes. A
 * per-listener limit (Helidon's maxTcpConnections alone) would serve it at once.
 */
@ExtendWith(WeftDiagnostics.class)
class GlobalMaxconnIT {

    private static final String CONFIG = "conf/connection/global-maxconn.properties";

    @Test
    void theLimitCountsConnectionsOfEveryFrontend() throws Exception {
        int otherPort = Ports.free();
        try (WeftProcess weft = WeftProcess.config(CONFIG).set("OTHER_PORT", otherPort).start();
             RawHttpConnection a1 = RawHttpConnection.open(weft.frontPort());
             RawHttpConnection a2 = RawHttpConnection.open(weft.frontPort())) {
            weft.awaitListening(otherPort);
            assertThat(a1.exchange("GET", "/one").status()).isEqualTo(200);
            assertThat(a2.exchange("GET", "/two").status()).isEqualTo(200);

            try (RawHttpConnection b = RawHttpConnection.open(otherPort)) {
                b.send(RawHttpConnection.head("GET /three HTTP/1.1", "Host: test"));
                assertThat(b.silentFor(1500))
                        .as(() -> "a third connection must wait while two are open" + weft.diagnostics())
                        .isTrue();

                a1.close();
                RawResponse answer = b.readResponse("GET");
                assertThat(answer.status()).isEqualTo(200);
                assertThat(new String(answer.body())).isEqualTo("from b");
            }
            assertThat(a2.exchange("GET", "/four").status()).as("the remaining connection still serves").isEqualTo(200);
        }
    }
}
