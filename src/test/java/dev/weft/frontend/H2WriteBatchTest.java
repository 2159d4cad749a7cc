package dev.weft.frontend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;
import org.junit.jupiter.api.Test;

class H2WriteBatchTest {
    /** Frame types and flags (RFC 9113 §6). */
    private static final int DATA = 0, HEADERS = 1, SETTINGS = 4, END_STREAM = 1, END_HEADERS = 4;

    /** The connection's socket: records each write(2) as the bytes it carried. */
    private static final class Socket implements DataWriter {
        final List<String> writes = new ArrayList<>();
        RuntimeException failWith;

        @Override
        public void write(BufferData... buffers) {
            writeNow(BufferData.create(buffers));
        }

        @Override
        public void write(BufferData buffer) {
            writeNow(buffer);
        }

        @Override
        public void writeNow(BufferData... buffers) {
            writeNow(BufferData.create(buffers));
        }

        @Override
        public synchronized void writeNow(BufferData buffer) {
            if (failWith != null) {
                throw failWith;
            }
            byte[] bytes = new byte[buffer.available()];
            buffer.read(bytes, 0, bytes.length);
            writes.add(HexFormat.of().formatHex(bytes));
        }
    }

    /** A frame of {@code type} with {@code flags} on stream {@code stream}, {@code length} payload octets of 0xab. */
    private static BufferData frame(int type, int flags, int stream, int length) {
        byte[] b = new byte[9 + length];
        b[0] = (byte) (length >>> 16);
        b[1] = (byte) (length >>> 8);
        b[2] = (byte) length;
        b[3] = (byte) type;
        b[4] = (byte) flags;
        b[5] = (byte) (stream >>> 24);
        b[6] = (byte) (stream >>> 16);
        b[7] = (byte) (stream >>> 8);
        b[8] = (byte) stream;
        java.util.Arrays.fill(b, 9, b.length, (byte) 0xab);
        return BufferData.create(b);
    }

    private static String hex(BufferData... frames) {
        StringBuilder s = new StringBuilder();
        for (BufferData f : frames) {
            byte[] bytes = new byte[f.available()];
            f.read(bytes, 0, bytes.length);
            f.rewind(); // BufferData.copy() would consume it
            s.append(HexFormat.of().formatHex(bytes));
        }
        return s.toString();
    }

    @Test
    void outsideAFinishingSectionEveryFrameIsWrittenAtOnce() {
        Socket socket = new Socket();
        H2WriteBatch batch = new H2WriteBatch(socket);
        BufferData settings = frame(SETTINGS, 0, 0, 6);
        BufferData end = frame(DATA, END_STREAM, 1, 3);
        String settingsHex = hex(settings), endHex = hex(end);
        batch.writeNow(settings);
        assertThat(socket.writes).containsExactly(settingsHex);
        batch.writeNow(end); // a stream's end, but not inside a section: no one would write it later
        assertThat(socket.writes).containsExactly(settingsHex, endHex);
    }

    @Test
    void aSectionHoldsTheFramesThatEndItsStreamUntilItEnds() throws IOException {
        Socket socket = new Socket();
        H2WriteBatch batch = new H2WriteBatch(socket);
        BufferData headers = frame(HEADERS, END_HEADERS, 1, 4);
        BufferData data = frame(DATA, END_STREAM, 1, 5);
        String headersHex = hex(headers), dataHex = hex(data);
        H2WriteBatch.finishing(() -> {
            batch.writeNow(headers); // a body follows: flow control may make it wait, so written now
            assertThat(socket.writes).containsExactly(headersHex);
            batch.writeNow(data);
            assertThat(socket.writes).as("held until the section ends").hasSize(1);
        });
        assertThat(socket.writes).containsExactly(headersHex, dataHex);
    }

