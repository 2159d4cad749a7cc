package dev.weft.stream;

import dev.weft.http.HeaderList;
import dev.weft.http.RequestHead;
import dev.weft.http.ResponseHead;
import dev.weft.mux.MuxStream;
import dev.weft.stream.ResponseRelay.ClientWriteException;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * How a body crosses the relay: in pieces as large as the server hands over (up to
 * {@link BodyBuffers#SIZE}), through a buffer borrowed from the pool and always given back.
 */
class ResponseRelayTest {
    private final BodyBuffers buffers = new BodyBuffers(4, 8);

    private static ResponseHead head(long length) {
        HeaderList h = new HeaderList();
        if (length >= 0) {
            h.add("Content-Length", Long.toString(length));
        } else {
            h.add("Transfer-Encoding", "chunked");
        }
        return new ResponseHead(200, "OK", "HTTP/1.1", h);
    }

    private static byte[] bytes(int n, char c) {
        byte[] b = new byte[n];
        Arrays.fill(b, (byte) c);
        return b;
    }

    @Test
    void aWholeSixtyFourKiBBodyHandedOverAtOnceGoesToTheClientInOneWrite() throws Exception {
        byte[] body = bytes(64 * 1024, 'b');
        FakeClient client = new FakeClient();
        ResponseRelay relay = new ResponseRelay(buffers);

        relay.relay(head(body.length), new ScriptedServer(body), client, false);

        // With 16 KiB pieces this was four writes: four transmits and four wake-ups of the client.
        assertThat(client.writes).containsExactly(body.length);
        assertThat(relay.bytes()).isEqualTo(body.length);
        assertThat(client.ended).isTrue();
    }

    @Test
    void aBodyLargerThanOneBufferGoesInBufferSizedPieces() throws Exception {
        byte[] body = bytes(BodyBuffers.SIZE * 2 + 10, 'x');
        FakeClient client = new FakeClient();
        ResponseRelay relay = new ResponseRelay(buffers);

        relay.relay(head(body.length), new ScriptedServer(body), client, false);

        assertThat(client.writes).containsExactly(BodyBuffers.SIZE, BodyBuffers.SIZE, 10);
        assertThat(client.received()).isEqualTo(body);
    }

    @Test
    void theNextResponseBorrowsTheBufferTheLastOneGaveBack() throws Exception {
        FakeClient first = new FakeClient();
        new ResponseRelay(buffers).relay(head(-1), new ScriptedServer(bytes(5000, 'a')), first, false);
        assertThat(buffers.idle()).isEqualTo(1);

        FakeClient second = new FakeClient();
        new ResponseRelay(buffers).relay(head(9000), new ScriptedServer(bytes(9000, 'b')), second, false);

        assertThat(second.arrays).hasSize(1);
        assertThat(second.arrays.getFirst()).isSameAs(first.arrays.getFirst());
        assertThat(buffers.idle()).isEqualTo(1);
    }

    @Test
    void aClientThatGoesAwayMidBodyStillGivesTheBufferBack() {
        FakeClient client = new FakeClient();
        client.failAfterWrites = 1;
        byte[] body = bytes(BodyBuffers.SIZE * 3, 'c');

        assertThatThrownBy(() -> new ResponseRelay(buffers).relay(head(body.length), new ScriptedServer(body), client, false))
                .isInstanceOf(ClientWriteException.class);

        assertThat(buffers.idle()).isEqualTo(1);
    }

    @Test
    void thePoolKeepsNoMoreIdleBuffersThanItsBound() {
        BodyBuffers pool = new BodyBuffers(2, 8);
        List<ByteBuffer> taken = new ArrayList<>();
        for (int i = 0; i < 5; i++) {
            taken.add(pool.take(-1));
        }
        assertThat(taken.stream().map(ByteBuffer::array).distinct()).hasSize(5); // arrays compare by identity
        assertThat(pool.lent()).isEqualTo(5);
        taken.forEach(b -> b.put(new byte[100])); // used: a buffer lent again must come back empty
        taken.forEach(pool::give);

        assertThat(pool.idle()).isEqualTo(2);
        assertThat(pool.lent()).isZero();
        ByteBuffer again = pool.take(-1);
        assertThat(again.position()).isZero();
        assertThat(again.remaining()).isEqualTo(BodyBuffers.SIZE);
    }

    @Test
    void onlyKnownLengthsUpToTwoKiBGetABufferOfTheirOwn() throws Exception {
        FakeClient atLimit = new FakeClient();
        new ResponseRelay(buffers).relay(head(2048), new ScriptedServer(bytes(2048, 'e')), atLimit, false);
        assertThat(atLimit.arrays.getFirst()).hasSize(2048);
        assertThat(buffers.idle()).isZero();

        FakeClient past = new FakeClient();
        new ResponseRelay(buffers).relay(head(2049), new ScriptedServer(bytes(2049, 'f')), past, false);
        assertThat(past.arrays.getFirst()).hasSize(BodyBuffers.SIZE);
        assertThat(buffers.idle()).isEqualTo(1);
    }

    @Test
    void aPoolThatKeepsMoreThanItLendsIsRefused() {
        assertThatThrownBy(() -> new BodyBuffers(8, 4)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void pastItsLendingBoundBodiesGetSmallBuffersOfTheirOwn() throws Exception {
        BodyBuffers pool = new BodyBuffers(2, 2);
        ByteBuffer a = pool.take(-1);
        ByteBuffer b = pool.take(-1);

        // Many slow clients at once pin 16 KiB each past the bound, not 64 KiB.
        FakeClient client = new FakeClient();
        byte[] body = bytes(BodyBuffers.SIZE, 'd');
        new ResponseRelay(pool).relay(head(body.length), new ScriptedServer(body), client, false);

        assertThat(client.writes).containsExactly(BodyBuffers.SMALL, BodyBuffers.SMALL, BodyBuffers.SMALL, BodyBuffers.SMALL);
        assertThat(client.received()).isEqualTo(body);
        assertThat(pool.lent()).isEqualTo(2);
        assertThat(pool.idle()).as("a small buffer is not kept").isZero();

        pool.give(a);
        pool.give(b);
        assertThat(pool.lent()).isZero();
        assertThat(pool.take(-1).capacity()).isEqualTo(BodyBuffers.SIZE);
    }

    /** A server whose response body is {@code body}, handed over in pieces as large as the caller's buffer. */
    private static final class ScriptedServer implements MuxStream {
        private final byte[] body;
        private int at;

        ScriptedServer(byte[] body) {
            this.body = body;
        }

        public void sendHead(RequestHead head, long bodyLength) { }
        public void sendBody(ByteBuffer data, boolean last) { }
        public ResponseHead receiveHead() { throw new UnsupportedOperationException(); }

        public int receiveBody(ByteBuffer into) {
            if (at == body.length) {
                return -1;
            }
            int n = Math.min(into.remaining(), body.length - at);
            into.put(body, at, n);
            at += n;
            return n;
        }

        public HeaderList trailers() { return new HeaderList(); }
        public boolean requestStarted() { return true; }
        public boolean responseStarted() { return true; }
        public boolean reusedConnection() { return false; }
    }

    /** A client that records each body write's size and array, and may fail a write. */
    private static final class FakeClient implements ClientExchange {
        final List<Integer> writes = new ArrayList<>();
        final List<byte[]> arrays = new ArrayList<>();
        private final Deque<byte[]> copies = new ArrayDeque<>();
        int failAfterWrites = -1;
        boolean ended;

        byte[] received() {
            byte[] all = new byte[copies.stream().mapToInt(b -> b.length).sum()];
            int at = 0;
            for (byte[] b : copies) {
                System.arraycopy(b, 0, all, at, b.length);
                at += b.length;
            }
            return all;
        }

        public RequestHead head() { return new RequestHead("GET", "/", new HeaderList()); }
        public long bodyLength() { return 0; }
        public int readBody(byte[] into, int off, int len) { return -1; }
        public String clientAddress() { return "127.0.0.1:1"; }
        public String clientIp() { return "127.0.0.1"; }
        public boolean firstOfSession() { return true; }
        public String protocol() { return "HTTP/1.1"; }
        public void sendHead(int status, String reason, HeaderList headers, long contentLength) { }

        public void writeBody(byte[] data, int off, int len) throws IOException {
            if (writes.size() == failAfterWrites) {
                throw new IOException("client went away");
            }
            writes.add(len);
            arrays.add(data);
            copies.add(Arrays.copyOfRange(data, off, off + len));
        }

        public void end() { ended = true; }
        public void sendError(int status, boolean close) { }
        public RuntimeException abortResponse(String why) { return new IllegalStateException(why); }
        public boolean watchClose(Runnable onClose) { return false; }
        public boolean closeWatchable() { return false; }
        public void closeAfterResponse() { }
        public void sendTrailers(HeaderList trailers) { }
    }
}
