package dev.weft.it.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A server slow to answer (400 ms before its head) makes weft watch the client connection for a
 * close while it waits. That watcher must not cost the client anything: the chunked response
 * arrives whole (its last chunk not held back until the next request), and the next requests on
 * the same connection, which the watcher reads ahead, are served.
 */
@ExtendWith(WeftDiagnostics.class)
class SlowHeadKeepAliveIT {

    private static final String CONFIG = "conf/connection/slow-head-keep-alive.properties";

    @Test
    void aWatchedConnectionGetsWholeResponsesAndKeepsServing() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            for (int i = 0; i < 3; i++) {
                RawResponse r = client.exchange("GET", "/bytes/100000?chunked=1&delay=400&n=" + i);
                assertThat(r.status()).as(weft::diagnostics).isEqualTo(200);
                assertThat(r.body()).hasSize(100_000);
            }
            RawResponse last = client.exchange("GET", "/echo/after");
            assertThat(last.status()).isEqualTo(200);
            assertThat(last.headers().first("X-Echo-Uri")).hasValue("/echo/after");
            assertThat(origin.requests()).hasSize(4);
        }
    }
}
