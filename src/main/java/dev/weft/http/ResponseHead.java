package dev.weft.http;

/**
 * A response's status line and header fields, protocol-neutral.
 *
 * @param status  100..599
 * @param reason  reason phrase as received (may be empty; HTTP/2 has none)
 * @param version {@code HTTP/1.1}, {@code HTTP/1.0} or {@code HTTP/2}
 * @param headers the fields
 */
public record ResponseHead(int status, String reason, String version, HeaderList headers) {

    /** 1xx: an interim response, followed by another head (RFC 9110 §15.2). */
    public boolean isInterim() {
        return status >= 100 && status < 200;
    }

    /** 1xx, 204 and 304 never carry a body (RFC 9112 §6.3, rule 1). */
    public boolean forbidsBody() {
        return isInterim() || status == 204 || status == 304;
    }
}
