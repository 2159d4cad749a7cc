package dev.weft.it.errors;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;

import dev.weft.it.support.Http11;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.WeftProcess;

/**
 * The "other requests keep working" half of every error scenario: a request on a fresh
 * connection to the healthy backend, and a request on the client connection that just received
 * the error response. Stateless.
 */
final class OtherRequests {

    private OtherRequests() {
    }

    /** A new client connection to the healthy backend gets its 200. */
    static void healthyRouteAnswers(WeftProcess weft, HttpClient client, String uri)
            throws IOException, InterruptedException {
        HttpResponse<String> response = client.send(Http11.request(weft.uri(uri)).build(), BodyHandlers.ofString());
        assertThat(response.statusCode())
                .as(() -> "a request to the healthy backend (" + uri + ") must not suffer" + weft.diagnostics())
                .isEqualTo(200);
        assertThat(response.headers().firstValue("X-Echo-Uri")).hasValue(uri);
    }

    /**
     * After the 5xx {@code error} on {@code connection}, the same connection serves the next
     * request: weft keeps client connections usable after a 5xx where HTTP allows.
     */
    static void connectionStillServes(WeftProcess weft, RawHttpConnection connection, RawResponse error, String uri)
            throws IOException {
        assertThat(error.head().closes())
                .as(() -> "weft closed the client connection after " + error.status()
                        + ", which HTTP allows it to keep:\n" + error.head() + weft.diagnostics())
                .isFalse();
        RawResponse next = connection.exchange("GET", uri);
        assertThat(next.status())
                .as(() -> "the next request on the connection that got " + error.status() + weft.diagnostics())
                .isEqualTo(200);
        assertThat(next.headers().first("X-Echo-Uri")).hasValue(uri);
    }
}
