package dev.weft.mux.h1;

import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * Cuts one HTTP/1 head or trailer section into lines and parses its field lines; the part
 * shared by {@link H1ResponseParser}, {@link H1RequestParser} and {@link ChunkedDecoder}.
 * Owned by one of those and confined to its thread.
 *
 * <p>Line framing (RFC 9112 §2.1, §2.2): a line ends at LF; a CR right before the LF is part of
 * the terminator, so CRLF and bare LF are both accepted. A complete line that sits in a heap
 * buffer is parsed in place; only a line cut by the end of the buffer is copied into a scratch
 * array, which grows up to the section limit and is kept across sections.
 *
 * <p>Size limit: every byte of the section counts, line terminators and the final empty line
 * included. The limit is enforced as bytes arrive, so a peer sending an endless line is refused
 * once it passes the limit, not when (if ever) its LF arrives.
 *
 * <p>Field lines (RFC 9112 §5, RFC 9110 §5.1, §5.5): {@code token ":" OWS value OWS}; refused
 * are obs-fold (a line starting with SP or HTAB, RFC 9112 §5.2), whitespace or any non-token
 * byte in the name, a missing colon, and control bytes other than HTAB in the value.
 */
final class FieldSectionReader {
    private static final String TCHARS =
            "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final long TCHAR_LO = bits(TCHARS, 0);
    private static final long TCHAR_HI = bits(TCHARS, 64);
    private static final int FIRST_SCRATCH_BYTES = 256;
    private static final int EXCERPT_CHARS = 40;
    /** Names returned as shared constants when they arrive spelled exactly so: no allocation. */
    private static final List<String> COMMON_NAMES = List.of(
            "Date", "Server", "Content-Type", "Content-Length", "Transfer-Encoding", "Connection",
            "Keep-Alive", "Cache-Control", "Content-Encoding", "Vary", "ETag", "Last-Modified",
            "Expires", "Location", "Set-Cookie", "Accept-Ranges", "Age", "Via", "Host", "Accept",
            "Accept-Encoding", "User-Agent", "Cookie", "X-Forwarded-For");

    private final int maxBytes;
    private final String what;
    /** The previous section's field lines, or null when sections are not expected to repeat. */
    private final FieldLineMemo memo;
    private byte[] scratch;
    /** Bytes of an unfinished line held in scratch[0..pending). */
    private int pending;
    /** Bytes of this section consumed so far, for the size limit. */
    private int taken;
    private byte[] line;
    private int lineFrom;
    private int lineTo;

    /**
     * @param maxBytes largest section accepted, in bytes, terminators included (at least 2)
     * @param what     the section's name in error messages, e.g. {@code "response head"}
     */
    FieldSectionReader(int maxBytes, String what) {
        this(maxBytes, what, false);
    }

    /**
     * @param maxBytes largest section accepted, in bytes, terminators included (at least 2)
     * @param what     the section's name in error messages, e.g. {@code "response head"}
     * @param memoize  true to remember each section's field lines ({@link FieldLineMemo}), for a
     *                 peer that sends much the same section every time (one origin's heads)
     */
    FieldSectionReader(int maxBytes, String what, boolean memoize) {
        if (maxBytes < 2) {
            throw new IllegalArgumentException(what + " limit: " + maxBytes + " (expected: >= 2)");
        }
        this.maxBytes = maxBytes;
        this.what = what;
        this.memo = memoize ? new FieldLineMemo() : null;
    }

    /**
     * Takes the next complete line from {@code in}, terminator included. Returns true when one
     * is available through {@link #line()}, {@link #lineFrom()} and {@link #lineTo()} (valid until
     * the next call); false when {@code in} ran out first, having kept the partial line.
     */
    boolean nextLine(ByteBuffer in) throws ProtocolException {
        int pos = in.position();
        int lf = indexOfLf(in, pos, in.limit());
        if (lf < 0) {
            int n = in.limit() - pos;
            take(n);
            append(in, pos, n);
            in.position(pos + n);
            return false;
        }
        int n = lf + 1 - pos;
        take(n);
        if (pending == 0 && in.hasArray()) {
            line = in.array();
            lineFrom = in.arrayOffset() + pos;
            lineTo = in.arrayOffset() + lf;
        } else {
            append(in, pos, n);
            line = scratch;
            lineFrom = 0;
            lineTo = pending - 1;
            pending = 0;
        }
        in.position(lf + 1);
        if (lineTo > lineFrom && line[lineTo - 1] == '\r') {
            lineTo--;
        }
        return true;
    }

    /**
     * Reads field lines into {@code fields} up to and including the empty line that ends the
     * section; true once that line was consumed, false when more bytes are needed.
     */
    boolean readFields(ByteBuffer in, HeaderList fields) throws ProtocolException {
        while (nextLine(in)) {
            if (lineFrom == lineTo) {
                return true;
            }
            parseField(line, lineFrom, lineTo, fields);
        }
        return false;
    }

    /** Array holding the current line. */
    byte[] line() {
        return line;
    }

    /** Index of the current line's first byte in {@link #line()}. */
    int lineFrom() {
        return lineFrom;
    }

    /** Index just past the current line's last byte, CR LF excluded. */
    int lineTo() {
        return lineTo;
    }

    /** True when the current line is empty (the end of a section, RFC 9112 §2.1). */
    boolean lineIsEmpty() {
        return lineFrom == lineTo;
    }

    /** The unfinished line kept so far, in {@code pendingBytes()[0..pendingLength())}. */
    byte[] pendingBytes() {
        return scratch;
    }

