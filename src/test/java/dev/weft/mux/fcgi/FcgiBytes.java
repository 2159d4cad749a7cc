package dev.weft.mux.fcgi;

import dev.weft.http.ProtocolException;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

/** Test helpers: hex fixtures, fixture files, and whole records decoded with the parser. */
final class FcgiBytes {
    private FcgiBytes() {}

    /** One decoded record. */
    record Rec(int type, int requestId, byte[] content) {
        String text() {
            return new String(content, java.nio.charset.StandardCharsets.ISO_8859_1);
        }
    }

    /** Bytes from hex, blanks ignored: {@code hex("01 06 00 01")}. */
    static byte[] hex(String hex) {
        return HexFormat.of().parseHex(hex.replaceAll("\\s+", ""));
    }

    /** A file under {@code src/test/resources/fixtures/fcgi/}. */
    static byte[] fixture(String name) {
        try (InputStream in = FcgiBytes.class.getResourceAsStream("/fixtures/fcgi/" + name)) {
            if (in == null) {
                throw new IllegalArgumentException("no fixture " + name);
            }
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Decodes {@code bytes} into whole records, feeding the parser {@code chunk} bytes at a time
     * and taking content in pieces of at most {@code maxContent}; fails if bytes are left over.
     */
    static List<Rec> decode(FcgiRecordParser parser, byte[] bytes, int chunk, int maxContent) throws ProtocolException {
        List<Rec> out = new ArrayList<>();
        ByteArrayOutputStream content = new ByteArrayOutputStream();
        FcgiRecordParser.Header current = null;
        for (int at = 0; at < bytes.length; at += chunk) {
            ByteBuffer in = ByteBuffer.wrap(bytes, at, Math.min(chunk, bytes.length - at));
            for (FcgiRecordParser.Event e = parser.next(in, maxContent); e != null; e = parser.next(in, maxContent)) {
                switch (e) {
                    case FcgiRecordParser.Header h -> current = h;
                    case FcgiRecordParser.Content c -> {
                        byte[] b = new byte[c.bytes().remaining()];
                        c.bytes().get(b);
                        content.writeBytes(b);
                    }
                    case FcgiRecordParser.End end -> {
                        out.add(new Rec(current.type(), current.requestId(), content.toByteArray()));
                        content.reset();
                    }
                }
            }
            if (in.hasRemaining()) {
                throw new AssertionError("parser left " + in.remaining() + " bytes unread");
            }
        }
        return out;
    }
}
