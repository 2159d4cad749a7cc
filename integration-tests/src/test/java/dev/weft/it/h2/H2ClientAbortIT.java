package dev.weft.it.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.net.http.HttpClient;
import java.net.http.HttpResponse.BodyHandlers;

import dev.weft.it.support.Backpressure;
import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.ResponseHead;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A client that goes away in the middle of a download from an HTTP/2 server: weft resets that
 * one stream (the server stops sending), its slot comes back, and the same backend connection
 * serves the next request (nothing leaked, nothing closed that others share).
 */
@ExtendWith(WeftDiagnostics.class)
class H2ClientAbortIT {

    private static final long DOWNLOAD = 64L << 20;

    @Test
    void aClientGoneMidBodyResetsOnlyItsStreamAndTheConnectionIsReused() throws Exception {
        try (JettyOrigin origin = JettyOrigin.startH2c(100);
             WeftProcess weft = WeftProcess.config(H2BackendIT.CONFIG).set("ORIGIN_PORT", origin.port()).start()) {
            try (RawHttpConnection client = RawHttpConnection.open(weft.frontPort(), 64 * 1024)) {
                client.send(RawHttpConnection.head("GET /bytes/" + DOWNLOAD + " HTTP/1.1", "Host: localhost"));
                ResponseHead head = client.readHead();
                assertThat(head.status()).as(weft::diagnostics).isEqualTo(200);
                InputStream body = client.body(head, "GET");
                assertThat(body.readNBytes(100_000)).hasSize(100_000);
            } // the client goes away here

            weft.awaitLogLine("the aborted download", l -> l.uri().equals("/bytes/" + DOWNLOAD));
            Backpressure.awaitServerStopsPushing(weft, origin::bytesSent);
            assertThat(origin.bytesSent()).as("the stream was reset, not drained").isLessThan(DOWNLOAD);

            try (HttpClient http = Http11.client()) {
                assertThat(http.send(Http11.request(weft.uri("/echo/after")).build(), BodyHandlers.ofString())
                        .statusCode()).as(weft::diagnostics).isEqualTo(200);
            }
            assertThat(origin.acceptedConnections()).as("the backend connection outlived the aborted stream").isEqualTo(1);
        }
    }
}
