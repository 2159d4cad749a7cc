package dev.weft.mux.fcgi;

import dev.weft.http.ProtocolException;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * FastCGI name-value pairs, the content of PARAMS, GET_VALUES and GET_VALUES_RESULT records
 * (FastCGI specification 1.0, §3.4): each length is one byte when below 128, else four bytes
 * big-endian with the top bit set; then the name bytes, then the value bytes.
 * <pre>
 * nameLength (1 or 4)  valueLength (1 or 4)  nameData  valueData
 * 0x0b                 0x02                  "SERVER_PORT" "80"
 * 0x80 0x00 0x01 0x2c  0x01                  (300 name bytes) "x"
 * </pre>
 * Names and values are byte strings; weft writes them as UTF-8 (paths and header values may
 * carry non-ASCII bytes) and reads them as ISO-8859-1. Stateless.
 */
final class FcgiNameValues {
    /** The largest length a pair may state (31 bits). */
    static final int MAX_LENGTH = Integer.MAX_VALUE;

    private FcgiNameValues() {}

    /** Encodes one pair. */
    static byte[] encode(String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.UTF_8);
        byte[] v = value.getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream out = new ByteArrayOutputStream(8 + n.length + v.length);
        writeLength(out, n.length);
        writeLength(out, v.length);
        out.writeBytes(n);
        out.writeBytes(v);
        return out.toByteArray();
    }

    /** Encodes pairs in iteration order, concatenated. */
    static byte[] encode(Map<String, String> pairs) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        pairs.forEach((n, v) -> out.writeBytes(encode(n, v)));
        return out.toByteArray();
    }

    private static void writeLength(ByteArrayOutputStream out, int len) {
        if (len < 128) {
            out.write(len);
        } else {
            out.write(0x80 | (len >>> 24));
            out.write(len >>> 16);
            out.write(len >>> 8);
            out.write(len);
        }
    }

    /**
     * Decodes the pairs of one content block, in order (duplicates kept).
     *
     * @throws ProtocolException when a length or the data runs past the end of {@code content}
     */
    static List<Map.Entry<String, String>> decode(byte[] content) throws ProtocolException {
        List<Map.Entry<String, String>> pairs = new ArrayList<>();
        int[] at = {0};
        while (at[0] < content.length) {
            int nameLength = readLength(content, at);
            int valueLength = readLength(content, at);
            if ((long) at[0] + nameLength + valueLength > content.length) {
                throw new ProtocolException("FastCGI name-value pair runs past its record");
            }
            String name = new String(content, at[0], nameLength, StandardCharsets.ISO_8859_1);
            String value = new String(content, at[0] + nameLength, valueLength, StandardCharsets.ISO_8859_1);
            at[0] += nameLength + valueLength;
            pairs.add(Map.entry(name, value));
        }
        return pairs;
    }

    private static int readLength(byte[] b, int[] at) throws ProtocolException {
        if (at[0] >= b.length) {
            throw new ProtocolException("FastCGI name-value length missing");
        }
        int first = b[at[0]] & 0xff;
        if (first < 128) {
            at[0]++;
            return first;
        }
        if (at[0] + 4 > b.length) {
            throw new ProtocolException("FastCGI name-value length truncated");
        }
        int len = ((first & 0x7f) << 24) | ((b[at[0] + 1] & 0xff) << 16) | ((b[at[0] + 2] & 0xff) << 8) | (b[at[0] + 3] & 0xff);
        at[0] += 4;
        return len;
    }
}
