package dev.weft.mux.h2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * The frames weft's HTTP/2 client writes (RFC 9113 §4.1, §6), as bytes. Jetty's {@code Parser}
 * reads the server's frames and its {@code HpackEncoder} encodes header blocks; these are the
 * few fixed layouts around them, written directly so that each is one array and one socket
 * write (a HEADERS frame too when its block fits one frame; past that, each HEADERS and
 * CONTINUATION frame is two). Stateless.
 */
final class H2Frames {
    /** Frame types (§6). */
    static final int DATA = 0x0, HEADERS = 0x1, RST_STREAM = 0x3, SETTINGS = 0x4, PING = 0x6, GOAWAY = 0x7,
            WINDOW_UPDATE = 0x8, CONTINUATION = 0x9;
    /** Flags (§6). */
    static final int END_STREAM = 0x1, ACK = 0x1, END_HEADERS = 0x4;
    /** The frame header's length. */
    static final int HEADER_LENGTH = 9;
    /** The largest stream id and window (§5.1.1, §6.9.1). */
    static final int MAX_STREAM_ID = Integer.MAX_VALUE;
    static final long MAX_WINDOW = Integer.MAX_VALUE;
    /** The window both sides start with before any SETTINGS or WINDOW_UPDATE (§6.9.2). */
    static final int DEFAULT_WINDOW = 65_535;
    /** The frame size both sides accept before SETTINGS_MAX_FRAME_SIZE (§4.2). */
    static final int DEFAULT_MAX_FRAME_SIZE = 16_384;

    private static final byte[] PREFACE = "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private H2Frames() {
    }

    /** Writes a frame header at {@code b}'s position: 24-bit length, type, flags, stream id (R bit 0). */
    static void header(ByteBuffer b, int length, int type, int flags, int streamId) {
        b.put((byte) (length >>> 16)).put((byte) (length >>> 8)).put((byte) length);
        b.put((byte) type).put((byte) flags).putInt(streamId & MAX_STREAM_ID);
    }

    /**
     * The client's connection preface (§3.4): the magic, SETTINGS (HEADER_TABLE_SIZE 0: the
     * server's encoder keeps no table this side must evict from; ENABLE_PUSH 0; INITIAL_WINDOW_SIZE
     * {@code streamWindow}), and a WINDOW_UPDATE raising the connection's window to {@code sessionWindow}.
     */
    static byte[] preface(int streamWindow, int sessionWindow) {
        ByteBuffer b = ByteBuffer.allocate(PREFACE.length + HEADER_LENGTH + 3 * 6 + HEADER_LENGTH + 4);
        b.put(PREFACE);
        header(b, 3 * 6, SETTINGS, 0, 0);
        b.putShort((short) 0x1).putInt(0);
        b.putShort((short) 0x2).putInt(0);
        b.putShort((short) 0x4).putInt(streamWindow);
        header(b, 4, WINDOW_UPDATE, 0, 0);
        b.putInt(sessionWindow - DEFAULT_WINDOW);
        return b.array();
    }

    /** WINDOW_UPDATE on {@code streamId} (0: the connection) by {@code delta} (1 to 2^31-1). */
    static byte[] windowUpdate(int streamId, int delta) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + 4);
        header(b, 4, WINDOW_UPDATE, 0, streamId);
        b.putInt(delta & MAX_STREAM_ID);
        return b.array();
    }

    /** RST_STREAM on {@code streamId} with {@code error} (§7). */
    static byte[] rstStream(int streamId, int error) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + 4);
        header(b, 4, RST_STREAM, 0, streamId);
        b.putInt(error);
        return b.array();
    }

    /**
     * GOAWAY with {@code error}: last-stream-id 0, since a client with push off accepts no
     * stream from the server (§6.8).
     */
    static byte[] goAway(int error) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + 8);
        header(b, 8, GOAWAY, 0, 0);
        b.putInt(0).putInt(error);
        return b.array();
    }

    /** The acknowledgement of the server's SETTINGS (§6.5.3). */
    static byte[] settingsAck() {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH);
        header(b, 0, SETTINGS, ACK, 0);
        return b.array();
    }

    /** The answer to the server's PING: its 8 bytes of payload, with ACK (§6.7). */
    static byte[] pingAck(byte[] payload) {
        ByteBuffer b = ByteBuffer.allocate(HEADER_LENGTH + 8);
        header(b, 8, PING, ACK, 0);
        b.put(payload, 0, 8);
        return b.array();
    }

    /** One DATA frame on {@code streamId}: the next {@code n} bytes of {@code data}, consumed. */
    static byte[] data(int streamId, ByteBuffer data, int n, boolean endStream) {
        byte[] frame = new byte[HEADER_LENGTH + n];
        header(ByteBuffer.wrap(frame), n, DATA, endStream ? END_STREAM : 0, streamId);
        data.get(frame, HEADER_LENGTH, n);
        return frame;
    }
}
