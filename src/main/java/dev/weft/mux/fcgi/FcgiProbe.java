package dev.weft.mux.fcgi;

import dev.weft.mux.SocketReads;

import dev.weft.http.ProtocolException;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * Asks a FastCGI server for its limits with one {@code FCGI_GET_VALUES} record on a fresh
 * connection, before the connection's first request, and reads the {@code GET_VALUES_RESULT}.
 *
 * <p>What php-fpm 8.2 (Debian 8.2.x, {@code pm = static}, {@code pm.max_children = 8}) answers,
 * tested by hand with a raw socket and pinned by {@code PhpFpmGetValuesIT}: asked for FCGI_MAX_CONNS,
 * FCGI_MAX_REQS and FCGI_MPXS_CONNS, it returns one GET_VALUES_RESULT record of 18 content bytes,
 * 6 padding: {@code 0f 01 "FCGI_MPXS_CONNS" "0"}. It leaves FCGI_MAX_CONNS and FCGI_MAX_REQS
 * out (php's {@code fastcgi.c} only registers FCGI_MPXS_CONNS; {@code php-cgi} sets the others,
 * fpm does not), keeps the connection open, and serves a BEGIN_REQUEST sent on it afterwards.
 * So php-fpm's capacity ({@code pm.max_children}) cannot be learnt: weft needs {@code maxconn}
 * to keep its connections (see {@link FcgiMux}).
 *
 * <p>Stateless; runs on the stream thread that opened the connection.
 */
final class FcgiProbe {
    static final List<String> NAMES = List.of("FCGI_MAX_CONNS", "FCGI_MAX_REQS", "FCGI_MPXS_CONNS");
    /** A GET_VALUES_RESULT larger than this is junk (three small values fit in 64 bytes). */
    private static final int MAX_RESULT = 4096;

    private FcgiProbe() {}

    /**
     * The server's answer.
     *
     * @param maxConns    FCGI_MAX_CONNS, 0 when not given or not a positive number
     * @param multiplexes FCGI_MPXS_CONNS is 1
     */
    record Answer(int maxConns, boolean multiplexes) {}

    /**
     * Writes GET_VALUES and reads records until the GET_VALUES_RESULT. Records of other types are
     * a protocol error (no request was sent yet).
     *
     * @param readBuffer the connection's read buffer (read mode); bytes after the answer stay in it
     * @throws ProtocolException for a malformed or unexpected answer
     * @throws IOException       when the server closed the connection or the read failed
     */
    static Answer ask(InputStream in, OutputStream out, ByteBuffer readBuffer, FcgiRecordParser parser) throws IOException {
        out.write(FcgiRecordWriter.getValues(NAMES));
        out.flush();
        ByteBuffer content = ByteBuffer.allocate(MAX_RESULT);
        while (true) {
            FcgiRecordParser.Event e = parser.next(readBuffer, MAX_RESULT);
            switch (e) {
                case null -> {
                    if (SocketReads.fill(in, readBuffer) < 0) {
                        throw new IOException("connection closed before the GET_VALUES_RESULT");
                    }
                }
                case FcgiRecordParser.Header h -> {
                    if (h.knownType() != FcgiRecordType.GET_VALUES_RESULT || h.requestId() != 0) {
                        throw new ProtocolException("FastCGI record type " + h.type() + " in answer to GET_VALUES");
                    }
                    if (h.contentLength() > MAX_RESULT) {
                        throw new ProtocolException("GET_VALUES_RESULT of " + h.contentLength() + " bytes");
                    }
                }
                case FcgiRecordParser.Content c -> content.put(c.bytes());
                case FcgiRecordParser.End end -> {
                    return answer(FcgiNameValues.decode(java.util.Arrays.copyOf(content.array(), content.position())));
                }
            }
        }
    }

    private static Answer answer(List<Map.Entry<String, String>> pairs) {
        int maxConns = 0;
        boolean mpxs = false;
        for (Map.Entry<String, String> p : pairs) {
            switch (p.getKey()) {
                case "FCGI_MAX_CONNS" -> maxConns = positive(p.getValue());
                case "FCGI_MPXS_CONNS" -> mpxs = p.getValue().trim().equals("1");
                default -> { } // FCGI_MAX_REQS and unknown names: not used
            }
        }
        return new Answer(maxConns, mpxs);
    }

    private static int positive(String v) {
        try {
            return Math.max(0, Integer.parseInt(v.trim()));
        } catch (NumberFormatException e) {
            return 0;
        }
    }
}