    @Test
    void aFrameWrittenAtOnceCarriesTheHeldOnesBeforeIt() throws IOException {
        Socket socket = new Socket();
        H2WriteBatch batch = new H2WriteBatch(socket);
        BufferData end1 = frame(DATA, END_STREAM, 1, 2);
        BufferData noBody3 = frame(HEADERS, END_HEADERS | END_STREAM, 3, 4);
        BufferData headers5 = frame(HEADERS, END_HEADERS, 5, 4);
        String all = hex(end1, noBody3, headers5);
        H2WriteBatch.finishing(() -> {
            batch.writeNow(end1);
            batch.writeNow(noBody3); // HEADERS that end the stream (no body) are held too
            assertThat(socket.writes).isEmpty();
            batch.writeNow(headers5);
        });
        // HPACK: header blocks must reach the client in the order they were encoded
        assertThat(socket.writes).containsExactly(all);
    }

    @Test
    void sectionsEndingTogetherShareOneWrite() throws Exception {
        Socket socket = new Socket();
        H2WriteBatch batch = new H2WriteBatch(socket);
        BufferData end1 = frame(DATA, END_STREAM, 1, 7);
        BufferData end3 = frame(DATA, END_STREAM, 3, 9);
        String both = hex(end1, end3);
        H2WriteBatch.finishing(() -> {
            batch.writeNow(end1);
            // another stream ends while this one's frame is held: it takes the duty and writes both
            Thread other = Thread.ofVirtual().start(() -> {
                try {
                    H2WriteBatch.finishing(() -> batch.writeNow(end3));
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
            });
            try {
                other.join();
            } catch (InterruptedException e) {
                throw new IOException(e);
            }
        });
        assertThat(socket.writes).containsExactly(both);
    }

    @Test
    void aSectionHoldingTooMuchWritesItself() throws IOException {
        Socket socket = new Socket();
        H2WriteBatch batch = new H2WriteBatch(socket);
        List<String> frames = new ArrayList<>();
        H2WriteBatch.finishing(() -> {
            for (int stream = 1; socket.writes.isEmpty(); stream += 2) {
                BufferData f = frame(DATA, END_STREAM, stream, 16 * 1024);
                frames.add(hex(f));
                batch.writeNow(f);
                assertThat(frames.size()).as("64 KiB held at most").isLessThanOrEqualTo(4);
            }
        });
        assertThat(socket.writes).containsExactly(String.join("", frames));
    }

    @Test
    void aFailedWriteFailsEveryLaterWrite() throws IOException {
        Socket socket = new Socket();
        H2WriteBatch batch = new H2WriteBatch(socket);
        socket.failWith = new UncheckedIOException(new IOException("Broken pipe"));
        assertThatThrownBy(() -> H2WriteBatch.finishing(() -> batch.writeNow(frame(DATA, END_STREAM, 1, 1))))
                .isInstanceOf(UncheckedIOException.class);
        socket.failWith = null;
        assertThatThrownBy(() -> batch.writeNow(frame(SETTINGS, 0, 0, 0)))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("Broken pipe");
        assertThat(socket.writes).isEmpty();
    }

    @Test
    void onlyDataAndHeadersWithEndStreamEndAStream() {
        assertThat(H2WriteBatch.endsStream(frame(DATA, END_STREAM, 1, 0))).isTrue();
        assertThat(H2WriteBatch.endsStream(frame(HEADERS, END_HEADERS | END_STREAM, 1, 3))).isTrue();
        assertThat(H2WriteBatch.endsStream(frame(DATA, 0, 1, 3))).isFalse();
        assertThat(H2WriteBatch.endsStream(frame(HEADERS, END_HEADERS, 1, 3))).isFalse();
        assertThat(H2WriteBatch.endsStream(frame(SETTINGS, 1, 0, 0))).as("SETTINGS ACK").isFalse();
        assertThat(H2WriteBatch.endsStream(BufferData.create(new byte[] {0, 0, 0, 0, 1}))).isFalse();
    }
}
