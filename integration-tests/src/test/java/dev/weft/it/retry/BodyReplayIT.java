package dev.weft.it.retry;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.DeterministicBytes;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.PeerScript;
import dev.weft.it.support.ScriptedPeer;
import dev.weft.it.support.Sha256;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code retry-on empty-response conn-failure}, {@code balance first}: every request goes first to
 * a server that reads it whole and closes without answering. A POST whose body fits
 * {@code global.tune.bufsize} (16k) was kept, so it is sent again to the echo server and arrives
 * whole; a 1 MiB POST was not kept, so it cannot be replayed: the client gets 502 and the echo
 * server never sees it.
 */
@ExtendWith(WeftDiagnostics.class)
class BodyReplayIT {

    private static final String CONFIG = "conf/retry/body-replay.properties";
    private static final int SMALL = 1024;
    private static final int LARGE = 1024 * 1024;

    @Test
    void bodyWithinBufsizeIsReplayedWhole() throws Exception {
        byte[] body = DeterministicBytes.array(SMALL);
        String uri = "/echo/small";
        try (ScriptedPeer closer = ScriptedPeer.start(PeerScript.acceptAndClose());
             JettyOrigin echo = JettyOrigin.start();
             WeftProcess weft = start(closer, echo);
             HttpClient client = Http11.client()) {

            HttpResponse<String> response = post(client, weft, uri, body);

            assertThat(response.statusCode()).as(() -> response.body() + weft.diagnostics()).isEqualTo(200);
            assertThat(response.headers().firstValue("X-Body-Length")).hasValue(Integer.toString(SMALL));
            assertThat(response.headers().firstValue("X-Body-Sha256"))
                    .as("SHA-256 of the replayed body the echo server received")
                    .hasValue(Sha256.hex(body));
            assertThat(closer.requestHeads()).as(() -> "requests at the closing server, tried first" + closer)
                    .hasSize(1).allSatisfy(head -> assertThat(head).startsWith("POST " + uri + " "));
            assertThat(echo.onlyRequest(uri).method()).isEqualTo("POST");
            AccessLogLine line = weft.awaitLogLine("for " + uri, l -> l.uri().equals(uri));
            assertThat(line).as(weft::diagnostics)
                    .extracting(AccessLogLine::server, AccessLogLine::status, AccessLogLine::terminationState,
                            AccessLogLine::retries)
                    .containsExactly("echo", 200, "--", "+1");
        }
    }

    @Test
    void bodyOverBufsizeIsNotReplayed() throws Exception {
        byte[] body = DeterministicBytes.array(LARGE);
        String uri = "/echo/large";
        try (ScriptedPeer closer = ScriptedPeer.start(PeerScript.acceptAndClose());
             JettyOrigin echo = JettyOrigin.start();
             WeftProcess weft = start(closer, echo);
             HttpClient client = Http11.client()) {

            HttpResponse<String> response = post(client, weft, uri, body);

            assertThat(response.statusCode()).as(() -> response.body() + weft.diagnostics()).isEqualTo(502);
            assertThat(closer.requestHeads()).as(() -> "requests at the closing server, tried first" + closer)
                    .hasSize(1).allSatisfy(head -> assertThat(head).startsWith("POST " + uri + " "));
            AccessLogLine line = weft.awaitLogLine("for " + uri, l -> l.uri().equals(uri));
            assertThat(line).as(weft::diagnostics)
                    .extracting(AccessLogLine::server, AccessLogLine::status, AccessLogLine::terminationState,
                            AccessLogLine::retries)
                    .containsExactly("closer", 502, "SH", "0");
            assertThat(echo.requests()).as(() -> "requests at the echo server: a 1 MiB body must not be replayed"
                    + weft.diagnostics()).isEmpty();
        }
    }

    private static WeftProcess start(ScriptedPeer closer, JettyOrigin echo) throws Exception {
        return WeftProcess.config(CONFIG).set("PEER_PORT", closer.port()).set("ORIGIN_PORT", echo.port()).start();
    }

    private static HttpResponse<String> post(HttpClient client, WeftProcess weft, String uri, byte[] body)
            throws Exception {
        return client.send(Http11.request(weft.uri(uri))
                        .header("Content-Type", "application/octet-stream")
                        .POST(BodyPublishers.ofByteArray(body)).build(),
                BodyHandlers.ofString());
    }
}
