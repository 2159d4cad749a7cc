package dev.weft.http;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class HopByHopTest {

    @Test
    void removesTheFixedHopByHopFieldsButKeepsTrailerWhichIsEndToEnd() {
        HeaderList h = new HeaderList()
                .add("Host", "a")
                .add("Connection", "keep-alive")
                .add("Keep-Alive", "timeout=5")
                .add("Proxy-Connection", "keep-alive")
                .add("TE", "trailers")
                .add("Trailer", "X-Sum")
                .add("Transfer-Encoding", "chunked")
                .add("Upgrade", "h2c")
                .add("Accept", "*/*");
        HopByHop.strip(h);
        assertThat(h.toString()).isEqualTo("Host: a\nTrailer: X-Sum\nAccept: */*\n");
    }

    @Test
    void removesTheFieldsNamedInConnectionWhateverTheirCase() {
        HeaderList h = new HeaderList()
                .add("Connection", "close, X-Secret")
                .add("connection", " x-other ")
                .add("x-secret", "1")
                .add("X-Other", "2")
                .add("X-Kept", "3");
        HopByHop.strip(h);
        assertThat(h.toString()).isEqualTo("X-Kept: 3\n");
    }

    @Test
    void keepsEndToEndFieldsInOrderWithDuplicates() {
        HeaderList h = new HeaderList()
                .add("Set-Cookie", "a=1")
                .add("Set-Cookie", "b=2")
                .add("Proxy-Authorization", "Basic x");
        HopByHop.strip(h);
        assertThat(h.all("set-cookie")).containsExactly("a=1", "b=2");
        assertThat(h.contains("Proxy-Authorization")).isTrue();
    }

    @Test
    void keepsNamesThatOnlyShareALengthWithAHopByHopFieldAndMatchesAnyCase() {
        HeaderList h = new HeaderList()
                .add("TX", "kept: 2 chars like TE")
                .add("TRANSFER-ENCODING", "chunked")
                .add("Content", "kept: 7 chars like Upgrade")
                .add("x-trace-id", "kept: 10 chars like Connection")
                .add("upgrade", "websocket")
                .add("Connection", ", ,X-A,")
                .add("x-a", "named with empty tokens around it")
                .add("Proxy-Authorize", "kept: 15 chars");
        HopByHop.strip(h);
        assertThat(h.toString()).isEqualTo("TX: kept: 2 chars like TE\nContent: kept: 7 chars like Upgrade\n"
                + "x-trace-id: kept: 10 chars like Connection\nProxy-Authorize: kept: 15 chars\n");
    }

    @Test
    void removesAFieldNamedInConnectionBesideTokensThatNameFixedHopByHopFields() {
        HeaderList h = new HeaderList()
                .add("Connection", " keep-alive , X-Trace-Id,TE,upgrade")
                .add("connection", "Connection, X-Other-10")
                .add("x-trace-id", "10 chars, as keep-alive: named, so removed")
                .add("X-OTHER-10", "10 chars after a 10-char token: named, so removed")
                .add("Keep-Alive", "timeout=5")
                .add("X-Kept", "3");
        HopByHop.strip(h);
        assertThat(h.toString()).isEqualTo("X-Kept: 3\n");
    }
}
