package dev.weft.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.weft.it.support.DeterministicBytes;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.Sha256;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.Timeout;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Response bodies in flight at once each reach their own client byte for byte. weft relays
 * bodies through buffers it lends from a pool and takes back after the last write (BodyBuffers):
 * a buffer still held by one stream's write while another stream fills it would mix two
 * responses. Every response here has bytes of its own (the origin's sequence starts at a
 * different position for each), with a known length or chunked, larger than one buffer.
 */
@ExtendWith(WeftDiagnostics.class)
class ConcurrentBodiesIT {

    private static final String CONFIG = "conf/http/large-bodies.properties";
    private static final int CLIENTS = 24;
    private static final int ROUNDS = 4;

    @Test
    @Timeout(90) // a mixed chunked body can leave the client waiting for bytes that never come
    void bodiesInFlightTogetherEachArriveIntact() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             HttpClient client = Http11.client()) {
            for (int round = 0; round < ROUNDS; round++) {
                List<String> paths = new ArrayList<>();
                List<CompletableFuture<HttpResponse<InputStream>>> answers = new ArrayList<>();
                for (int i = 0; i < CLIENTS; i++) {
                    long from = 1_000_003L * (round * CLIENTS + i);
                    long length = 100_000 + 7_919L * i;
                    String path = "/bytes/" + length + "?from=" + from + (i % 3 == 0 ? "&chunked=1" : "");
                    paths.add(path);
                    answers.add(client.sendAsync(Http11.request(weft.uri(path)).build(), BodyHandlers.ofInputStream()));
                }
                for (int i = 0; i < CLIENTS; i++) {
                    String path = paths.get(i);
                    HttpResponse<InputStream> response = answers.get(i).get(30, TimeUnit.SECONDS);
                    assertThat(response.statusCode()).as(path).isEqualTo(200);
                    Sha256.Digested body;
                    try (var in = response.body()) {
                        body = Sha256.digest(in);
                    }
                    long length = Long.parseLong(path.substring("/bytes/".length(), path.indexOf('?')));
                    long from = Long.parseLong(path.replaceAll(".*from=([0-9]+).*", "$1"));
                    assertThat(body).as(() -> path + weft.diagnostics())
                            .isEqualTo(new Sha256.Digested(DeterministicBytes.sha256(from, length), length));
                }
            }
        }
    }
}
