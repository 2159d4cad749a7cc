package dev.weft.it.support;

import java.util.Locale;

/**
 * A response status line and header fields as read off the wire by {@link RawHttpConnection}.
 *
 * @param status  status code
 * @param reason  reason phrase (may be empty)
 * @param headers header fields in wire order
 */
public record ResponseHead(int status, String reason, Headers headers) {

    /**
     * Whether this response has no body whatever its headers say (RFC 9112 §6.3): a response to
     * HEAD, or a 1xx, 204 or 304.
     */
    public boolean bodyless(String requestMethod) {
        return requestMethod.equalsIgnoreCase("HEAD") || status / 100 == 1 || status == 204 || status == 304;
    }

    /** Whether the last {@code Transfer-Encoding} coding is chunked. */
    public boolean chunked() {
        var codings = headers.tokens("Transfer-Encoding");
        return !codings.isEmpty() && codings.getLast().equals("chunked");
    }

    /** Whether weft announced it will close the connection ({@code Connection: close}). */
    public boolean closes() {
        return headers.tokens("Connection").contains("close");
    }

    @Override
    public String toString() {
        return String.format(Locale.ROOT, "%d %s%n%s", status, reason, headers);
    }
}
