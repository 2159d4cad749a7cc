package dev.weft.mux.h1;

import static dev.weft.mux.h1.H1Bytes.concat;
import static dev.weft.mux.h1.H1Bytes.crlf;
import static dev.weft.mux.h1.H1Bytes.fields;
import static dev.weft.mux.h1.H1Bytes.fixture;
import static dev.weft.mux.h1.H1Bytes.latin1;
import static dev.weft.mux.h1.H1Bytes.lf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.ProtocolException;
import dev.weft.http.RequestHead;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class H1RequestParserTest {
    private static final int LIMIT = 8 * 1024;
    private static final byte[] BODY = latin1("a=1&b=2");

    /** A valid request head and what the parser must return. */
    record Fixture(String name, byte[] head, String method, String target, List<String> expectedFields) {
        byte[] withBody() {
            return concat(head, BODY);
        }

        void assertMatches(H1Bytes.Parsed<RequestHead> parsed) {
            assertThat(parsed.result().method()).as(name).isEqualTo(method);
            assertThat(parsed.result().target()).as(name).isEqualTo(target);
            assertThat(fields(parsed.result().headers())).as(name).containsExactlyElementsOf(expectedFields);
            assertThat(parsed.left()).as("%s: body left", name).isEqualTo(BODY.length);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Fixture> validHeads() {
        return Stream.of(
                new Fixture("origin-form with query",
                        crlf("GET /a/b?x=1&y=%20 HTTP/1.1", "Host: example.com", "Accept: */*", ""),
                        "GET", "/a/b?x=1&y=%20", List.of("Host: example.com", "Accept: */*")),
                new Fixture("absolute-form",
                        crlf("GET http://example.com:8080/p HTTP/1.1", "Host: example.com:8080", ""),
                        "GET", "http://example.com:8080/p", List.of("Host: example.com:8080")),
                new Fixture("asterisk-form",
                        crlf("OPTIONS * HTTP/1.1", "Host: a", ""), "OPTIONS", "*", List.of("Host: a")),
                new Fixture("extension method",
                        crlf("PURGE /cache/x HTTP/1.1", "Host: a", ""), "PURGE", "/cache/x", List.of("Host: a")),
                new Fixture("HTTP/1.0",
                        crlf("POST /form HTTP/1.0", "Content-Length: 7", ""), "POST", "/form", List.of("Content-Length: 7")),
                new Fixture("LF-only line ends",
                        lf("PUT /x HTTP/1.1", "Host: a", "X:  y ", ""), "PUT", "/x", List.of("Host: a", "X: y")),
                new Fixture("empty line before the request line (RFC 9112 §2.2)",
                        concat(latin1("\r\n"), crlf("DELETE /x HTTP/1.1", "Host: a", "")),
                        "DELETE", "/x", List.of("Host: a")),
                new Fixture("same-name fields and empty value",
                        crlf("GET / HTTP/1.1", "Cookie: a=1", "X-Empty:", "Cookie: b=2", ""),
                        "GET", "/", List.of("Cookie: a=1", "X-Empty: ", "Cookie: b=2")));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeads")
    void parsesAWholeHeadAndLeavesTheBody(Fixture f) throws ProtocolException {
        f.assertMatches(H1Bytes.whole(new H1RequestParser(LIMIT)::parse, f.withBody()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeads")
    void parsesTheSameHeadOneByteAtATime(Fixture f) throws ProtocolException {
        f.assertMatches(H1Bytes.oneByteAtATime(new H1RequestParser(LIMIT)::parse, f.withBody()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeads")
    void parsesTheSameHeadWhereverItIsSplitInTwo(Fixture f) throws ProtocolException {
        byte[] bytes = f.withBody();
        H1RequestParser parser = new H1RequestParser(LIMIT);
        for (int at = 0; at <= bytes.length; at++) {
            f.assertMatches(H1Bytes.split(parser::parse, bytes, at)); // same parser: ready after each head
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeads")
    void parsesTwiceInARowOnTheSameParser(Fixture f) throws ProtocolException {
        H1RequestParser parser = new H1RequestParser(LIMIT);
        f.assertMatches(H1Bytes.oneByteAtATime(parser::parse, f.withBody()));
        parser.reset();
        f.assertMatches(H1Bytes.whole(parser::parse, f.withBody()));
    }

    static Stream<Arguments> malformedHeads() {
        return Stream.of(
                Arguments.of("SSH banner", fixture("ssh-banner-junk.bin"), "not an HTTP/1.x request line"),
                Arguments.of("TLS record", fixture("tls-record-junk.bin"), "not an HTTP/1.x request line"),
                Arguments.of("no target", crlf("GET HTTP/1.1", ""), "not an HTTP/1.x request line"),
                Arguments.of("two spaces", crlf("GET  / HTTP/1.1", ""), "not an HTTP/1.x request line"),
                Arguments.of("space in target", crlf("GET /a b HTTP/1.1", ""), "not an HTTP/1.x request line"),
                Arguments.of("control byte in target", crlf("GET /a\u0001b HTTP/1.1", ""), "not an HTTP/1.x request line"),
                Arguments.of("HTTP/2.0", crlf("GET / HTTP/2.0", ""), "not an HTTP/1.x request line"),
                Arguments.of("trailing space", crlf("GET / HTTP/1.1 ", ""), "not an HTTP/1.x request line"),
                Arguments.of("bad method", crlf("G(ET / HTTP/1.1", ""), "not an HTTP/1.x request line"),
                Arguments.of("relative target", crlf("GET foo HTTP/1.1", ""),
                        "request target: \"foo\" (expected: origin-form, absolute-form or *)"),
                Arguments.of("asterisk with more", crlf("OPTIONS *x HTTP/1.1", ""), "request target: \"*x\""),
                Arguments.of("space before colon", crlf("GET / HTTP/1.1", "Host : a", ""), "whitespace before colon"),
                Arguments.of("obs-fold", crlf("GET / HTTP/1.1", "A: b", "\tc", ""), "obs-fold"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeads")
    void refusesAMalformedHead(String name, byte[] bytes, String message) {
        assertThatThrownBy(() -> new H1RequestParser(LIMIT).parse(ByteBuffer.wrap(bytes)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining(message);
        assertThat(H1Bytes.failureOneByteAtATime(new H1RequestParser(LIMIT)::parse, bytes))
                .hasMessageContaining(message);
    }

    @Test
    void refusesABinaryMethodFromItsFirstByte() {
        assertThatThrownBy(() -> new H1RequestParser(LIMIT).parse(ByteBuffer.wrap(new byte[] {0x16, 0x03})))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not an HTTP/1.x request line");
    }

    @Test
    void refusesAHeadOneByteOverTheLimit() throws ProtocolException {
        byte[] head = crlf("GET / HTTP/1.1", "Host: a", "");
        assertThat(H1Bytes.whole(new H1RequestParser(head.length)::parse, head).left()).isZero();

        String message = "request head larger than " + (head.length - 1) + " bytes";
        assertThatThrownBy(() -> new H1RequestParser(head.length - 1).parse(ByteBuffer.wrap(head)))
                .isInstanceOf(ProtocolException.class).hasMessage(message);
        assertThat(H1Bytes.failureOneByteAtATime(new H1RequestParser(head.length - 1)::parse, head))
                .hasMessage(message);
    }
}
