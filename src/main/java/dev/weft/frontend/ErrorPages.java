package dev.weft.frontend;

import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.http.ServerResponse;

import java.nio.charset.StandardCharsets;

/** The short HTML pages weft answers with when it cannot relay a server's response (HAProxy's errorfiles). */
final class ErrorPages {
    private ErrorPages() {
    }

    /** Sends the page for {@code status}; the client connection stays usable. */
    static void send(ServerResponse res, int status) {
        Status s = Status.create(status);
        String text = status + " " + s.reasonPhrase();
        byte[] body = ("<html><body><h1>" + text + "</h1>\n" + explanation(status) + "\n</body></html>\n")
                .getBytes(StandardCharsets.US_ASCII);
        res.status(s);
        res.header(HeaderValues.create(HeaderNames.CONTENT_TYPE, "text/html"));
        res.header(HeaderValues.create(HeaderNames.CACHE_CONTROL, "no-cache"));
        res.send(body);
    }

    private static String explanation(int status) {
        return switch (status) {
            case 400 -> "Your browser sent an invalid request.";
            case 408 -> "Your browser didn't send a complete request in time.";
            case 502 -> "The server returned an invalid or incomplete response.";
            case 503 -> "No server is available to handle this request.";
            case 504 -> "The server didn't respond in time.";
            default -> "";
        };
    }
}
