package dev.weft.mux.h1;

import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import java.nio.ByteBuffer;

/**
 * Decodes one chunked message body (RFC 9112 §7.1) incrementally: framing in, data bytes out,
 * trailer fields kept. The input may be cut anywhere, down to one byte per call; the decoder
 * never reads past the final CRLF, so a next message on the connection stays in the buffer.
 * Owned by one H1 connection, confined to the thread of the stream reading the body, and
 * reusable after {@link #reset()}. The states are documented on {@link ChunkedState}.
 *
 * <p>Chunk extensions are skipped (at most {@value #MAX_EXTENSION_BYTES} bytes per chunk, so a
 * peer cannot make us scan unbounded framing for tiny chunks); trailers go through the same
 * field-line rules as a head, within {@code maxTrailerBytes}.
 */
public final class ChunkedDecoder {
    /** Largest chunk extension skipped per chunk-size line. */
    static final int MAX_EXTENSION_BYTES = 4096;

    private final FieldSectionReader trailerReader;
    private ChunkedState state = ChunkedState.SIZE;
    private HeaderList trailers = new HeaderList();
    /** The chunk-size being read, then the chunk-data bytes left to copy. */
    private long size;
    private int sizeDigits;
    private int extensionBytes;

    /** @param maxTrailerBytes largest trailer section accepted, its final CRLF included (at least 2) */
    public ChunkedDecoder(int maxTrailerBytes) {
        this.trailerReader = new FieldSectionReader(maxTrailerBytes, "trailer section");
    }

    /**
     * Consumes chunk framing and data from {@code in} and copies the data into {@code out}, as
     * much as fits. Stops when {@code in} is empty, when {@code out} is full at chunk data, or at
     * the end of the body ({@link #isDone()}), whichever comes first.
     *
     * @return the number of data bytes written into {@code out}; 0 when only framing was
     *         consumed, {@code out} is full, or the body was already done
     * @throws ProtocolException bad chunk-size hex, a size over Long.MAX_VALUE, a missing CRLF,
     *         an oversized extension or trailer section, or a malformed trailer field
     */
    public int decode(ByteBuffer in, ByteBuffer out) throws ProtocolException {
        int written = 0;
        while (state != ChunkedState.DONE) {
            if (state == ChunkedState.DATA) {
                written += copyData(in, out);
                if (size > 0) {
                    break; // in is empty or out is full
                }
                state = ChunkedState.DATA_CR;
            } else if (state == ChunkedState.TRAILERS) {
                if (trailerReader.readFields(in, trailers)) {
                    state = ChunkedState.DONE;
                }
                break;
            } else if (in.hasRemaining()) {
                state = step(in.get());
            } else {
                break;
            }
        }
        return written;
    }

    /** True once the last chunk, the trailers and the final CRLF were consumed. */
    public boolean isDone() {
        return state == ChunkedState.DONE;
    }

    /** The trailer fields received, in order; empty when none (or none yet). */
    public HeaderList trailers() {
        return trailers;
    }

    /** Forgets the current body, to decode the next one. Trailers returned before stay as they were. */
    public void reset() {
        state = ChunkedState.SIZE;
        trailers = new HeaderList();
        trailerReader.reset();
        size = 0;
        sizeDigits = 0;
        extensionBytes = 0;
    }

    /** Moves on by one framing byte; returns the next state. */
    private ChunkedState step(byte b) throws ProtocolException {
        return switch (state) {
            case SIZE -> onSize(b);
            case SIZE_WS -> afterSize(b, true);
            case EXTENSION -> onExtension(b);
            case SIZE_LF -> {
                expect(b, '\n', "LF after chunk size");
                yield size > 0 ? ChunkedState.DATA : ChunkedState.TRAILERS;
            }
            case DATA_CR -> {
                expect(b, '\r', "CRLF after chunk data");
                yield ChunkedState.DATA_LF;
            }
            case DATA_LF -> {
                expect(b, '\n', "CRLF after chunk data");
                sizeDigits = 0;
                extensionBytes = 0;
                yield ChunkedState.SIZE;
            }
            case DATA, TRAILERS, DONE -> throw new IllegalStateException("no byte step in " + state);
        };
    }

    private ChunkedState onSize(byte b) throws ProtocolException {
        int digit = hexValue(b);
        if (digit < 0) {
            if (sizeDigits == 0) {
                throw new ProtocolException("chunk size: byte 0x" + Integer.toHexString(b & 0xFF)
                        + " (expected: a hex digit)");
            }
            return afterSize(b, false);
        }
        // Long.MAX_VALUE >>> 4 is the largest size that one more digit cannot overflow.
        if (size > Long.MAX_VALUE >>> 4) {
            throw new ProtocolException("chunk size: over " + Long.MAX_VALUE + " bytes");
        }
        size = (size << 4) | digit;
        sizeDigits++;
        return ChunkedState.SIZE;
    }

    /** A byte after the size digits: whitespace, the start of an extension, or CR. */
    private ChunkedState afterSize(byte b, boolean inWhitespace) throws ProtocolException {
        return switch (b) {
            case ' ', '\t' -> ChunkedState.SIZE_WS;
            case ';' -> ChunkedState.EXTENSION;
            case '\r' -> ChunkedState.SIZE_LF;
            default -> throw new ProtocolException("chunk size line: byte 0x" + Integer.toHexString(b & 0xFF)
                    + (inWhitespace ? " after whitespace" : " after hex digits") + " (expected: ';' or CRLF)");
        };
    }

    private ChunkedState onExtension(byte b) throws ProtocolException {
        if (b == '\r') {
            return ChunkedState.SIZE_LF;
        }
        if (!FieldSectionReader.isTextByte(b)) {
            throw new ProtocolException("chunk extension: control byte 0x" + Integer.toHexString(b & 0xFF));
        }
        if (++extensionBytes > MAX_EXTENSION_BYTES) {
            throw new ProtocolException("chunk extension larger than " + MAX_EXTENSION_BYTES + " bytes");
        }
        return ChunkedState.EXTENSION;
    }

    private int copyData(ByteBuffer in, ByteBuffer out) {
        int n = (int) Math.min(size, Math.min(in.remaining(), out.remaining()));
        if (n > 0) {
            out.put(out.position(), in, in.position(), n);
            out.position(out.position() + n);
            in.position(in.position() + n);
            size -= n;
        }
        return n;
    }

    private static int hexValue(byte b) {
        if (b >= '0' && b <= '9') {
            return b - '0';
        }
        int lower = b | 0x20;
        return lower >= 'a' && lower <= 'f' ? lower - 'a' + 10 : -1;
    }

    private static void expect(byte b, char wanted, String what) throws ProtocolException {
        if (b != wanted) {
            throw new ProtocolException("missing " + what + ": byte 0x" + Integer.toHexString(b & 0xFF));
        }
    }
}
