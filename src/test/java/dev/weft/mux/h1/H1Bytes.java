package dev.weft.mux.h1;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Byte fixtures and feeding helpers shared by the codec tests. */
final class H1Bytes {
    private H1Bytes() {
    }

    /** One incremental parse call: consumes from the buffer, null while more bytes are needed. */
    @FunctionalInterface
    interface Parse<T> {
        T parse(ByteBuffer in) throws ProtocolException;
    }

    /** Each line followed by CRLF: {@code crlf("GET / HTTP/1.1", "Host: a", "")}. */
    static byte[] crlf(String... lines) {
        return latin1(String.join("\r\n", lines) + "\r\n");
    }

    /** Each line followed by a bare LF (RFC 9112 §2.2). */
    static byte[] lf(String... lines) {
        return latin1(String.join("\n", lines) + "\n");
    }

    static byte[] latin1(String s) {
        return s.getBytes(StandardCharsets.ISO_8859_1);
    }

    static String latin1(byte[] b) {
        return new String(b, StandardCharsets.ISO_8859_1);
    }

    static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }

    /** A fixture file from {@code src/test/resources/fixtures/h1/}. */
    static byte[] fixture(String name) {
        try (InputStream in = H1Bytes.class.getResourceAsStream("/fixtures/h1/" + name)) {
            assertThat(in).as("fixture %s", name).isNotNull();
            return in.readAllBytes();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** "name: value" for each field, in order, for readable comparisons. */
    static List<String> fields(HeaderList headers) {
        List<String> out = new ArrayList<>(headers.size());
        headers.forEach((n, v) -> out.add(n + ": " + v));
        return out;
    }

    /** Parses {@code bytes} from one buffer; the result must be complete; returns it and the bytes left. */
    static <T> Parsed<T> whole(Parse<T> parser, byte[] bytes) throws ProtocolException {
        ByteBuffer in = ByteBuffer.wrap(bytes);
        T result = parser.parse(in);
        assertThat(result).as("result of a whole parse").isNotNull();
        return new Parsed<>(result, in.remaining());
    }

    /**
     * Feeds {@code bytes} one byte per call until a result comes; every byte before must be
     * consumed with a null result. Returns the result and the count of bytes never fed.
     */
    static <T> Parsed<T> oneByteAtATime(Parse<T> parser, byte[] bytes) throws ProtocolException {
        for (int i = 0; i < bytes.length; i++) {
            ByteBuffer in = ByteBuffer.wrap(bytes, i, 1);
            T result = parser.parse(in);
            assertThat(in.hasRemaining()).as("byte %d consumed", i).isFalse();
            if (result != null) {
                return new Parsed<>(result, bytes.length - i - 1);
            }
        }
        throw new AssertionError("no result after all " + bytes.length + " bytes");
    }

    /** Feeds {@code bytes[0..at)} then {@code bytes[at..)}; returns the result and the bytes left. */
    static <T> Parsed<T> split(Parse<T> parser, byte[] bytes, int at) throws ProtocolException {
        ByteBuffer first = ByteBuffer.wrap(bytes, 0, at);
        T result = parser.parse(first);
        if (result != null) {
            return new Parsed<>(result, first.remaining() + bytes.length - at);
        }
        assertThat(first.hasRemaining()).as("first part consumed").isFalse();
        ByteBuffer second = ByteBuffer.wrap(bytes, at, bytes.length - at);
        result = parser.parse(second);
        assertThat(result).as("result after split at %d", at).isNotNull();
        return new Parsed<>(result, second.remaining());
    }

    /** Feeds {@code bytes} one byte per call, expecting a failure; returns it. */
    static ProtocolException failureOneByteAtATime(Parse<?> parser, byte[] bytes) {
        for (int i = 0; i < bytes.length; i++) {
            try {
                assertThat(parser.parse(ByteBuffer.wrap(bytes, i, 1))).as("result at byte %d", i).isNull();
            } catch (ProtocolException e) {
                return e;
            }
        }
        throw new AssertionError("no ProtocolException after all " + bytes.length + " bytes");
    }

    /**
     * Decodes a whole chunked body, feeding {@code inStep} bytes per call into an output buffer
     * of {@code outCapacity} bytes; returns the data. The decoder must be done at the end.
     */
    static Decoded decode(ChunkedDecoder decoder, byte[] bytes, int inStep, int outCapacity) throws ProtocolException {
        ByteArrayOutputStream data = new ByteArrayOutputStream();
        ByteBuffer out = ByteBuffer.allocate(outCapacity);
        int fed = 0;
        ByteBuffer in = ByteBuffer.wrap(bytes, 0, 0);
        while (!decoder.isDone()) {
            if (!in.hasRemaining()) {
                assertThat(fed).as("bytes fed before the body ended").isLessThan(bytes.length);
                int n = Math.min(inStep, bytes.length - fed);
                in = ByteBuffer.wrap(bytes, fed, n);
                fed += n;
            }
            int before = in.position();
            int written = decoder.decode(in, out);
            assertThat(written).isEqualTo(out.position());
            assertThat(in.position() > before || written > 0).as("progress at byte %d", fed).isTrue();
            data.write(out.array(), 0, out.position());
            out.clear();
        }
        return new Decoded(data.toByteArray(), in.remaining() + bytes.length - fed);
    }

    /** A parse result and how many of the given bytes were left unconsumed after it. */
    record Parsed<T>(T result, int left) {
    }

    /** Decoded data and how many of the given bytes were left unconsumed after the body. */
    record Decoded(byte[] data, int left) {
        String text() {
            return latin1(data);
        }
    }
}
