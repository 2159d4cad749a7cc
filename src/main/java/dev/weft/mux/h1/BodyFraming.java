package dev.weft.mux.h1;

import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import dev.weft.http.RequestHead;
import dev.weft.http.ResponseHead;

/**
 * How the body after an HTTP/1 head is delimited (RFC 9112 §6.3). An immutable value.
 *
 * @param kind   the framing
 * @param length the body's byte count for {@link Kind#LENGTH} (at least 1); 0 for
 *               {@link Kind#NONE}; -1 (unknown) for {@link Kind#CHUNKED} and {@link Kind#UNTIL_CLOSE}
 */
public record BodyFraming(Kind kind, long length) {
    private static final BodyFraming NONE = new BodyFraming(Kind.NONE, 0);
    private static final BodyFraming CHUNKED = new BodyFraming(Kind.CHUNKED, -1);
    private static final BodyFraming UNTIL_CLOSE = new BodyFraming(Kind.UNTIL_CLOSE, -1);

    /** The four ways an HTTP/1 body ends. */
    public enum Kind {
        /** No body: the next message starts right after the head. */
        NONE,
        /** Exactly {@code length} bytes (Content-Length). */
        LENGTH,
        /** Chunked transfer coding: a {@link ChunkedDecoder} finds the end (RFC 9112 §7.1). */
        CHUNKED,
        /** The body ends when the server closes the connection, which cannot be reused (responses only). */
        UNTIL_CLOSE
    }

    public BodyFraming {
        long expected = switch (kind) {
            case NONE -> 0;
            case LENGTH -> length;
            case CHUNKED, UNTIL_CLOSE -> -1;
        };
        if (length != expected || (kind == Kind.LENGTH && length < 1)) {
            throw new IllegalArgumentException("length: " + length + " (expected: " + kind
                    + (kind == Kind.LENGTH ? " >= 1)" : " " + expected + ")"));
        }
    }

    /**
     * The framing of a response body, RFC 9112 §6.3 rules 1 to 8 in order: no body after HEAD
     * or for 1xx, 204 and 304 whatever the fields say; then Transfer-Encoding (which overrides
     * Content-Length): CHUNKED when chunked is the final coding, UNTIL_CLOSE otherwise; then
     * Content-Length: LENGTH, or NONE for 0; otherwise UNTIL_CLOSE.
     *
     * @param requestMethod the method of the request this response answers
     * @throws ProtocolException unusable framing: an invalid or conflicting Content-Length,
     *         chunked applied twice, an empty Transfer-Encoding, or Transfer-Encoding in an
     *         HTTP/1.0 response (§6.1: its framing is faulty)
     */
    public static BodyFraming ofResponse(String requestMethod, ResponseHead head) throws ProtocolException {
        if ("HEAD".equals(requestMethod) || head.forbidsBody()) {
            return NONE;
        }
        HeaderList fields = head.headers();
        Kind coding = FramingFields.transferCoding(fields);
        if (coding != Kind.NONE && "HTTP/1.0".equals(head.version())) {
            throw new ProtocolException("Transfer-Encoding in an HTTP/1.0 response (RFC 9112 §6.1)");
        }
        if (coding == Kind.CHUNKED) {
            return CHUNKED;
        }
        if (coding == Kind.UNTIL_CLOSE) {
            return UNTIL_CLOSE; // §6.3 rule 4: chunked not final in a response -> read until close
        }
        long length = FramingFields.contentLength(fields);
        return length < 0 ? UNTIL_CLOSE : ofLength(length);
    }

    /**
     * The framing of a request body (RFC 9112 §6.3 rules 4 to 6): CHUNKED when chunked is the
     * final transfer coding, LENGTH from Content-Length (NONE for 0), otherwise NONE: a request
     * never reads until close. Transfer-Encoding overrides Content-Length; the caller removes a
     * Content-Length sent with it before forwarding (§6.3 rule 3).
     *
     * @throws ProtocolException a transfer coding other than chunked last (§6.3 rule 4: the
     *         length cannot be determined), or an invalid or conflicting Content-Length
     */
    public static BodyFraming ofRequest(RequestHead head) throws ProtocolException {
        HeaderList fields = head.headers();
        Kind coding = FramingFields.transferCoding(fields);
        if (coding == Kind.CHUNKED) {
            return CHUNKED;
        }
        if (coding == Kind.UNTIL_CLOSE) {
            throw new ProtocolException("request Transfer-Encoding: " + fields.all("Transfer-Encoding")
                    + " (expected: chunked as the final coding)");
        }
        long length = FramingFields.contentLength(fields);
        return length < 0 ? NONE : ofLength(length);
    }

    /** LENGTH for a positive count, NONE for 0. */
    public static BodyFraming ofLength(long length) {
        return length == 0 ? NONE : new BodyFraming(Kind.LENGTH, length);
    }
}
