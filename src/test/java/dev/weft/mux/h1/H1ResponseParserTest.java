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
import dev.weft.http.ResponseHead;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class H1ResponseParserTest {
    private static final int LIMIT = 64 * 1024;
    private static final byte[] BODY = latin1("hello");

    /** A valid head, the bytes after it, and what the parser must return. */
    record Fixture(String name, byte[] head, int status, String reason, String version, List<String> expectedFields) {
        byte[] withBody() {
            return concat(head, BODY);
        }

        void assertMatches(H1Bytes.Parsed<ResponseHead> parsed) {
            ResponseHead h = parsed.result();
            assertThat(h.status()).as(name).isEqualTo(status);
            assertThat(h.reason()).as(name).isEqualTo(reason);
            assertThat(h.version()).as(name).isEqualTo(version);
            assertThat(fields(h.headers())).as(name).containsExactlyElementsOf(expectedFields);
            assertThat(parsed.left()).as("%s: body left in the buffer", name).isEqualTo(BODY.length);
        }

        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<Fixture> validHeads() {
        return Stream.of(
                new Fixture("status line with reason",
                        crlf("HTTP/1.1 200 OK", "Content-Length: 5", "Content-Type: text/plain", ""),
                        200, "OK", "HTTP/1.1", List.of("Content-Length: 5", "Content-Type: text/plain")),
                new Fixture("reason of several words",
                        crlf("HTTP/1.1 404 Not Found Here", "X: y", ""),
                        404, "Not Found Here", "HTTP/1.1", List.of("X: y")),
                new Fixture("no reason, trailing space",
                        crlf("HTTP/1.1 204 ", ""), 204, "", "HTTP/1.1", List.of()),
                new Fixture("no reason, no trailing space",
                        crlf("HTTP/1.1 204", ""), 204, "", "HTTP/1.1", List.of()),
                new Fixture("HTTP/1.0",
                        crlf("HTTP/1.0 200 OK", "Server: old", ""), 200, "OK", "HTTP/1.0", List.of("Server: old")),
                new Fixture("higher minor version read as 1.1 (RFC 9110 §2.5)",
                        crlf("HTTP/1.2 200 OK", ""), 200, "OK", "HTTP/1.1", List.of()),
                new Fixture("LF-only line ends",
                        lf("HTTP/1.1 200 OK", "A: b", "C: d", ""), 200, "OK", "HTTP/1.1", List.of("A: b", "C: d")),
                new Fixture("mixed CRLF and LF line ends",
                        latin1("HTTP/1.1 200 OK\nA: b\r\nC: d\n\r\n"), 200, "OK", "HTTP/1.1", List.of("A: b", "C: d")),
                new Fixture("same-name fields kept in order",
                        crlf("HTTP/1.1 200 OK", "Set-Cookie: a=1", "X: between", "set-cookie: b=2", "Set-Cookie: c=3", ""),
                        200, "OK", "HTTP/1.1",
                        List.of("Set-Cookie: a=1", "X: between", "set-cookie: b=2", "Set-Cookie: c=3")),
                new Fixture("empty values",
                        crlf("HTTP/1.1 200 OK", "X-Empty:", "X-Blank:   \t ", "X-After: z", ""),
                        200, "OK", "HTTP/1.1", List.of("X-Empty: ", "X-Blank: ", "X-After: z")),
                new Fixture("OWS trimmed around the value, kept inside",
                        crlf("HTTP/1.1 200 OK", "X:  \t a  b \t c \t ", "Y:z", ""),
                        200, "OK", "HTTP/1.1", List.of("X: a  b \t c", "Y: z")),
                new Fixture("obs-text kept as ISO-8859-1",
                        crlf("HTTP/1.1 200 Caf\u00e9", "X: d\u00e9j\u00e0", ""),
                        200, "Caf\u00e9", "HTTP/1.1", List.of("X: d\u00e9j\u00e0")),
                new Fixture("empty lines before the status line skipped (RFC 9112 §2.2)",
                        latin1("\r\n\nHTTP/1.1 200 OK\r\nA: b\r\n\r\n"), 200, "OK", "HTTP/1.1", List.of("A: b")),
                new Fixture("interim 100 Continue",
                        crlf("HTTP/1.1 100 Continue", ""), 100, "Continue", "HTTP/1.1", List.of()),
                new Fixture("status 599, the highest",
                        crlf("HTTP/1.1 599 Edge", ""), 599, "Edge", "HTTP/1.1", List.of()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeads")
    void parsesAWholeHeadAndLeavesTheBody(Fixture f) throws ProtocolException {
        f.assertMatches(H1Bytes.whole(new H1ResponseParser(LIMIT)::parse, f.withBody()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeads")
    void parsesTheSameHeadOneByteAtATime(Fixture f) throws ProtocolException {
        f.assertMatches(H1Bytes.oneByteAtATime(new H1ResponseParser(LIMIT)::parse, f.withBody()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeads")
    void parsesTheSameHeadWhereverItIsSplitInTwo(Fixture f) throws ProtocolException {
        byte[] bytes = f.withBody();
        for (int at = 0; at <= bytes.length; at++) {
            f.assertMatches(H1Bytes.split(new H1ResponseParser(LIMIT)::parse, bytes, at));
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeads")
    void parsesTwiceInARowOnTheSameParser(Fixture f) throws ProtocolException {
        H1ResponseParser parser = new H1ResponseParser(LIMIT);
        f.assertMatches(H1Bytes.oneByteAtATime(parser::parse, f.withBody()));
        parser.reset();
        f.assertMatches(H1Bytes.whole(parser::parse, f.withBody()));
        parser.reset();
        f.assertMatches(H1Bytes.oneByteAtATime(parser::parse, f.withBody()));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("validHeads")
    void parsesFromDirectAndOffsetBuffers(Fixture f) throws ProtocolException {
        byte[] bytes = f.withBody();
        ByteBuffer direct = ByteBuffer.allocateDirect(bytes.length).put(bytes).flip();
        ResponseHead fromDirect = new H1ResponseParser(LIMIT).parse(direct);
        f.assertMatches(new H1Bytes.Parsed<>(fromDirect, direct.remaining()));

        ByteBuffer sliced = ByteBuffer.wrap(concat(latin1("xyz"), bytes)).position(3).slice();
        ResponseHead fromSlice = new H1ResponseParser(LIMIT).parse(sliced);
        f.assertMatches(new H1Bytes.Parsed<>(fromSlice, sliced.remaining()));
    }

    @Test
    void parsesAnInterimAndAFinalHeadFromOneBufferWithoutReset() throws ProtocolException {
        ByteBuffer in = ByteBuffer.wrap(concat(crlf("HTTP/1.1 100 Continue", ""),
                crlf("HTTP/1.1 200 OK", "Content-Length: 5", ""), BODY));
        H1ResponseParser parser = new H1ResponseParser(LIMIT);

        assertThat(parser.parse(in).status()).isEqualTo(100);
        ResponseHead last = parser.parse(in);

        assertThat(last.status()).isEqualTo(200);
        assertThat(fields(last.headers())).containsExactly("Content-Length: 5");
        assertThat(in.remaining()).isEqualTo(BODY.length);
    }

    @Test
    void resetForgetsAPartialHead() throws ProtocolException {
        H1ResponseParser parser = new H1ResponseParser(LIMIT);
        assertThat(parser.parse(ByteBuffer.wrap(latin1("HTTP/1.1 500 Oops\r\nX-Stale: 1\r\nX-Par")))).isNull();

        parser.reset();
        ResponseHead head = parser.parse(ByteBuffer.wrap(crlf("HTTP/1.1 200 OK", "A: b", "")));

        assertThat(head.status()).isEqualTo(200);
        assertThat(fields(head.headers())).containsExactly("A: b");
    }

    @Test
    void returnsNullForAnEmptyBuffer() throws ProtocolException {
        assertThat(new H1ResponseParser(LIMIT).parse(ByteBuffer.allocate(0))).isNull();
    }

    @Test
    void parsesARealWorldChunkedResponseHead() throws ProtocolException {
        byte[] bytes = fixture("nginx-chunked-response.bin");
        H1Bytes.Parsed<ResponseHead> whole = H1Bytes.whole(new H1ResponseParser(LIMIT)::parse, bytes);
        H1Bytes.Parsed<ResponseHead> bytewise = H1Bytes.oneByteAtATime(new H1ResponseParser(LIMIT)::parse, bytes);

        assertThat(fields(whole.result().headers())).containsExactly(
                "Server: nginx/1.27.4", "Date: Tue, 04 Mar 2025 10:00:00 GMT",
                "Content-Type: text/html; charset=utf-8", "Transfer-Encoding: chunked",
                "Connection: keep-alive", "Vary: Accept-Encoding");
        assertThat(fields(bytewise.result().headers())).isEqualTo(fields(whole.result().headers()));
        assertThat(bytewise.left()).isEqualTo(whole.left());
    }

    static Stream<Arguments> malformedHeads() {
        return Stream.of(
                Arguments.of("SSH banner", fixture("ssh-banner-junk.bin"), "not an HTTP/1.x status line"),
                Arguments.of("TLS record", fixture("tls-record-junk.bin"), "not an HTTP/1.x status line"),
                Arguments.of("lower-case version", crlf("http/1.1 200 OK", ""), "not an HTTP/1.x status line"),
                Arguments.of("HTTP/2 version", crlf("HTTP/2 200 OK", ""), "not an HTTP/1.x status line"),
                Arguments.of("two spaces after version", crlf("HTTP/1.1  200 OK", ""), "status: \"\""),
                Arguments.of("status not digits", crlf("HTTP/1.1 abc", ""), "status: \"abc\" (expected: 100..599)"),
                Arguments.of("status 99", crlf("HTTP/1.1 99 Low", ""), "status: \"99\" (expected: 100..599)"),
                Arguments.of("status 600", crlf("HTTP/1.1 600 High", ""), "status: \"600\" (expected: 100..599)"),
                Arguments.of("status of four digits", crlf("HTTP/1.1 2000 OK", ""), "status: \"2000\""),
                Arguments.of("control byte in reason", crlf("HTTP/1.1 200 O\u0000K", ""), "control byte in reason"),
                Arguments.of("header without colon", crlf("HTTP/1.1 200 OK", "NoColon", ""), "header line without colon"),
                Arguments.of("space before colon", crlf("HTTP/1.1 200 OK", "Name : v", ""), "whitespace before colon"),
                Arguments.of("tab before colon", crlf("HTTP/1.1 200 OK", "Name\t: v", ""), "whitespace before colon"),
                Arguments.of("bad name character", crlf("HTTP/1.1 200 OK", "Na(me: v", ""), "bad character in header name"),
                Arguments.of("empty name", crlf("HTTP/1.1 200 OK", ": v", ""), "header line with empty name"),
                Arguments.of("obs-fold", crlf("HTTP/1.1 200 OK", "A: b", "  c", ""), "obs-fold"),
                Arguments.of("whitespace before first field", crlf("HTTP/1.1 200 OK", " A: b", ""), "obs-fold"),
                Arguments.of("NUL in value", crlf("HTTP/1.1 200 OK", "A: b\u0000c", ""), "control byte in header value"),
                Arguments.of("bare CR in value", crlf("HTTP/1.1 200 OK", "A: b\rc", ""), "control byte in header value"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("malformedHeads")
    void refusesAMalformedHead(String name, byte[] bytes, String message) {
        assertThatThrownBy(() -> new H1ResponseParser(LIMIT).parse(ByteBuffer.wrap(bytes)))
                .isInstanceOf(ProtocolException.class).hasMessageContaining(message);
        assertThat(H1Bytes.failureOneByteAtATime(new H1ResponseParser(LIMIT)::parse, bytes))
                .hasMessageContaining(message);
    }

    @Test
    void refusesJunkFromItsFirstByteWithoutWaitingForALineEnd() {
        H1ResponseParser parser = new H1ResponseParser(LIMIT);
        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(new byte[] {0x16})))
                .isInstanceOf(ProtocolException.class).hasMessage("not an HTTP/1.x status line: \".\"");
    }

    @Test
    void refusesAVersionWithoutDigitBeforeItsLineEnd() {
        assertThatThrownBy(() -> new H1ResponseParser(LIMIT).parse(ByteBuffer.wrap(latin1("HTTP/1.x"))))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("not an HTTP/1.x status line");
    }

    @Test
    void acceptsAHeadOfExactlyTheLimit() throws ProtocolException {
        byte[] head = crlf("HTTP/1.1 200 OK", "X: " + "a".repeat(100), "");
        assertThat(H1Bytes.whole(new H1ResponseParser(head.length)::parse, head).left()).isZero();
        assertThat(H1Bytes.oneByteAtATime(new H1ResponseParser(head.length)::parse, head).left()).isZero();
    }

    @Test
    void appliesTheLimitToEachHeadOnItsOwn() throws ProtocolException {
        byte[] head = crlf("HTTP/1.1 200 OK", "X: " + "a".repeat(100), "");
        H1ResponseParser parser = new H1ResponseParser(head.length);
        ByteBuffer in = ByteBuffer.wrap(concat(head, head, head));

        for (int i = 0; i < 3; i++) {
            assertThat(parser.parse(in)).isNotNull();
        }
        assertThat(H1Bytes.oneByteAtATime(parser::parse, head).left()).isZero();
    }

    @Test
    void refusesAHeadOneByteOverTheLimit() {
        byte[] head = crlf("HTTP/1.1 200 OK", "X: " + "a".repeat(100), "");
        int limit = head.length - 1;
        String message = "response head larger than " + limit + " bytes";

        assertThatThrownBy(() -> new H1ResponseParser(limit).parse(ByteBuffer.wrap(concat(head, BODY))))
                .isInstanceOf(ProtocolException.class).hasMessage(message);
        assertThat(H1Bytes.failureOneByteAtATime(new H1ResponseParser(limit)::parse, head)).hasMessage(message);
    }

    @Test
    void refusesAnEndlessLineAsSoonAsItPassesTheLimit() throws ProtocolException {
        H1ResponseParser parser = new H1ResponseParser(64);
        assertThat(parser.parse(ByteBuffer.wrap(latin1("HTTP/1.1 200 OK\r\nX: " + "a".repeat(44))))).isNull();

        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(latin1("a"))))
                .isInstanceOf(ProtocolException.class).hasMessage("response head larger than 64 bytes");
    }

    @Test
    void countsEmptyLinesBeforeTheStatusLineInTheLimit() {
        H1ResponseParser parser = new H1ResponseParser(64);
        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(latin1("\r\n".repeat(33)))))
                .isInstanceOf(ProtocolException.class).hasMessage("response head larger than 64 bytes");
    }

    @Test
    void parsesAgainAfterAFailureAndReset() throws ProtocolException {
        H1ResponseParser parser = new H1ResponseParser(LIMIT);
        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(crlf("HTTP/1.1 200 OK", "Bad Name: x", ""))))
                .isInstanceOf(ProtocolException.class);

        parser.reset();

        assertThat(parser.parse(ByteBuffer.wrap(crlf("HTTP/1.1 204", ""))).status()).isEqualTo(204);
    }

    /** Every valid head parsed right after every other on one parser: the memo of field lines never leaks a line. */
    @Test
    void parsesEveryHeadAfterEveryOtherOnTheSameParser() throws ProtocolException {
        List<Fixture> all = validHeads().toList();
        for (Fixture before : all) {
            for (Fixture f : all) {
                H1ResponseParser parser = new H1ResponseParser(LIMIT);
                H1Bytes.whole(parser::parse, before.withBody());
                parser.reset();
                f.assertMatches(H1Bytes.whole(parser::parse, f.withBody()));
                parser.reset();
                H1Bytes.oneByteAtATime(parser::parse, before.withBody());
                parser.reset();
                f.assertMatches(H1Bytes.oneByteAtATime(parser::parse, f.withBody()));
            }
        }
    }

    @Test
    void aLineThatRepeatsThePreviousHeadsAtItsPlaceGivesTheSameStrings() throws ProtocolException {
        H1ResponseParser parser = new H1ResponseParser(LIMIT);
        ResponseHead first = parser.parse(ByteBuffer.wrap(crlf("HTTP/1.1 200 OK", "Server: nginx/1.22.1",
                "Date: Thu, 26 Nov 2026 01:00:00 GMT", "ETag: \"6925b0a0-c8\"", "")));
        // One byte at a time: the repeated lines are compared from the scratch array.
        ResponseHead second = H1Bytes.oneByteAtATime(parser::parse, crlf("HTTP/1.1 200 OK", "Server: nginx/1.22.1",
                "Date: Thu, 26 Nov 2026 01:00:01 GMT", "ETag: \"6925b0a0-c8\"", "")).result();

        assertThat(fields(second.headers())).containsExactly("Server: nginx/1.22.1",
                "Date: Thu, 26 Nov 2026 01:00:01 GMT", "ETag: \"6925b0a0-c8\"");
        assertThat(second.headers().value(0)).isSameAs(first.headers().value(0));
        assertThat(second.headers().value(2)).isSameAs(first.headers().value(2));
        assertThat(second.headers().value(1)).isNotEqualTo(first.headers().value(1));
    }

    @Test
    void aLineIsComparedWithTheLineAtItsOwnPlaceOnly() throws ProtocolException {
        H1ResponseParser parser = new H1ResponseParser(LIMIT);
        ResponseHead first = parser.parse(ByteBuffer.wrap(crlf("HTTP/1.1 200 OK", "A: 1", "B: 2", "")));

        ResponseHead swapped = parser.parse(ByteBuffer.wrap(crlf("HTTP/1.1 200 OK", "B: 2", "A: 1", "A: 1", "")));
        // Parsed anew, not found at another place: one comparison per line, whatever the head.
        assertThat(swapped.headers().value(0)).isNotSameAs(first.headers().value(1));
        assertThat(swapped.headers().value(1)).isNotSameAs(first.headers().value(0));
        ResponseHead shorter = parser.parse(ByteBuffer.wrap(crlf("HTTP/1.1 200 OK", "B: 2", "")));
        ResponseHead prefix = parser.parse(ByteBuffer.wrap(crlf("HTTP/1.1 200 OK", "B: 22", "")));

        assertThat(fields(swapped.headers())).containsExactly("B: 2", "A: 1", "A: 1");
        assertThat(fields(shorter.headers())).containsExactly("B: 2");
        assertThat(fields(prefix.headers())).containsExactly("B: 22");
    }

    @Test
    void aRefusedLineIsRefusedAgainInTheNextHead() throws ProtocolException {
        H1ResponseParser parser = new H1ResponseParser(LIMIT);
        byte[] bad = crlf("HTTP/1.1 200 OK", "A: 1", "X: a\u0001b", "");
        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(bad))).hasMessageStartingWith("control byte in header value");
        parser.reset();

        assertThatThrownBy(() -> parser.parse(ByteBuffer.wrap(bad))).hasMessageStartingWith("control byte in header value");
        parser.reset();
        assertThat(fields(parser.parse(ByteBuffer.wrap(crlf("HTTP/1.1 200 OK", "A: 1", "X: ab", ""))).headers()))
                .containsExactly("A: 1", "X: ab");
    }

    @Test
    void linesPastTheMemosBoundsAreParsedEveryTime() throws ProtocolException {
        // The long lines are the same over the memo's first MAX_LINE_BYTES bytes and differ after.
        String longValue = "v".repeat(FieldLineMemo.MAX_LINE_BYTES);
        String otherLongValue = "v".repeat(FieldLineMemo.MAX_LINE_BYTES - 1) + "w";
        String[] lines = new String[FieldLineMemo.MAX_LINES + 4];
        lines[0] = "HTTP/1.1 200 OK";
        for (int i = 1; i < lines.length - 1; i++) {
            lines[i] = "F" + i + ": " + i;
        }
        lines[lines.length - 1] = "";
        H1ResponseParser parser = new H1ResponseParser(LIMIT);
        parser.parse(ByteBuffer.wrap(crlf(lines)));
        lines[1] = "L: " + longValue;
        lines[lines.length - 2] = "F-last: changed";
        parser.parse(ByteBuffer.wrap(crlf(lines)));
        lines[1] = "L: " + otherLongValue;

        ResponseHead third = parser.parse(ByteBuffer.wrap(crlf(lines)));

        assertThat(third.headers().value(0)).isEqualTo(otherLongValue);
        assertThat(third.headers().name(lines.length - 3)).isEqualTo("F-last");
        assertThat(third.headers().value(lines.length - 3)).isEqualTo("changed");
        assertThat(third.headers().size()).isEqualTo(lines.length - 2);
    }

    @Test
    void refusesALimitTooSmallForAnyHead() {
        assertThatThrownBy(() -> new H1ResponseParser(1)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("response head limit: 1 (expected: >= 2)");
    }
}
