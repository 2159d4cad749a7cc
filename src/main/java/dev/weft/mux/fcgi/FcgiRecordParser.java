package dev.weft.mux.fcgi;

import dev.weft.http.ProtocolException;

import java.nio.ByteBuffer;

/**
 * Splits a byte stream into FastCGI records, incrementally: bytes may arrive in any split, down
 * to one at a time. A pull parser: {@link #next} returns the next event found in the input, or
 * null when it needs more bytes (never an exception for "need more", as Jetty's
 * {@code ContentParser.Result.PENDING}). Content is handed out as views of the input, so a large
 * STDOUT record is never copied whole. The wire layout (FastCGI specification 1.0, §3.3):
 * <pre>
 * typedef struct {
 *     unsigned char version;                          always FCGI_VERSION_1 (1)
 *     unsigned char type;                             {@link FcgiRecordType}
 *     unsigned char requestIdB1, requestIdB0;         0 for management records
 *     unsigned char contentLengthB1, contentLengthB0; 0..65535
 *     unsigned char paddingLength;                    0..255
 *     unsigned char reserved;
 *     unsigned char contentData[contentLength];
 *     unsigned char paddingData[paddingLength];
 * } FCGI_Record;
 *
 * events per record:  Header  Content*  End        (no Content event when contentLength is 0)
 * </pre>
 * Confined to one thread (the connection's current stream).
 */
final class FcgiRecordParser {
    /** Length of the fixed record header. */
    static final int HEADER_LENGTH = 8;
    /** The only protocol version there is. */
    static final int VERSION_1 = 1;

    /** What {@link #next} found. */
    sealed interface Event permits Header, Content, End {}

    /**
     * A record header.
     *
     * @param type          the wire type (may be unknown to {@link FcgiRecordType#of})
     * @param requestId     0 for management records
     * @param contentLength 0..65535
     * @param paddingLength 0..255
     */
    record Header(int type, int requestId, int contentLength, int paddingLength) implements Event {
        /** The known type, or null. */
        FcgiRecordType knownType() {
            return FcgiRecordType.of(type);
        }
    }

    /**
     * Some bytes of the current record's content: a view of the input, valid only until the input
     * buffer is changed (compacted or refilled). Never empty.
     */
    record Content(ByteBuffer bytes) implements Event {}

    /** The end of the current record (content and padding consumed). */
    record End(Header header) implements Event {}

    private enum State { HEADER, CONTENT, PADDING, END }

    private final byte[] head = new byte[HEADER_LENGTH];
    private int headFill;
    private State state = State.HEADER;
    private Header current;
    private int contentLeft;
    private int paddingLeft;

    /** Forgets any partial record: the next byte is taken as the start of a record header. */
    void reset() {
        headFill = 0;
        state = State.HEADER;
        current = null;
    }

    /** True between records: no header byte, content or padding is pending. */
    boolean atRecordBoundary() {
        return state == State.HEADER && headFill == 0;
    }

    /**
     * Parses from {@code in} (read mode) and returns the next event, consuming the bytes it used.
     *
     * @param maxContent the most content bytes one Content event may carry (&gt; 0)
     * @return the event, or null when {@code in} holds too few bytes for one
     * @throws ProtocolException when a header's version is not 1
     */
    Event next(ByteBuffer in, int maxContent) throws ProtocolException {
        while (true) {
            switch (state) {
                case HEADER -> {
                    if (!fillHeader(in)) {
                        return null;
                    }
                    return headerDone();
                }
                case CONTENT -> {
                    int n = Math.min(Math.min(contentLeft, in.remaining()), maxContent);
                    if (n == 0) {
                        return null;
                    }
                    ByteBuffer slice = in.slice(in.position(), n);
                    in.position(in.position() + n);
                    contentLeft -= n;
                    if (contentLeft == 0) {
                        state = paddingLeft > 0 ? State.PADDING : State.END;
                    }
                    return new Content(slice);
                }
                case PADDING -> {
                    int n = Math.min(paddingLeft, in.remaining());
                    in.position(in.position() + n);
                    paddingLeft -= n;
                    if (paddingLeft > 0) {
                        return null;
                    }
                    state = State.END;
                }
                case END -> {
                    Header done = current;
                    reset();
                    return new End(done);
                }
            }
        }
    }

    private boolean fillHeader(ByteBuffer in) {
        int n = Math.min(HEADER_LENGTH - headFill, in.remaining());
        in.get(head, headFill, n);
        headFill += n;
        return headFill == HEADER_LENGTH;
    }

    private Header headerDone() throws ProtocolException {
        int version = head[0] & 0xff;
        if (version != VERSION_1) {
            throw new ProtocolException("FastCGI record version " + version + " (expected: 1)");
        }
        current = new Header(head[1] & 0xff, u16(head, 2), u16(head, 4), head[6] & 0xff);
        contentLeft = current.contentLength();
        paddingLeft = current.paddingLength();
        state = contentLeft > 0 ? State.CONTENT : paddingLeft > 0 ? State.PADDING : State.END;
        return current;
    }

    private static int u16(byte[] b, int at) {
        return ((b[at] & 0xff) << 8) | (b[at + 1] & 0xff);
    }
}
