package dev.weft.mux.h1;

import static dev.weft.mux.h1.H1Bytes.crlf;
import static dev.weft.mux.h1.H1Bytes.fields;
import static dev.weft.mux.h1.H1Bytes.latin1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import dev.weft.http.RequestHead;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

class H1RequestWriterTest {
    private static final int LIMIT = 64 * 1024;

    private static RequestHead head(String method, String target, String... nameValues) {
        HeaderList h = new HeaderList();
        for (int i = 0; i < nameValues.length; i += 2) {
            h.add(nameValues[i], nameValues[i + 1]);
        }
        return new RequestHead(method, target, h);
    }

    private static byte[] written(RequestHead head, ByteBuffer out) {
        int n = H1RequestWriter.write(head, out);
        assertThat(n).isEqualTo(H1RequestWriter.size(head)).isEqualTo(out.position());
        byte[] bytes = new byte[n];
        out.flip().get(bytes);
        return bytes;
    }

    private static void assertSameHead(RequestHead actual, RequestHead expected) {
        assertThat(actual.method()).isEqualTo(expected.method());
        assertThat(actual.target()).isEqualTo(expected.target());
        assertThat(fields(actual.headers())).isEqualTo(fields(expected.headers()));
    }

    @Test
    void writesTheRequestLineFieldsAndEmptyLine() {
        RequestHead head = head("POST", "/a?b=c", "Host", "example.com", "Content-Length", "3", "X-Empty", "");

        byte[] bytes = written(head, ByteBuffer.allocate(256));

        assertThat(bytes).isEqualTo(crlf("POST /a?b=c HTTP/1.1", "Host: example.com", "Content-Length: 3",
                "X-Empty: ", ""));
    }

    @Test
    void writesTheSameBytesIntoADirectBuffer() {
        RequestHead head = head("GET", "/caf\u00e9", "Host", "a", "X", "d\u00e9j\u00e0");

        assertThat(written(head, ByteBuffer.allocateDirect(128)))
                .isEqualTo(written(head, ByteBuffer.allocate(128)))
                .isEqualTo(crlf("GET /caf\u00e9 HTTP/1.1", "Host: a", "X: d\u00e9j\u00e0", ""));
    }

    @Test
    void writesAtTheBufferPositionAndLeavesEarlierBytes() {
        ByteBuffer out = ByteBuffer.allocate(64).put(latin1("prev"));
        int n = H1RequestWriter.write(head("GET", "/", "Host", "a"), out);

        assertThat(latin1(Arrays.copyOf(out.array(), out.position())))
                .isEqualTo("prevGET / HTTP/1.1\r\nHost: a\r\n\r\n");
        assertThat(n).isEqualTo(out.position() - 4);
    }

    @Test
    void throwsBufferOverflowWithoutWritingWhenTheBufferIsTooSmall() {
        RequestHead head = head("GET", "/", "Host", "a");
        ByteBuffer out = ByteBuffer.allocate(H1RequestWriter.size(head) - 1);

        assertThatThrownBy(() -> H1RequestWriter.write(head, out)).isInstanceOf(BufferOverflowException.class);
        assertThat(out.position()).isZero();
    }

    @Test
    void roundTripsThroughTheRequestParserTwiceOnTheSameParser() throws ProtocolException {
        RequestHead head = head("PUT", "/upload?id=7", "Host", "origin:8080", "Transfer-Encoding", "chunked",
                "Set-Cookie", "a=1", "Set-Cookie", "b=2", "X-Empty", "");
        byte[] bytes = written(head, ByteBuffer.allocate(512));
        H1RequestParser parser = new H1RequestParser(LIMIT);

        for (int round = 0; round < 2; round++) {
            assertSameHead(H1Bytes.whole(parser::parse, bytes).result(), head);
            parser.reset();
            assertSameHead(H1Bytes.oneByteAtATime(parser::parse, bytes).result(), head);
            parser.reset();
        }
    }

    @Test
    void roundTripsRandomHeadsWhateverTheSplit() throws ProtocolException {
        Random random = new Random(9112);
        H1RequestParser parser = new H1RequestParser(LIMIT);
        ByteBuffer out = ByteBuffer.allocate(LIMIT);
        for (int i = 0; i < 300; i++) {
            RequestHead head = randomHead(random);
            out.clear();
            byte[] bytes = written(head, out);

            assertSameHead(H1Bytes.split(parser::parse, bytes, random.nextInt(bytes.length + 1)).result(), head);
        }
    }

    private static RequestHead randomHead(Random random) {
        String[] methods = {"GET", "POST", "PURGE", "M-SEARCH"};
        HeaderList h = new HeaderList();
        for (int f = random.nextInt(8); f > 0; f--) {
            h.add(randomText(random, "!#$%&'*+-.^_`|~0123456789AZaz", 1 + random.nextInt(20)),
                    randomValue(random));
        }
        String target = "/" + randomText(random, "abc/?=&%20-._~", random.nextInt(30));
        return new RequestHead(methods[random.nextInt(methods.length)], target, h);
    }

    /** A value without leading or trailing whitespace (which the parser trims as OWS). */
    private static String randomValue(Random random) {
        String inner = randomText(random, "ab \t,;=\"\u00e9\u00ff0", random.nextInt(30));
        return inner.isEmpty() ? inner : "<" + inner + ">";
    }

    private static String randomText(Random random, String alphabet, int length) {
        char[] c = new char[length];
        for (int i = 0; i < length; i++) {
            c[i] = alphabet.charAt(random.nextInt(alphabet.length()));
        }
        return new String(c);
    }
}
