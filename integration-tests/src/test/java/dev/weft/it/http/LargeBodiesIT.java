package dev.weft.it.http;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;

import dev.weft.it.support.Backpressure;
import dev.weft.it.support.DeterministicBytes;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.Sha256;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Bodies stream with bounded memory: weft runs with a 48 MiB heap (and exits on OOM), yet relays
 * a 64 MiB download (Content-Length and chunked) and a 5 MiB chunked upload byte for byte; a
 * client that stops reading stops the server too (backpressure), instead of weft buffering.
 */
@ExtendWith(WeftDiagnostics.class)
class LargeBodiesIT {

    private static final String CONFIG = "conf/http/large-bodies.properties";
    private static final String[] SMALL_HEAP = {"-Xmx48m", "-XX:+ExitOnOutOfMemoryError"};
    private static final long DOWNLOAD = 64L << 20;
    private static final int UPLOAD = 5 << 20;
    private static final int MIB = 1 << 20;
    private static final int CLIENT_RECEIVE_BUFFER = 64 * 1024;

    @Test
    void downloadOfSixtyFourMebibytesIsBackpressuredNotBuffered() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port())
                     .jvmOptions(SMALL_HEAP).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort(), CLIENT_RECEIVE_BUFFER)) {

            long pushed = Backpressure.pausedDownload(weft, client, DOWNLOAD, origin::bytesSent);
            assertThat(pushed)
                    .as(() -> "the server pushed " + pushed + " bytes while the client had read 1 MiB and"
                            + " paused: weft must apply backpressure, not buffer the body" + weft.diagnostics())
                    .isLessThan(DOWNLOAD);
        }
    }

    @Test
    void chunkedDownloadOfSixtyFourMebibytesArrivesIntact() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port())
                     .jvmOptions(SMALL_HEAP).start();
             HttpClient client = Http11.client()) {

            HttpResponse<InputStream> response = client.send(
                    Http11.request(weft.uri("/bytes/" + DOWNLOAD + "?chunked=1")).build(),
                    BodyHandlers.ofInputStream());
            assertThat(response.statusCode()).as(weft::diagnostics).isEqualTo(200);
            Sha256.Digested body;
            try (InputStream in = response.body()) {
                body = Sha256.digest(in);
            }

            assertThat(body).as(weft::diagnostics)
                    .isEqualTo(new Sha256.Digested(DeterministicBytes.sha256(DOWNLOAD), DOWNLOAD));
            assertThat(weft.isAlive()).as(() -> "weft died during the download" + weft.diagnostics()).isTrue();
        }
    }

    @Test
    void chunkedUploadOfFiveMebibytesReachesTheServerIntact() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port())
                     .jvmOptions(SMALL_HEAP).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            client.send(RawHttpConnection.head("POST /upload HTTP/1.1", "Host: localhost",
                    "Content-Type: application/octet-stream", "Transfer-Encoding: chunked"));
            // odd chunk size so chunk boundaries never line up with weft's buffers
            FutureTask<Void> upload = new FutureTask<>(() -> {
                client.sendChunked(DeterministicBytes.stream(UPLOAD), 8191);
                return null;
            });
            Thread.ofVirtual().name("chunked-upload").start(upload);
            RawResponse response = client.readResponse("POST");
            upload.get(30, TimeUnit.SECONDS);

            assertThat(response.status()).as(weft::diagnostics).isEqualTo(200);
            assertThat(response.bodyText())
                    .as("SHA-256 and length of the body the server received")
                    .isEqualTo(DeterministicBytes.sha256(UPLOAD) + " " + UPLOAD);
            assertThat(weft.isAlive()).as(() -> "weft died during the upload" + weft.diagnostics()).isTrue();
        }
    }
}