    int pendingLength() {
        return pending;
    }

    /**
     * Forgets the current section: partial line and byte count. The scratch array, and the
     * field lines of the last section for the memo, are kept.
     */
    void reset() {
        pending = 0;
        taken = 0;
        line = null;
        if (memo != null) {
            memo.startSection();
        }
    }

    /** RFC 9110 §5.6.2 tchar. */
    static boolean isTchar(byte b) {
        return b >= 0 && ((b < 64 ? TCHAR_LO >>> b : TCHAR_HI >>> (b - 64)) & 1L) != 0;
    }

    /** HTAB, SP, VCHAR or obs-text: what a field value or a reason phrase may hold. */
    static boolean isTextByte(byte b) {
        return b < 0 || (b >= 0x20 && b != 0x7F) || b == '\t';
    }

    /** The bytes as a string, one of {@code known} when they spell it exactly. */
    static String string(List<String> known, byte[] a, int from, int to) {
        int n = to - from;
        for (int k = 0; k < known.size(); k++) {
            String s = known.get(k);
            if (s.length() == n && spells(s, a, from)) {
                return s;
            }
        }
        return new String(a, from, n, StandardCharsets.ISO_8859_1);
    }

    /** A printable excerpt of bytes for an error message: control and non-ASCII bytes as '.'. */
    static String excerpt(byte[] a, int from, int to) {
        int n = Math.min(to - from, EXCERPT_CHARS);
        char[] c = new char[n];
        for (int i = 0; i < n; i++) {
            int b = a[from + i] & 0xFF;
            c[i] = b >= 0x20 && b < 0x7F ? (char) b : '.';
        }
        return '"' + new String(c) + (to - from > n ? "...\"" : "\"");
    }

    private void parseField(byte[] a, int from, int to, HeaderList fields) throws ProtocolException {
        int position = memo == null ? -1 : memo.nextPosition();
        if (memo != null && memo.repeats(position, a, from, to)) {
            fields.add(memo.name(position), memo.value(position));
            return;
        }
        if (a[from] == ' ' || a[from] == '\t') {
            // RFC 9112 §5.2: obs-fold is refused rather than unfolded, as a proxy must not guess.
            throw new ProtocolException("obs-fold in " + what + " (RFC 9112 §5.2): " + excerpt(a, from, to));
        }
        int colon = from;
        while (colon < to && a[colon] != ':') {
            if (!isTchar(a[colon])) {
                throw badName(a, from, to, colon);
            }
            colon++;
        }
        if (colon == to) {
            throw new ProtocolException("header line without colon: " + excerpt(a, from, to));
        }
        if (colon == from) {
            throw new ProtocolException("header line with empty name: " + excerpt(a, from, to));
        }
        int vs = colon + 1;
        int ve = to;
        while (vs < ve && (a[vs] == ' ' || a[vs] == '\t')) {
            vs++;
        }
        while (ve > vs && (a[ve - 1] == ' ' || a[ve - 1] == '\t')) {
            ve--;
        }
        for (int i = vs; i < ve; i++) {
            if (!isTextByte(a[i])) {
                throw new ProtocolException("control byte in header value: " + excerpt(a, from, to));
            }
        }
        String value = vs == ve ? "" : new String(a, vs, ve - vs, StandardCharsets.ISO_8859_1);
        String name = string(COMMON_NAMES, a, from, colon);
        fields.add(name, value);
        if (memo != null) {
            memo.remember(position, a, from, to, name, value);
        }
    }

    private static ProtocolException badName(byte[] a, int from, int to, int at) {
        // RFC 9112 §5.1: whitespace between name and colon must be refused (request smuggling).
        String why = a[at] == ' ' || a[at] == '\t' ? "whitespace before colon" : "bad character in header name";
        return new ProtocolException(why + ": " + excerpt(a, from, to));
    }

    private void take(int n) throws ProtocolException {
        if (n > maxBytes - taken) {
            throw new ProtocolException(what + " larger than " + maxBytes + " bytes");
        }
        taken += n;
    }

    private void append(ByteBuffer in, int pos, int n) {
        if (n == 0) {
            return;
        }
        int need = pending + n;
        if (scratch == null || scratch.length < need) {
            int cap = scratch == null ? FIRST_SCRATCH_BYTES : scratch.length * 2;
            byte[] grown = new byte[Math.min(Math.max(cap, need), maxBytes)];
            if (pending > 0) {
                System.arraycopy(scratch, 0, grown, 0, pending);
            }
            scratch = grown;
        }
        in.get(pos, scratch, pending, n);
        pending = need;
    }

    private static int indexOfLf(ByteBuffer in, int from, int to) {
        if (in.hasArray()) {
            byte[] a = in.array();
            int off = in.arrayOffset();
            for (int i = from + off, end = to + off; i < end; i++) {
                if (a[i] == '\n') {
                    return i - off;
                }
            }
            return -1;
        }
        for (int i = from; i < to; i++) {
            if (in.get(i) == '\n') {
                return i;
            }
        }
        return -1;
    }

    private static boolean spells(String s, byte[] a, int from) {
        for (int i = 0; i < s.length(); i++) {
            if (a[from + i] != s.charAt(i)) {
                return false;
            }
        }
        return true;
    }

    private static long bits(String chars, int base) {
        long mask = 0;
        for (int i = 0; i < chars.length(); i++) {
            int c = chars.charAt(i) - base;
            if (c >= 0 && c < 64) {
                mask |= 1L << c;
            }
        }
        return mask;
    }
}
