package dev.weft.mux.fcgi;

import java.io.ByteArrayOutputStream;
import java.util.List;
import java.util.Map;

/**
 * Encodes FastCGI records (FastCGI specification 1.0, §3.3 and §5) into byte arrays, ready for one
 * socket write each. Content is padded to a multiple of 8 bytes, as the specification recommends
 * and php-fpm does. Stateless.
 * <pre>
 * BEGIN_REQUEST body:  roleB1 roleB0 flags reserved[5]     role 1 = RESPONDER, flags 1 = KEEP_CONN
 * END_REQUEST body:    appStatusB3..B0 protocolStatus reserved[3]
 * </pre>
 */
final class FcgiRecordWriter {
    /** The most content one record carries. */
    static final int MAX_CONTENT = 0xffff;
    /** How much stream content (STDIN) one record carries: the largest multiple of 8 that fits. */
    static final int STREAM_CHUNK = MAX_CONTENT & ~7;
    /** FCGI_RESPONDER. */
    static final int ROLE_RESPONDER = 1;
    /** FCGI_KEEP_CONN: the application keeps the connection open after the request. */
    static final int FLAG_KEEP_CONN = 1;

    private FcgiRecordWriter() {}

    /** Padding that brings {@code contentLength} to a multiple of 8. */
    static int padding(int contentLength) {
        return (8 - (contentLength & 7)) & 7;
    }

    /** The bytes one record of {@code contentLength} takes on the wire. */
    static int recordSize(int contentLength) {
        return FcgiRecordParser.HEADER_LENGTH + contentLength + padding(contentLength);
    }

    /**
     * Writes one whole record (header, content, padding) to {@code out}.
     *
     * @param len 0..{@link #MAX_CONTENT}
     */
    static void record(ByteArrayOutputStream out, FcgiRecordType type, int requestId, byte[] content, int off, int len) {
        if (len < 0 || len > MAX_CONTENT) {
            throw new IllegalArgumentException("record content of " + len + " bytes (expected: 0..65535)");
        }
        int pad = padding(len);
        out.write(FcgiRecordParser.VERSION_1);
        out.write(type.code());
        out.write(requestId >>> 8);
        out.write(requestId);
        out.write(len >>> 8);
        out.write(len);
        out.write(pad);
        out.write(0);
        out.write(content, off, len);
        out.write(new byte[pad], 0, pad);
    }

    /** BEGIN_REQUEST for the responder role; {@code keepConn} asks the server to keep the connection. */
    static byte[] beginRequest(int requestId, boolean keepConn) {
        byte[] body = {0, ROLE_RESPONDER, (byte) (keepConn ? FLAG_KEEP_CONN : 0), 0, 0, 0, 0, 0};
        ByteArrayOutputStream out = new ByteArrayOutputStream(16);
        record(out, FcgiRecordType.BEGIN_REQUEST, requestId, body, 0, body.length);
        return out.toByteArray();
    }

    /**
     * The PARAMS stream: the pairs in order, each record holding whole pairs where they fit (php-fpm
     * does not join a pair split across records), then the empty PARAMS record that ends it.
     */
    static byte[] params(int requestId, Map<String, String> params) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
        ByteArrayOutputStream pending = new ByteArrayOutputStream(1024);
        for (Map.Entry<String, String> p : params.entrySet()) {
            byte[] pair = FcgiNameValues.encode(p.getKey(), p.getValue());
            if (pending.size() + pair.length > MAX_CONTENT && pending.size() > 0) {
                flushStream(out, FcgiRecordType.PARAMS, requestId, pending.toByteArray());
                pending.reset();
            }
            pending.writeBytes(pair);
        }
        flushStream(out, FcgiRecordType.PARAMS, requestId, pending.toByteArray());
        record(out, FcgiRecordType.PARAMS, requestId, new byte[0], 0, 0);
        return out.toByteArray();
    }

    /**
     * Stream records (STDIN, STDOUT, STDERR) carrying {@code len} bytes, split into as many
     * records as needed; {@code len == 0} gives the empty record that ends the stream.
     */
    static byte[] stream(FcgiRecordType type, int requestId, byte[] data, int off, int len) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(len + 16 * (1 + len / STREAM_CHUNK));
        if (len == 0) {
            record(out, type, requestId, data, off, 0);
        }
        for (int done = 0; done < len; done += STREAM_CHUNK) {
            record(out, type, requestId, data, off + done, Math.min(STREAM_CHUNK, len - done));
        }
        return out.toByteArray();
    }

    /** A GET_VALUES management record (request id 0) asking for {@code names}. */
    static byte[] getValues(List<String> names) {
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        for (String n : names) {
            content.writeBytes(FcgiNameValues.encode(n, ""));
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        record(out, FcgiRecordType.GET_VALUES, 0, content.toByteArray(), 0, content.size());
        return out.toByteArray();
    }

    /** An END_REQUEST record (what a server sends; used by tests and scripted peers). */
    static byte[] endRequest(int requestId, int appStatus, FcgiProtocolStatus status) {
        byte[] body = {(byte) (appStatus >>> 24), (byte) (appStatus >>> 16), (byte) (appStatus >>> 8), (byte) appStatus,
                (byte) status.code(), 0, 0, 0};
        ByteArrayOutputStream out = new ByteArrayOutputStream(16);
        record(out, FcgiRecordType.END_REQUEST, requestId, body, 0, body.length);
        return out.toByteArray();
    }

    private static void flushStream(ByteArrayOutputStream out, FcgiRecordType type, int requestId, byte[] content) {
        for (int done = 0; done < content.length; done += MAX_CONTENT) {
            record(out, type, requestId, content, done, Math.min(MAX_CONTENT, content.length - done));
        }
    }
}
