package dev.weft.mux.h1;

import static dev.weft.mux.h1.H1Bytes.concat;
import static dev.weft.mux.h1.H1Bytes.fields;
import static dev.weft.mux.h1.H1Bytes.fixture;
import static dev.weft.mux.h1.H1Bytes.latin1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.ProtocolException;
import dev.weft.http.ResponseHead;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class ChunkedDecoderTest {
    private static final int TRAILER_LIMIT = 1024;
    private static final byte[] NEXT = latin1("HTTP/1.1 200 OK\r\n");

    /** A valid chunked body, its data and trailers. */
    record Fixture(String name, String body, String data, List<String> trailers) {
        byte[] bytes() {
            return concat(latin1(body), NEXT);
        }

        void assertMatches(ChunkedDecoder decoder, H1Bytes.Decoded decoded) {
            assertThat(decoded.text()).as(name).isEqualTo(data);
            assertThat(fields(decoder.trailers())).as(name).containsExactlyElementsOf(trailers);
            assertThat(decoded.left()).as("%s: bytes after the body left", name).isEqualTo(NEXT.length);
            assertThat(decoder.isDone()).isTrue();
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Fixture> validBodies() {
        return Stream.of(
                new Fixture("several chunks", "5\r\nhello\r\n6\r\n world\r\n0\r\n\r\n", "hello world", List.of()),
                new Fixture("empty body", "0\r\n\r\n", "", List.of()),
                new Fixture("hex in both cases and leading zeros", "000A\r\n0123456789\r\n1a\r\n"
                        + "abcdefghijklmnopqrstuvwxyz\r\n0000\r\n\r\n", "0123456789abcdefghijklmnopqrstuvwxyz", List.of()),
                new Fixture("extensions ignored", "5;name=value;flag\r\nhello\r\n1 ; q=\"a b\"\r\n!\r\n0;last\r\n\r\n",
                        "hello!", List.of()),
                new Fixture("whitespace after the size", "5 \t\r\nhello\r\n0\r\n\r\n", "hello", List.of()),
                new Fixture("data holding CRLF", "4\r\n\r\n\r\n\r\n0\r\n\r\n", "\r\n\r\n", List.of()),
                new Fixture("trailers", "3\r\nabc\r\n0\r\nExpires: never\r\nX-Checksum:  f00d \r\nX-Empty:\r\n\r\n",
                        "abc", List.of("Expires: never", "X-Checksum: f00d", "X-Empty: ")),
                new Fixture("trailers with LF-only line ends", "3\r\nabc\r\n0\r\nA: b\nC: d\n\n",
                        "abc", List.of("A: b", "C: d")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validBodies")
    void decodesAWholeBodyAndLeavesTheNextMessage(Fixture f) throws ProtocolException {
        ChunkedDecoder decoder = new ChunkedDecoder(TRAILER_LIMIT);
        f.assertMatches(decoder, H1Bytes.decode(decoder, f.bytes(), Integer.MAX_VALUE, 4096));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validBodies")
    void decodesTheSameBodyOneByteAtATime(Fixture f) throws ProtocolException {
        ChunkedDecoder decoder = new ChunkedDecoder(TRAILER_LIMIT);
        f.assertMatches(decoder, H1Bytes.decode(decoder, f.bytes(), 1, 4096));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validBodies")
    void decodesTheSameBodyIntoAOneByteOutputBuffer(Fixture f) throws ProtocolException {
        ChunkedDecoder decoder = new ChunkedDecoder(TRAILER_LIMIT);
        f.assertMatches(decoder, H1Bytes.decode(decoder, f.bytes(), Integer.MAX_VALUE, 1));
        decoder.reset();
        f.assertMatches(decoder, H1Bytes.decode(decoder, f.bytes(), 1, 1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validBodies")
    void decodesTheSameBodyWhereverItIsSplitInTwo(Fixture f) throws ProtocolException {
        byte[] bytes = f.bytes();
        ChunkedDecoder decoder = new ChunkedDecoder(TRAILER_LIMIT);
        for (int at = 0; at <= bytes.length; at++) {
            decoder.reset();
            ByteBuffer out = ByteBuffer.allocate(4096);
            ByteBuffer first = ByteBuffer.wrap(bytes, 0, at);
            decoder.decode(first, out);
            ByteBuffer second = ByteBuffer.wrap(concat(
                    Arrays.copyOfRange(bytes, first.position(), at),
                    Arrays.copyOfRange(bytes, at, bytes.length)));
            decoder.decode(second, out);

            f.assertMatches(decoder, new H1Bytes.Decoded(Arrays.copyOf(out.array(), out.position()),
                    second.remaining()));
        }
    }

    @Test
    void consumesNothingOnceDone() throws ProtocolException {
        ChunkedDecoder decoder = new ChunkedDecoder(TRAILER_LIMIT);
        ByteBuffer in = ByteBuffer.wrap(concat(latin1("2\r\nok\r\n0\r\n\r\n"), NEXT));
        ByteBuffer out = ByteBuffer.allocate(64);

        assertThat(decoder.decode(in, out)).isEqualTo(2);
        int position = in.position();

        assertThat(decoder.decode(in, out)).isZero();
        assertThat(in.position()).isEqualTo(position);
        assertThat(in.remaining()).isEqualTo(NEXT.length);
    }

    @Test
    void consumesFramingEvenWhenTheOutputIsFull() throws ProtocolException {
        ChunkedDecoder decoder = new ChunkedDecoder(TRAILER_LIMIT);
        ByteBuffer in = ByteBuffer.wrap(latin1("3\r\nabc\r\n"));

        assertThat(decoder.decode(in, ByteBuffer.allocate(0))).isZero();
        assertThat(in.position()).isEqualTo(3); // the size line, not the data
    }

    @Test
    void decodesFromADirectBufferIntoADirectBuffer() throws ProtocolException {
        byte[] bytes = latin1("5\r\nhello\r\n0\r\nA: b\r\n\r\n");
        ByteBuffer in = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        ByteBuffer out = ByteBuffer.allocateDirect(16);
        ChunkedDecoder decoder = new ChunkedDecoder(TRAILER_LIMIT);

        assertThat(decoder.decode(in, out)).isEqualTo(5);

        byte[] data = new byte[5];
        out.flip().get(data);
        assertThat(latin1(data)).isEqualTo("hello");
        assertThat(fields(decoder.trailers())).containsExactly("A: b");
        assertThat(decoder.isDone()).isTrue();
    }

    @Test
    void decodesTheRealWorldFixtureBodyAfterItsHead() throws ProtocolException {
        ByteBuffer in = ByteBuffer.wrap(fixture("nginx-chunked-response.bin"));
        ResponseHead head = new H1ResponseParser(4096).parse(in);
        assertThat(BodyFraming.ofResponse("GET", head).kind()).isEqualTo(BodyFraming.Kind.CHUNKED);
        byte[] body = new byte[in.remaining()];
        in.get(body);

        ChunkedDecoder decoder = new ChunkedDecoder(TRAILER_LIMIT);
        H1Bytes.Decoded whole = H1Bytes.decode(decoder, body, Integer.MAX_VALUE, 4096);
        decoder.reset();
        H1Bytes.Decoded bytewise = H1Bytes.decode(decoder, body, 1, 7);

        assertThat(whole.text()).startsWith("<!doctype html>").endsWith("</html>\n").hasSize(98);
        assertThat(bytewise.text()).isEqualTo(whole.text());
        assertThat(whole.left()).isZero();
    }

    @Test
    void decodesTheLargestSizeWithoutOverflow() throws ProtocolException {
        ChunkedDecoder decoder = new ChunkedDecoder(TRAILER_LIMIT);
        ByteBuffer in = ByteBuffer.wrap(latin1("7fffffffffffffff\r\nabc"));

        assertThat(decoder.decode(in, ByteBuffer.allocate(8))).isEqualTo(3);
        assertThat(decoder.isDone()).isFalse();
    }

    static Stream<Arguments> malformedBodies() {
        return Stream.of(
                Arguments.of("bad hex", "zz\r\n", "chunk size: byte 0x7a (expected: a hex digit)"),
                Arguments.of("empty size line", "\r\n", "chunk size: byte 0xd (expected: a hex digit)"),
                Arguments.of("junk after hex", "5x\r\nhello\r\n", "chunk size line: byte 0x78 after hex digits"),
                Arguments.of("sign", "+5\r\nhello\r\n", "(expected: a hex digit)"),
                Arguments.of("junk after whitespace", "5 x\r\n", "after whitespace (expected: ';' or CRLF)"),
                Arguments.of("size overflow", "8000000000000000\r\n", "chunk size: over 9223372036854775807 bytes"),
                Arguments.of("size overflow, leading zeros", "0000ffffffffffffffff\r\n", "chunk size: over"),
                Arguments.of("bare LF after size", "5\nhello\r\n", "byte 0xa after hex digits"),
                Arguments.of("CR without LF after size", "5\rhello\r\n", "missing LF after chunk size"),
                Arguments.of("missing CRLF after data", "5\r\nhelloX\r\n0\r\n\r\n", "missing CRLF after chunk data: byte 0x58"),
                Arguments.of("bare LF after data", "5\r\nhello\n0\r\n\r\n", "missing CRLF after chunk data: byte 0xa"),
                Arguments.of("CR then junk after data", "5\r\nhello\rX", "missing CRLF after chunk data: byte 0x58"),
                Arguments.of("data longer than its size", "3\r\nhello\r\n", "missing CRLF after chunk data"),
                Arguments.of("control byte in extension", "5;a\u0000\r\nhello\r\n", "chunk extension: control byte 0x0"),
                Arguments.of("bare LF in extension", "5;a\nhello\r\n", "chunk extension: control byte 0xa"),
                Arguments.of("extension too long", "5;" + "x".repeat(ChunkedDecoder.MAX_EXTENSION_BYTES + 1) + "\r\n",
                        "chunk extension larger than 4096 bytes"),
                Arguments.of("trailer without colon", "0\r\nNoColon\r\n\r\n", "header line without colon"),
                Arguments.of("trailer obs-fold", "0\r\nA: b\r\n c\r\n\r\n", "obs-fold in trailer section"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedBodies")
    void refusesMalformedFraming(String name, String body, String message) {
        byte[] bytes = latin1(body);
        assertThatThrownBy(() -> new ChunkedDecoder(TRAILER_LIMIT).decode(ByteBuffer.wrap(bytes), ByteBuffer.allocate(64)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining(message);
        assertThatThrownBy(() -> H1Bytes.decode(new ChunkedDecoder(TRAILER_LIMIT), bytes, 1, 1))
                .isInstanceOf(ProtocolException.class).hasMessageContaining(message);
    }

    @Test
    void acceptsTrailersOfExactlyTheLimit() throws ProtocolException {
        byte[] trailers = latin1("X: " + "a".repeat(20) + "\r\n\r\n");
        byte[] body = concat(latin1("0\r\n"), trailers);
        ChunkedDecoder decoder = new ChunkedDecoder(trailers.length);

        H1Bytes.decode(decoder, body, 1, 1);

        assertThat(fields(decoder.trailers())).containsExactly("X: " + "a".repeat(20));
    }

    @Test
    void refusesTrailersOneByteOverTheLimit() {
        byte[] trailers = latin1("X: " + "a".repeat(20) + "\r\n\r\n");
        byte[] body = concat(latin1("0\r\n"), trailers);
        int limit = trailers.length - 1;

        assertThatThrownBy(() -> H1Bytes.decode(new ChunkedDecoder(limit), body, Integer.MAX_VALUE, 64))
                .isInstanceOf(ProtocolException.class).hasMessage("trailer section larger than " + limit + " bytes");
        assertThatThrownBy(() -> H1Bytes.decode(new ChunkedDecoder(limit), body, 1, 64))
                .isInstanceOf(ProtocolException.class).hasMessage("trailer section larger than " + limit + " bytes");
    }

    @Test
    void resetStartsAFreshBodyWithFreshTrailers() throws ProtocolException {
        ChunkedDecoder decoder = new ChunkedDecoder(TRAILER_LIMIT);
        H1Bytes.decode(decoder, latin1("1\r\na\r\n0\r\nA: 1\r\n\r\n"), 3, 2);
        var firstTrailers = decoder.trailers();
        decoder.decode(ByteBuffer.wrap(latin1("5\r\nhel")), ByteBuffer.allocate(8)); // done: ignored

        decoder.reset();
        assertThat(decoder.isDone()).isFalse();
        assertThat(decoder.trailers().size()).isZero();
        H1Bytes.Decoded second = H1Bytes.decode(decoder, latin1("2\r\nbc\r\n0\r\nB: 2\r\n\r\n"), 1, 1);

        assertThat(second.text()).isEqualTo("bc");
        assertThat(fields(decoder.trailers())).containsExactly("B: 2");
        assertThat(fields(firstTrailers)).containsExactly("A: 1");
    }

    @Test
    void resetForgetsAPartialBody() throws ProtocolException {
        ChunkedDecoder decoder = new ChunkedDecoder(TRAILER_LIMIT);
        decoder.decode(ByteBuffer.wrap(latin1("ff\r\nabc")), ByteBuffer.allocate(8));

        decoder.reset();

        assertThat(H1Bytes.decode(decoder, latin1("1\r\nz\r\n0\r\n\r\n"), 4, 4).text()).isEqualTo("z");
    }
}
