package dev.weft.it.support;

import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.time.Duration;

/**
 * {@link HttpClient} set up for the suite: HTTP/1.1 forced (no h2c upgrade attempt), no
 * redirects, bounded connect and request timeouts so that a hang fails the test. Stateless.
 */
public final class Http11 {

    /** Bound on one whole request/response. */
    public static final Duration REQUEST_TIMEOUT = Duration.ofSeconds(30);

    private Http11() {
    }

    /** A new client; close it when done (it owns a selector thread). */
    public static HttpClient client() {
        return HttpClient.newBuilder()
                .version(HttpClient.Version.HTTP_1_1)
                .followRedirects(HttpClient.Redirect.NEVER)
                .connectTimeout(Duration.ofSeconds(5))
                .build();
    }

    /** A request builder for {@code uri} with {@link #REQUEST_TIMEOUT}. */
    public static HttpRequest.Builder request(URI uri) {
        return HttpRequest.newBuilder(uri).timeout(REQUEST_TIMEOUT);
    }
}
