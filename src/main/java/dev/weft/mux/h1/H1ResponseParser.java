package dev.weft.mux.h1;

import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import dev.weft.http.ResponseHead;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * Parses response heads from a server, incrementally: the head may arrive in any number of
 * pieces, down to one byte per call. Owned by one H1 connection and confined to the thread of
 * the stream using it; reusable for the connection's next response.
 *
 * <pre>
 * status-line = HTTP-version SP status-code SP [ reason-phrase ]     RFC 9112 §4
 * HTTP-version = "HTTP/1." DIGIT                                      RFC 9112 §2.3
 * field-line  = field-name ":" OWS field-value OWS                    RFC 9112 §5
 * head        = status-line CRLF *( field-line CRLF ) CRLF            RFC 9112 §2.1
 * </pre>
 *
 * <p>Lenient where RFC 9112 lets a recipient be (bare LF line ends and empty lines before the
 * status line, §2.2; a missing SP after the status code); strict everywhere else. Junk that
 * cannot start a status line (an SSH banner, TLS bytes) is refused from its first bytes, without
 * waiting for a line end.
 *
 * <p>Field lines that repeat the previous head's, byte for byte at the same place, give that
 * head's name and value strings without being checked and copied again ({@link FieldLineMemo}):
 * one origin sends nearly the same head every time.
 */
public final class H1ResponseParser {
    private static final byte[] VERSION_PREFIX = {'H', 'T', 'T', 'P', '/', '1', '.'};
    /** {@code "HTTP/1.x "}: the status line's first bytes, checked before its LF arrives. */
    private static final int CHECKED_PREFIX = VERSION_PREFIX.length + 2;
    private static final List<String> COMMON_REASONS = List.of("OK", "Continue", "No Content",
            "Not Modified", "Found", "Not Found", "Moved Permanently", "Internal Server Error");

    private final FieldSectionReader reader;
    private HeadState state = HeadState.START_LINE;
    private int status;
    private String reason;
    private String version;
    private HeaderList headers = new HeaderList();

    /** @param maxHeadBytes largest head accepted, status line and final CRLF included */
    public H1ResponseParser(int maxHeadBytes) {
        this.reader = new FieldSectionReader(maxHeadBytes, "response head", true);
    }

    /**
     * Consumes bytes of one response head from {@code in}, up to and including its final empty
     * line, and returns the head once complete; bytes after it (the body, or the next head after
     * a 1xx) stay in {@code in}. Returns null when {@code in} ran out before the end of the head,
     * having consumed and kept everything given. After returning a head the parser is ready for
     * the next one, as after {@link #reset()}.
     *
     * @throws ProtocolException the bytes are not a valid HTTP/1.x response head, or the head
     *         is larger than the limit; the parser must then be reset or dropped
     */
    public ResponseHead parse(ByteBuffer in) throws ProtocolException {
        if (state == HeadState.START_LINE) {
            if (!readStatusLine(in)) {
                return null;
            }
            state = HeadState.FIELD_LINES;
        }
        if (!reader.readFields(in, headers)) {
            return null;
        }
        ResponseHead head = new ResponseHead(status, reason, version, headers);
        reset();
        return head;
    }

    /** Forgets any partial head, to parse a new one from its first byte. */
    public void reset() {
        reader.reset();
        state = HeadState.START_LINE;
        headers = new HeaderList();
        reason = null;
        version = null;
        status = 0;
    }

    private boolean readStatusLine(ByteBuffer in) throws ProtocolException {
        while (reader.nextLine(in)) {
            // RFC 9112 §2.2: empty lines before the start line are skipped (they count in the limit).
            if (!reader.lineIsEmpty()) {
                parseStatusLine(reader.line(), reader.lineFrom(), reader.lineTo());
                return true;
            }
        }
        checkPrefix(reader.pendingBytes(), reader.pendingLength());
        return false;
    }

    private void parseStatusLine(byte[] a, int from, int to) throws ProtocolException {
        if (to - from < CHECKED_PREFIX || !isStatusLinePrefix(a, from, CHECKED_PREFIX)) {
            throw junk(a, from, to);
        }
        int code = from + CHECKED_PREFIX;
        int codeEnd = code;
        while (codeEnd < to && a[codeEnd] != ' ') {
            codeEnd++;
        }
        int value = threeDigits(a, code, codeEnd);
        if (value < 100 || value > 599) {
            throw new ProtocolException("status: " + FieldSectionReader.excerpt(a, code, codeEnd)
                    + " (expected: 100..599)");
        }
        for (int i = codeEnd; i < to; i++) {
            if (!FieldSectionReader.isTextByte(a[i])) {
                throw new ProtocolException("control byte in reason phrase: " + FieldSectionReader.excerpt(a, from, to));
            }
        }
        status = value;
        // RFC 9110 §2.5: a higher 1.x minor version is handled as the highest we speak, 1.1.
        version = a[from + VERSION_PREFIX.length] == '0' ? "HTTP/1.0" : "HTTP/1.1";
        reason = codeEnd >= to - 1 ? "" : FieldSectionReader.string(COMMON_REASONS, a, codeEnd + 1, to);
    }

    /** Refuses a partial status line that can no longer become one. */
    private static void checkPrefix(byte[] a, int length) throws ProtocolException {
        if (length == 0 || a[0] == '\r') {
            return; // nothing yet, or the start of an empty line (RFC 9112 §2.2)
        }
        if (!isStatusLinePrefix(a, 0, Math.min(length, CHECKED_PREFIX))) {
            throw junk(a, 0, length);
        }
    }

    /** True when {@code a[from..from+n)} matches the first n bytes of {@code "HTTP/1.x "}. */
    private static boolean isStatusLinePrefix(byte[] a, int from, int n) {
        for (int i = 0; i < n; i++) {
            byte b = a[from + i];
            boolean ok = i < VERSION_PREFIX.length ? b == VERSION_PREFIX[i]
                    : i == VERSION_PREFIX.length ? b >= '0' && b <= '9'
                    : b == ' ';
            if (!ok) {
                return false;
            }
        }
        return true;
    }

    /** The value of exactly three digits, or -1. */
    private static int threeDigits(byte[] a, int from, int to) {
        if (to - from != 3) {
            return -1;
        }
        int v = 0;
        for (int i = from; i < to; i++) {
            if (a[i] < '0' || a[i] > '9') {
                return -1;
            }
            v = v * 10 + (a[i] - '0');
        }
        return v;
    }

    private static ProtocolException junk(byte[] a, int from, int to) {
        return new ProtocolException("not an HTTP/1.x status line: " + FieldSectionReader.excerpt(a, from, to));
    }
}
