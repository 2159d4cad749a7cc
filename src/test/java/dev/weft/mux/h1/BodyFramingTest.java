package dev.weft.mux.h1;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import dev.weft.http.RequestHead;
import dev.weft.http.ResponseHead;
import dev.weft.mux.h1.BodyFraming.Kind;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class BodyFramingTest {

    private static HeaderList fields(String... nameValues) {
        HeaderList h = new HeaderList();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        return h;
    }

    private static ResponseHead response(int status, String... nameValues) {
        return new ResponseHead(status, "", "HTTP/1.1", fields(nameValues));
    }

    static Stream<Arguments> responses() {
        return Stream.of(
                Arguments.of("HEAD request", "HEAD", response(200, "Content-Length", "10"), Kind.NONE, 0),
                Arguments.of("HEAD with chunked", "HEAD", response(200, "Transfer-Encoding", "chunked"), Kind.NONE, 0),
                Arguments.of("204", "GET", response(204, "Content-Length", "10"), Kind.NONE, 0),
                Arguments.of("304", "GET", response(304, "Transfer-Encoding", "chunked"), Kind.NONE, 0),
                Arguments.of("100 Continue", "POST", response(100), Kind.NONE, 0),
                Arguments.of("103 Early Hints", "GET", response(103, "Link", "</a.css>"), Kind.NONE, 0),
                Arguments.of("chunked", "GET", response(200, "Transfer-Encoding", "chunked"), Kind.CHUNKED, -1),
                Arguments.of("chunked, any case", "GET", response(200, "transfer-encoding", "Chunked"), Kind.CHUNKED, -1),
                Arguments.of("TE wins over CL", "GET",
                        response(200, "Content-Length", "10", "Transfer-Encoding", "chunked"), Kind.CHUNKED, -1),
                Arguments.of("gzip then chunked", "GET", response(200, "Transfer-Encoding", "gzip, chunked"), Kind.CHUNKED, -1),
                Arguments.of("codings over two fields", "GET",
                        response(200, "Transfer-Encoding", "gzip", "Transfer-Encoding", " chunked "), Kind.CHUNKED, -1),
                Arguments.of("empty list elements ignored", "GET",
                        response(200, "Transfer-Encoding", " , chunked,"), Kind.CHUNKED, -1),
                Arguments.of("chunked not last", "GET", response(200, "Transfer-Encoding", "chunked, gzip"), Kind.UNTIL_CLOSE, -1),
                Arguments.of("TE without chunked", "GET", response(200, "Transfer-Encoding", "gzip"), Kind.UNTIL_CLOSE, -1),
                Arguments.of("Content-Length", "GET", response(200, "Content-Length", "10"), Kind.LENGTH, 10),
                Arguments.of("Content-Length with OWS", "GET", response(200, "Content-Length", " 42\t"), Kind.LENGTH, 42),
                Arguments.of("identical values in one field", "GET",
                        response(200, "Content-Length", "10, 10"), Kind.LENGTH, 10),
                Arguments.of("identical values in two fields", "GET",
                        response(200, "Content-Length", "10", "content-length", "10"), Kind.LENGTH, 10),
                Arguments.of("largest length", "GET",
                        response(200, "Content-Length", "999999999999999999"), Kind.LENGTH, 999_999_999_999_999_999L),
                Arguments.of("Content-Length 0", "GET", response(200, "Content-Length", "0"), Kind.NONE, 0),
                Arguments.of("no framing field", "GET", response(200, "Content-Type", "text/plain"), Kind.UNTIL_CLOSE, -1),
                Arguments.of("HTTP/1.0 without framing", "GET",
                        new ResponseHead(200, "OK", "HTTP/1.0", fields()), Kind.UNTIL_CLOSE, -1));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("responses")
    void framesAResponseBodyAsRfc9112Section6Point3Says(String name, String method, ResponseHead head, Kind kind,
            long length) throws ProtocolException {
        assertThat(BodyFraming.ofResponse(method, head)).isEqualTo(new BodyFraming(kind, length));
    }

    static Stream<Arguments> badResponses() {
        return Stream.of(
                Arguments.of("conflicting fields", response(200, "Content-Length", "10", "Content-Length", "11"),
                        "Content-Length: conflicting values 10 and 11"),
                Arguments.of("conflicting list", response(200, "Content-Length", "10, 12"), "conflicting values 10 and 12"),
                Arguments.of("not digits", response(200, "Content-Length", "abc"), "Content-Length: \"abc\" (expected: 1 to 18 digits)"),
                Arguments.of("negative", response(200, "Content-Length", "-1"), "expected: 1 to 18 digits"),
                Arguments.of("plus sign", response(200, "Content-Length", "+5"), "expected: 1 to 18 digits"),
                Arguments.of("inner space", response(200, "Content-Length", "1 0"), "expected: 1 to 18 digits"),
                Arguments.of("empty", response(200, "Content-Length", ""), "expected: 1 to 18 digits"),
                Arguments.of("empty element", response(200, "Content-Length", "10,"), "expected: 1 to 18 digits"),
                Arguments.of("hex", response(200, "Content-Length", "0x10"), "expected: 1 to 18 digits"),
                Arguments.of("19 digits", response(200, "Content-Length", "1000000000000000000"), "expected: 1 to 18 digits"),
                Arguments.of("chunked twice", response(200, "Transfer-Encoding", "chunked, chunked"),
                        "Transfer-Encoding: chunked applied 2 times (expected: once)"),
                Arguments.of("chunked twice over fields",
                        response(200, "Transfer-Encoding", "chunked", "Transfer-Encoding", "chunked"), "applied 2 times"),
                Arguments.of("empty TE", response(200, "Transfer-Encoding", " "), "(expected: a transfer coding)"),
                Arguments.of("TE in HTTP/1.0", new ResponseHead(200, "OK", "HTTP/1.0",
                        fields("Transfer-Encoding", "chunked")), "Transfer-Encoding in an HTTP/1.0 response"));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("badResponses")
    void refusesUnusableResponseFraming(String name, ResponseHead head, String message) {
        assertThatThrownBy(() -> BodyFraming.ofResponse("GET", head))
                .isInstanceOf(ProtocolException.class).hasMessageContaining(message);
    }

    static Stream<Arguments> requests() {
        return Stream.of(
                Arguments.of("chunked", fields("Transfer-Encoding", "chunked"), Kind.CHUNKED, -1),
                Arguments.of("TE wins over CL", fields("Content-Length", "5", "Transfer-Encoding", "chunked"), Kind.CHUNKED, -1),
                Arguments.of("Content-Length", fields("Content-Length", "5"), Kind.LENGTH, 5),
                Arguments.of("Content-Length 0", fields("Content-Length", "0"), Kind.NONE, 0),
                Arguments.of("no framing field", fields("Host", "a"), Kind.NONE, 0));
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("requests")
    void framesARequestBodyAndNeverUntilClose(String name, HeaderList headers, Kind kind, long length)
            throws ProtocolException {
        assertThat(BodyFraming.ofRequest(new RequestHead("POST", "/", headers))).isEqualTo(new BodyFraming(kind, length));
    }

    @Test
    void refusesARequestWhoseFinalCodingIsNotChunked() {
        RequestHead head = new RequestHead("POST", "/", fields("Transfer-Encoding", "chunked, gzip"));
        assertThatThrownBy(() -> BodyFraming.ofRequest(head)).isInstanceOf(ProtocolException.class)
                .hasMessage("request Transfer-Encoding: [chunked, gzip] (expected: chunked as the final coding)");
    }

    @Test
    void refusesARequestWithConflictingLengths() {
        RequestHead head = new RequestHead("POST", "/", fields("Content-Length", "5", "Content-Length", "6"));
        assertThatThrownBy(() -> BodyFraming.ofRequest(head)).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("conflicting values 5 and 6");
    }

    @Test
    void ofLengthGivesNoneForZero() {
        assertThat(BodyFraming.ofLength(0).kind()).isEqualTo(Kind.NONE);
        assertThat(BodyFraming.ofLength(7)).isEqualTo(new BodyFraming(Kind.LENGTH, 7));
    }

    @Test
    void refusesALengthThatDoesNotMatchItsKind() {
        assertThatThrownBy(() -> new BodyFraming(Kind.LENGTH, 0)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("length: 0 (expected: LENGTH >= 1)");
        assertThatThrownBy(() -> new BodyFraming(Kind.CHUNKED, 5)).isInstanceOf(IllegalArgumentException.class)
                .hasMessage("length: 5 (expected: CHUNKED -1)");
    }
}
