package dev.weft.it.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.PeerConnection;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.ScriptedPeer;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A reused connection closed by the origin between requests: the server answers one request
 * keep-alive and then closes the connection on its own. The next request must not fail: either
 * weft sees the close before reusing the connection, or it meets it on reuse (the keep-alive
 * race) and retries on a fresh connection, with {@code retry-on none}. The client sees two 200s.
 */
@ExtendWith(WeftDiagnostics.class)
class OriginClosesIdleIT {

    private static final String CONFIG = "conf/retry/origin-closes-idle.properties";
    private static final byte[] OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\n\r\nok".getBytes(StandardCharsets.ISO_8859_1);

    @Test
    void aPooledConnectionTheOriginClosedIsReplacedTransparently() throws Exception {
        CountDownLatch firstClosed = new CountDownLatch(1);
        try (ScriptedPeer peer = ScriptedPeer.start((PeerConnection c) -> {
                 if (c.readRequestHead() != null) {
                     c.write(OK);
                     c.close();
                     firstClosed.countDown();
                 }
             });
             WeftProcess weft = WeftProcess.config(CONFIG).set("PEER_PORT", peer.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            RawResponse first = client.exchange("GET", "/first");
            assertThat(first.status()).as(weft::diagnostics).isEqualTo(200);
            assertThat(firstClosed.await(10, TimeUnit.SECONDS)).isTrue();

            RawResponse second = client.exchange("GET", "/second");
            assertThat(second.status()).as(() -> second + weft.diagnostics()).isEqualTo(200);
            assertThat(new String(second.body(), StandardCharsets.ISO_8859_1)).isEqualTo("ok");

            AccessLogLine line = weft.awaitLogLine("for /second", l -> l.uri().equals("/second"));
            assertThat(line.terminationState()).isEqualTo("--");
            assertThat(peer.acceptedConnections()).as("the second request went on a fresh connection").isEqualTo(2);
            assertThat(peer.requestHeads()).as("each request reached the server once")
                    .filteredOn(h -> h.startsWith("GET /second")).hasSize(1);
        }
    }
}
