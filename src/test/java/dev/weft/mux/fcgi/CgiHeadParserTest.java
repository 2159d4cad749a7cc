package dev.weft.mux.fcgi;

import dev.weft.http.ProtocolException;
import dev.weft.http.ResponseHead;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** CGI response heads (RFC 3875 §6) from STDOUT, whole and one byte at a time. */
class CgiHeadParserTest {

    private static ResponseHead whole(String text) throws ProtocolException {
        ByteBuffer in = ByteBuffer.wrap(text.getBytes(StandardCharsets.ISO_8859_1));
        ResponseHead head = new CgiHeadParser(4096).feed(in);
        assertThat(head).isNotNull();
        return head;
    }

    @Test
    void takesTheStatusFromTheCgiStatusFieldAndRemovesIt() throws ProtocolException {
        ResponseHead head = whole("Status: 404 Not Found\r\nContent-type: text/html\r\n\r\n");

        assertThat(head.status()).isEqualTo(404);
        assertThat(head.reason()).isEqualTo("Not Found");
        assertThat(head.headers().contains("Status")).isFalse();
        assertThat(head.headers().first("Content-Type")).isEqualTo("text/html");
    }

    @Test
    void givesA302ForALocationWithoutStatus() throws ProtocolException {
        ResponseHead head = whole("Location: /elsewhere\r\n\r\n");

        assertThat(head.status()).isEqualTo(302);
        assertThat(head.headers().first("Location")).isEqualTo("/elsewhere");
    }

    @Test
    void keepsAnExplicitStatusBesideALocation() throws ProtocolException {
        assertThat(whole("Status: 301\nLocation: /x\n\n").status()).isEqualTo(301);
    }

    @Test
    void defaultsTo200AndKeepsRepeatedFieldsInOrder() throws ProtocolException {
        ResponseHead head = whole("Set-Cookie: a=1\nSet-Cookie: b=2\nX-Powered-By: PHP\n\n");

        assertThat(head.status()).isEqualTo(200);
        assertThat(head.headers().all("Set-Cookie")).containsExactly("a=1", "b=2");
    }

    @Test
    void parsesOneByteAtATimeAndLeavesTheBodyBytes() throws ProtocolException {
        byte[] bytes = "Status: 418 I'm a teapot\r\nSet-Cookie: a=1\r\n\r\nbody".getBytes(StandardCharsets.ISO_8859_1);
        CgiHeadParser parser = new CgiHeadParser(4096);
        ResponseHead head = null;
        int at = 0;
        ByteBuffer one = null;
        while (head == null) {
            one = ByteBuffer.wrap(bytes, at++, 1);
            head = parser.feed(one);
        }

        assertThat(head.status()).isEqualTo(418);
        assertThat(head.reason()).isEqualTo("I'm a teapot");
        assertThat(one.hasRemaining()).isFalse();
        assertThat(new String(bytes, at, bytes.length - at, StandardCharsets.ISO_8859_1)).isEqualTo("body");

        ByteBuffer all = ByteBuffer.wrap(bytes);
        new CgiHeadParser(4096).feed(all);
        assertThat(StandardCharsets.ISO_8859_1.decode(all).toString()).isEqualTo("body");
    }

    @Test
    void dropsTransferEncodingBecauseTheProxyFramesTheBody() throws ProtocolException {
        assertThat(whole("Transfer-Encoding: chunked\n\n").headers().contains("Transfer-Encoding")).isFalse();
    }

    @Test
    void refusesLinesWithoutNameBadStatusesAndOversizedHeads() {
        assertThatThrownBy(() -> whole("no colon here\n\n")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("without a name");
        assertThatThrownBy(() -> whole("Status: abc\n\n")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("CGI Status 'abc'");
        assertThatThrownBy(() -> whole("Status: 100 Continue\n\n")).isInstanceOf(ProtocolException.class)
                .hasMessageContaining("200..599");
        assertThatThrownBy(() -> new CgiHeadParser(16).feed(ByteBuffer.wrap("X-Long: 0123456789abcdef\n\n".getBytes())))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("larger than 16");
    }

    @Test
    void refusesNamesThatAreNotTokensAndValuesWithControlBytes() throws ProtocolException {
        for (String head : List.of("X Bad: 1\n\n", "X(Bad): 1\n\n", "X-Caf\u00e9: 1\n\n")) {
            assertThatThrownBy(() -> whole(head)).as(head).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("bad name");
        }
        for (String head : List.of("X-Split: a\rSet-Cookie: b\n\n", "X-Nul: a\u0000b\n\n")) {
            assertThatThrownBy(() -> whole(head)).as(head).isInstanceOf(ProtocolException.class)
                    .hasMessageContaining("control byte");
        }
        // HTAB and obs-text are field-value bytes
        assertThat(whole("X-Tab: a\tb\u00e9\n\n").headers().first("X-Tab")).isEqualTo("a\tb\u00e9");
    }

    @Test
    void returnsNullUntilTheEmptyLine() throws ProtocolException {
        assertThat(new CgiHeadParser(4096).feed(ByteBuffer.wrap("Content-type: a\r\n".getBytes()))).isNull();
    }
}
