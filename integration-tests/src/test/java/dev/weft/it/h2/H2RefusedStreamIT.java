package dev.weft.it.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpRequest.BodyPublishers;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.DeterministicBytes;
import dev.weft.it.support.Http11;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.ResponseHead;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import jdk.jfr.consumer.RecordingFile;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.junit.jupiter.api.io.TempDir;

/**
 * RST_STREAM REFUSED_STREAM says the server did not process the stream: weft sends a POST with
 * its body again (the body fits the replay buffer), whatever {@code retry-on} says, and the
 * server processes it once. The retry shows in the access log and the JFR ConnStreamReset reason.
 */
@ExtendWith(WeftDiagnostics.class)
class H2RefusedStreamIT {

    private static final String CONFIG = "conf/h2/h2-refused.properties";
    private static final int BODY = 10_000;

    @Test
    void aResetAfterResponseBytesReachedTheClientIsNotRetried(@TempDir Path dir) throws Exception {
        try (RefusingH2Origin origin = RefusingH2Origin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port())
                     .set("JFR", dir.resolve("weft.jfr")).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            client.send(RawHttpConnection.head("GET /partial HTTP/1.1", "Host: localhost"));
            ResponseHead head = client.readHead();
            assertThat(head.status()).as(weft::diagnostics).isEqualTo(200);
            long got;
            try (InputStream body = client.body(head, "GET")) {
                got = drain(body);
            } catch (IOException e) {
                got = -1; // the truncation may surface as an exception: either way, not 100000
            }

            assertThat(got).as("body bytes the client got before weft cut its connection").isLessThan(100_000L);
            assertThat(origin.processed()).as("the refused first stream is retried; the reset after the head is not")
                    .containsExactly("partial");
            assertThat(origin.streams()).isEqualTo(2);
            AccessLogLine line = weft.awaitLogLine("the GET's log line", l -> l.uri().equals("/partial"));
            assertThat(line.terminationState()).as(line::toString).startsWith("SD");
        }
    }

    private static long drain(InputStream in) throws IOException {
        long n = 0;
        byte[] buf = new byte[8192];
        for (int r; (r = in.read(buf)) >= 0; ) {
            n += r;
        }
        return n;
    }

    @Test
    void aRefusedPostIsRetriedWithItsBodyAndProcessedOnce(@TempDir Path dir) throws Exception {
        Path jfr = dir.resolve("weft.jfr");
        try (RefusingH2Origin origin = RefusingH2Origin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).set("JFR", jfr).start();
             HttpClient http = Http11.client()) {

            HttpResponse<String> r = http.send(Http11.request(weft.uri("/orders"))
                    .POST(BodyPublishers.ofByteArray(DeterministicBytes.array(BODY))).build(), BodyHandlers.ofString());

            assertThat(r.statusCode()).as(() -> r.body() + weft.diagnostics()).isEqualTo(200);
            assertThat(r.body()).isEqualTo(DeterministicBytes.sha256(BODY) + " " + BODY);
            assertThat(origin.streams()).as("streams the server received: the refused one and the retry").isEqualTo(2);
            assertThat(origin.processed()).as("requests the server processed")
                    .containsExactly("POST /orders " + DeterministicBytes.sha256(BODY) + " " + BODY);
            weft.sigterm();
            assertThat(weft.waitExit(Duration.ofSeconds(30))).as(weft::diagnostics).isZero();
            // read after exit: the log and the recording are complete then
            AccessLogLine line = weft.accessLog().stream().filter(l -> l.uri().equals("/orders")).findFirst()
                    .orElseThrow(() -> new AssertionError("no log line for /orders" + weft.diagnostics()));
            assertThat(line.retries()).isEqualTo("1");
            assertThat(line.status()).isEqualTo(200);
            List<String> resetReasons = RecordingFile.readAllEvents(jfr).stream()
                    .filter(e -> e.getEventType().getName().equals("weft.ConnStreamReset"))
                    .map(e -> e.getString("reason")).toList();
            assertThat(resetReasons).as("weft.ConnStreamReset reasons").singleElement().asString()
                    .startsWith("not processed:").contains("REFUSED_STREAM");
        }
    }

}
