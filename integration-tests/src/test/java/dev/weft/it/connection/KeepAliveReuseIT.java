package dev.weft.it.connection;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * With {@code http-reuse safe} (the default), 50 sequential requests on one client keep-alive
 * connection travel over one server connection: the server accepts one TCP connection and sees
 * every request come from the same port.
 */
@ExtendWith(WeftDiagnostics.class)
class KeepAliveReuseIT {

    private static final String CONFIG = "conf/connection/keep-alive-reuse.properties";
    private static final int REQUESTS = 50;

    @Test
    void fiftyKeepAliveRequestsReuseOneServerConnection() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            for (int i = 1; i <= REQUESTS; i++) {
                int n = i;
                String uri = "/echo?n=" + n;
                RawResponse response = client.exchange("GET", uri);
                assertThat(response.status()).as(() -> "response " + n + weft.diagnostics()).isEqualTo(200);
                assertThat(response.headers().first("X-Echo-Uri")).as("response %d", i).hasValue(uri);
                assertThat(response.head().closes())
                        .as("weft announced Connection: close on response %d of a keep-alive connection", i)
                        .isFalse();
            }

            assertThat(origin.requests()).as("requests at the server").hasSize(REQUESTS);
            assertThat(origin.remotePorts())
                    .as(() -> "client ports of weft's server connections (one per connection)" + weft.diagnostics())
                    .hasSize(1);
            assertThat(origin.acceptedConnections())
                    .as(() -> "TCP connections the server accepted" + weft.diagnostics())
                    .isEqualTo(1);

            List<AccessLogLine> lines = weft.awaitLogLines("for /echo?n=...",
                    l -> l.uri().startsWith("/echo?n="), REQUESTS);
            assertThat(lines).as("one client connection: one client port in the log")
                    .extracting(AccessLogLine::clientPort).containsOnly(client.localPort());
            assertThat(lines).extracting(AccessLogLine::server).containsOnly("s1");
        }
    }
}
