package dev.weft.it.support;

import java.nio.charset.StandardCharsets;

/**
 * A complete response read by {@link RawHttpConnection#readResponse(String)}.
 *
 * @param head status line and headers
 * @param body the decoded body (de-chunked), empty when the response had none
 */
public record RawResponse(ResponseHead head, byte[] body) {

    /** The status code. */
    public int status() {
        return head.status();
    }

    /** The header fields. */
    public Headers headers() {
        return head.headers();
    }

    /** The body as UTF-8 text. */
    public String bodyText() {
        return new String(body, StandardCharsets.UTF_8);
    }

    @Override
    public String toString() {
        return head + "\n[" + body.length + " body bytes]";
    }
}
