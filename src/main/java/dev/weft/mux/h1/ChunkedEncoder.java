package dev.weft.mux.h1;

import dev.weft.http.HeaderList;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;

/**
 * Writes chunked framing (RFC 9112 §7.1) around body data the caller writes itself:
 *
 * <pre>
 * writeChunkHeader(n)     "1a2b" CRLF        chunk-size in lower-case hex, no extension
 * (caller)                n data bytes
 * writeChunkEnd()         CRLF
 * ...
 * writeLastChunk(t)       "0" CRLF *( trailer-field CRLF ) CRLF
 * </pre>
 *
 * Every method checks for room first and throws {@link BufferOverflowException} having written
 * nothing. Stateless and thread-safe.
 */
public final class ChunkedEncoder {
    /** Most bytes a chunk header takes: 16 hex digits and CRLF. */
    public static final int MAX_CHUNK_HEADER_BYTES = 18;

    private static final byte[] HEX = {'0', '1', '2', '3', '4', '5', '6', '7', '8', '9',
        'a', 'b', 'c', 'd', 'e', 'f'};
    private static final byte[] CRLF = {'\r', '\n'};
    private static final byte[] LAST_CHUNK_LINE = {'0', '\r', '\n'};

    private ChunkedEncoder() {
    }

    /** The bytes {@link #writeChunkHeader} takes for a chunk of {@code size} bytes. */
    public static int chunkHeaderSize(long size) {
        requirePositive(size);
        return hexDigits(size) + CRLF.length;
    }

    /**
     * Writes a chunk-size line: {@code size} in hex, then CRLF.
     *
     * @param size the chunk's data bytes, at least 1 (a 0 size is the last chunk: {@link #writeLastChunk})
     * @return the bytes written
     */
    public static int writeChunkHeader(long size, ByteBuffer out) {
        int n = chunkHeaderSize(size);
        if (out.remaining() < n) {
            throw new BufferOverflowException();
        }
        for (int shift = (n - CRLF.length - 1) * 4; shift >= 0; shift -= 4) {
            out.put(HEX[(int) (size >>> shift) & 0xF]);
        }
        out.put(CRLF);
        return n;
    }

    /** Writes the CRLF that ends a chunk's data. */
    public static void writeChunkEnd(ByteBuffer out) {
        out.put(CRLF);
    }

    /** The bytes {@link #writeLastChunk} takes. */
    public static int lastChunkSize(HeaderList trailers) {
        return LAST_CHUNK_LINE.length + (trailers == null ? 0 : FieldSectionWriter.size(trailers)) + CRLF.length;
    }

    /**
     * Writes the last chunk ({@code 0 CRLF}), the trailer fields as given, and the final CRLF.
     *
     * @param trailers the trailer fields; null or empty for none
     */
    public static void writeLastChunk(HeaderList trailers, ByteBuffer out) {
        int n = lastChunkSize(trailers);
        if (out.remaining() < n) {
            throw new BufferOverflowException();
        }
        out.put(LAST_CHUNK_LINE);
        if (trailers != null) {
            FieldSectionWriter.write(trailers, out);
        }
        out.put(CRLF);
    }

    private static int hexDigits(long size) {
        return (Long.SIZE - Long.numberOfLeadingZeros(size) + 3) / 4;
    }

    private static void requirePositive(long size) {
        if (size < 1) {
            throw new IllegalArgumentException("chunk size: " + size + " (expected: >= 1; 0 is the last chunk)");
        }
    }
}
