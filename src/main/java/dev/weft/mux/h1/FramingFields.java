package dev.weft.mux.h1;

import dev.weft.http.FieldTokens;
import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;

/**
 * Reads the two fields that frame an HTTP/1 body, Transfer-Encoding and Content-Length, for
 * {@link BodyFraming}. Each is read as one comma-separated list over all of its field lines
 * (RFC 9110 §5.3), without allocating.
 */
final class FramingFields {
    private static final String TRANSFER_ENCODING = "Transfer-Encoding";
    private static final String CONTENT_LENGTH = "Content-Length";

    private FramingFields() {
    }

    /**
     * What Transfer-Encoding says (RFC 9112 §6.1): NONE when the field is absent, CHUNKED when
     * chunked is the final coding, UNTIL_CLOSE when another coding is final.
     *
     * @throws ProtocolException the field holds no coding, or chunked more than once (a sender
     *         must not apply chunked twice, §6.1; accepting it invites request smuggling)
     */
    static BodyFraming.Kind transferCoding(HeaderList fields) throws ProtocolException {
        boolean present = false;
        int chunked = 0;
        boolean chunkedLast = false;
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.name(i).equalsIgnoreCase(TRANSFER_ENCODING)) {
                continue;
            }
            String v = fields.value(i);
            boolean any = false;
            for (int start = 0; start <= v.length(); ) {
                int end = FieldTokens.elementEnd(v, start);
                int s = FieldTokens.skipOws(v, start, end);
                int param = v.indexOf(';', s);
                int e = FieldTokens.trimOws(v, s, param >= 0 && param < end ? param : end);
                if (e > s) {
                    any = true;
                    chunkedLast = e - s == 7 && v.regionMatches(true, s, "chunked", 0, 7);
                    chunked += chunkedLast ? 1 : 0;
                }
                start = end + 1;
            }
            present = true;
            if (!any) {
                throw new ProtocolException(TRANSFER_ENCODING + ": \"" + v + "\" (expected: a transfer coding)");
            }
        }
        if (chunked > 1) {
            throw new ProtocolException(TRANSFER_ENCODING + ": chunked applied " + chunked + " times (expected: once)");
        }
        return !present ? BodyFraming.Kind.NONE : chunkedLast ? BodyFraming.Kind.CHUNKED : BodyFraming.Kind.UNTIL_CLOSE;
    }

    /**
     * The Content-Length (RFC 9110 §8.6), or -1 when absent. Repeated identical values, in one
     * field or several, count once (RFC 9112 §6.3 rule 5).
     *
     * @throws ProtocolException a value that is not 1*DIGIT, too large, or values that differ
     */
    static long contentLength(HeaderList fields) throws ProtocolException {
        long length = -1;
        for (int i = 0; i < fields.size(); i++) {
            if (!fields.name(i).equalsIgnoreCase(CONTENT_LENGTH)) {
                continue;
            }
            String v = fields.value(i);
            for (int start = 0; start <= v.length(); ) {
                int end = FieldTokens.elementEnd(v, start);
                int s = FieldTokens.skipOws(v, start, end);
                long n = digits(v, s, FieldTokens.trimOws(v, s, end));
                if (length >= 0 && n != length) {
                    throw new ProtocolException(CONTENT_LENGTH + ": conflicting values " + length + " and " + n);
                }
                length = n;
                start = end + 1;
            }
        }
        return length;
    }

    private static long digits(String v, int from, int to) throws ProtocolException {
        if (from == to || to - from > 18) {
            throw badLength(v);
        }
        long n = 0;
        for (int i = from; i < to; i++) {
            char c = v.charAt(i);
            if (c < '0' || c > '9') {
                throw badLength(v);
            }
            n = n * 10 + (c - '0');
        }
        return n;
    }

    private static ProtocolException badLength(String v) {
        return new ProtocolException(CONTENT_LENGTH + ": \"" + v + "\" (expected: 1 to 18 digits)");
    }
}
