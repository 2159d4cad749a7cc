package dev.weft.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;

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
 * A server that refuses an upload before reading it (413, then close) while the client is still
 * sending 8 MiB: the client gets that 413, not a 502, as HAProxy relays a server's early
 * answer; weft then closes the client connection, whose body it did not read.
 */
@ExtendWith(WeftDiagnostics.class)
class EarlyAnswerIT {

    private static final String CONFIG = "conf/http/early-answer.properties";
    private static final byte[] TOO_LARGE = ("HTTP/1.1 413 Payload Too Large\r\nContent-Type: text/plain\r\n"
            + "Content-Length: 8\r\nConnection: close\r\n\r\ntoo big\n").getBytes(StandardCharsets.ISO_8859_1);
    private static final int BODY = 8 * 1024 * 1024;

    @Test
    void anAnswerSentBeforeTheBodyWasReadIsRelayed() throws Exception {
        try (ScriptedPeer peer = ScriptedPeer.start((PeerConnection c) -> {
                 if (c.readRequestHeadOnly() != null) {
                     c.write(TOO_LARGE);
                     c.close();
                 }
             });
             WeftProcess weft = WeftProcess.config(CONFIG).set("PEER_PORT", peer.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            client.send(RawHttpConnection.head("POST /upload HTTP/1.1", "Host: test", "Content-Length: " + BODY));
            CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
                byte[] block = new byte[64 * 1024];
                try {
                    for (int sent = 0; sent < BODY; sent += block.length) {
                        client.send(block);
                    }
                } catch (IOException stoppedByWeft) {
                    // weft closed the connection after the 413: the rest is not wanted
                }
            });
            RawResponse answer = client.readResponse("POST");
            assertThat(answer.status()).as(() -> answer + weft.diagnostics()).isEqualTo(413);
            assertThat(new String(answer.body(), StandardCharsets.ISO_8859_1)).isEqualTo("too big\n");
            assertThat(answer.head().closes()).as(answer::toString).isTrue();
            sending.join();

            AccessLogLine line = weft.awaitLogLine("for the refused upload", l -> l.uri().equals("/upload"));
            assertThat(line.status()).isEqualTo(413);
        }
    }
}
