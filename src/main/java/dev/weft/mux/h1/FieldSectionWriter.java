package dev.weft.mux.h1;

import dev.weft.http.HeaderList;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Writes field lines ({@code Name: value CRLF}, RFC 9112 §5) and other text as ISO-8859-1
 * bytes; shared by {@link H1RequestWriter} and {@link ChunkedEncoder}. Stateless.
 *
 * <p>Fields are written exactly as given: names and values were validated where they entered
 * the proxy, so no byte is checked again here. Callers check room first ({@link #size}), so
 * a too small buffer fails before any byte is written.
 */
final class FieldSectionWriter {
    private static final int COLON_SP = 2;
    private static final int CRLF = 2;

    private FieldSectionWriter() {
    }

    /** The bytes {@link #write} takes for {@code fields}: each line with its CRLF, nothing else. */
    static int size(HeaderList fields) {
        int n = 0;
        for (int i = 0; i < fields.size(); i++) {
            n += fields.name(i).length() + COLON_SP + fields.value(i).length() + CRLF;
        }
        return n;
    }

    /** Writes each field as {@code Name: value CRLF}; the caller checked there is room. */
    static void write(HeaderList fields, ByteBuffer out) {
        for (int i = 0; i < fields.size(); i++) {
            putLatin1(fields.name(i), out);
            out.put((byte) ':').put((byte) ' ');
            putLatin1(fields.value(i), out);
            out.put((byte) '\r').put((byte) '\n');
        }
    }

    /** Writes each char of {@code s} as one byte, its low 8 bits (ISO-8859-1). */
    @SuppressWarnings("deprecation") // String.getBytes(int, int, byte[], int) is exactly this, and a bulk copy
    static void putLatin1(String s, ByteBuffer out) {
        int n = s.length();
        if (out.hasArray()) {
            int pos = out.position();
            if (out.remaining() < n) {
                throw new BufferOverflowException();
            }
            s.getBytes(0, n, out.array(), out.arrayOffset() + pos);
            out.position(pos + n);
            return;
        }
        for (int i = 0; i < n; i++) {
            out.put((byte) s.charAt(i));
        }
    }
}
