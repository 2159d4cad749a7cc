package dev.weft.mux.h1;

import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import dev.weft.http.RequestHead;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Parses request heads, incrementally, with the same contract as {@link H1ResponseParser}.
 * The proxy's clients are served by the frontend; this parser serves the scripted servers of the
 * tests and the benchmark. Confined to its owner's thread; reusable after each head.
 *
 * <pre>
 * request-line   = method SP request-target SP HTTP-version           RFC 9112 §3
 * method         = token                                              RFC 9110 §9.1
 * request-target = origin-form / absolute-form / asterisk-form        RFC 9112 §3.2
 * </pre>
 *
 * <p>Strict: one SP between the three parts, a target of visible ASCII only, and the same field
 * rules and size limit as responses. The version is checked but not kept: {@link RequestHead}
 * has none. Junk is refused from its first non-token byte.
 */
public final class H1RequestParser {
    private static final byte[] VERSION_PREFIX = {'H', 'T', 'T', 'P', '/', '1', '.'};
    private static final int VERSION_LENGTH = VERSION_PREFIX.length + 1;
    private static final List<String> COMMON_METHODS =
            List.of("GET", "HEAD", "POST", "PUT", "DELETE", "OPTIONS", "PATCH", "CONNECT", "TRACE");

    private final FieldSectionReader reader;
    private HeadState state = HeadState.START_LINE;
    private String method;
    private String target;
    private HeaderList headers = new HeaderList();

    /** @param maxHeadBytes largest head accepted, request line and final CRLF included */
    public H1RequestParser(int maxHeadBytes) {
        this.reader = new FieldSectionReader(maxHeadBytes, "request head");
    }

    /**
     * Consumes bytes of one request head from {@code in} up to and including its final empty
     * line and returns the head once complete, leaving the body in {@code in}; returns null when
     * more bytes are needed, having kept what it consumed. Ready for the next head afterwards.
     *
     * @throws ProtocolException not a valid HTTP/1.x request head, or larger than the limit
     */
    public RequestHead parse(ByteBuffer in) throws ProtocolException {
        if (state == HeadState.START_LINE) {
            if (!readRequestLine(in)) {
                return null;
            }
            state = HeadState.FIELD_LINES;
        }
        if (!reader.readFields(in, headers)) {
            return null;
        }
        RequestHead head = new RequestHead(method, target, headers);
        reset();
        return head;
    }

    /** Forgets any partial head, to parse a new one from its first byte. */
    public void reset() {
        reader.reset();
        state = HeadState.START_LINE;
        headers = new HeaderList();
        method = null;
        target = null;
    }

    private boolean readRequestLine(ByteBuffer in) throws ProtocolException {
        while (reader.nextLine(in)) {
            // RFC 9112 §2.2: a server SHOULD ignore empty lines received before the request line.
            if (!reader.lineIsEmpty()) {
                parseRequestLine(reader.line(), reader.lineFrom(), reader.lineTo());
                return true;
            }
        }
        checkPrefix(reader.pendingBytes(), reader.pendingLength());
        return false;
    }

    private void parseRequestLine(byte[] a, int from, int to) throws ProtocolException {
        int methodEnd = tokenEnd(a, from, to);
        if (methodEnd == from || methodEnd == to || a[methodEnd] != ' ') {
            throw junk(a, from, to);
        }
        int targetFrom = methodEnd + 1;
        int targetTo = targetFrom;
        while (targetTo < to && a[targetTo] > ' ' && a[targetTo] < 0x7F) {
            targetTo++;
        }
        int versionFrom = targetTo + 1;
        if (targetTo == to || a[targetTo] != ' ' || to - versionFrom != VERSION_LENGTH
                || !isVersion(a, versionFrom)) {
            throw junk(a, from, to);
        }
        if (!isTargetForm(a, targetFrom, targetTo)) {
            throw new ProtocolException("request target: " + FieldSectionReader.excerpt(a, targetFrom, targetTo)
                    + " (expected: origin-form, absolute-form or *)");
        }
        method = FieldSectionReader.string(COMMON_METHODS, a, from, methodEnd);
        target = new String(a, targetFrom, targetTo - targetFrom, StandardCharsets.ISO_8859_1);
    }

    /** Refuses a partial request line whose method already holds a non-token byte. */
    private static void checkPrefix(byte[] a, int length) throws ProtocolException {
        if (length == 0 || a[0] == '\r') {
            return; // nothing yet, or the start of an empty line (RFC 9112 §2.2)
        }
        int end = tokenEnd(a, 0, length);
        if (end == 0 || (end < length && a[end] != ' ')) {
            throw junk(a, 0, length);
        }
    }

    /** RFC 9112 §3.2: "/..." (origin-form), "*" (asterisk-form) or "scheme:..." (absolute-form). */
    private static boolean isTargetForm(byte[] a, int from, int to) {
        if (a[from] == '/') {
            return true;
        }
        if (a[from] == '*') {
            return to - from == 1;
        }
        if (!isAlpha(a[from])) {
            return false;
        }
        for (int i = from + 1; i < to; i++) {
            byte b = a[i];
            if (b == ':') {
                return true;
            }
            if (!isAlpha(b) && !(b >= '0' && b <= '9') && b != '+' && b != '-' && b != '.') {
                return false;
            }
        }
        return false;
    }

    private static boolean isVersion(byte[] a, int from) {
        for (int i = 0; i < VERSION_PREFIX.length; i++) {
            if (a[from + i] != VERSION_PREFIX[i]) {
                return false;
            }
        }
        byte minor = a[from + VERSION_PREFIX.length];
        return minor >= '0' && minor <= '9';
    }

    private static int tokenEnd(byte[] a, int from, int to) {
        int i = from;
        while (i < to && FieldSectionReader.isTchar(a[i])) {
            i++;
        }
        return i;
    }

    private static boolean isAlpha(byte b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z');
    }

    private static ProtocolException junk(byte[] a, int from, int to) {
        return new ProtocolException("not an HTTP/1.x request line: " + FieldSectionReader.excerpt(a, from, to));
    }
}
