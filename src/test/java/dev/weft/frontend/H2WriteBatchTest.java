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
    private static class Socket implements DataWriter {
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

    /** Flushers started by the batch, run when the test says (the streams ready before them run first). */
    private static final class Flushers implements java.util.concurrent.Executor {
        final List<Runnable> started = new ArrayList<>();

        @Override
        public void execute(Runnable flusher) {
            started.add(flusher);
        }

        void runAll() {
            List<Runnable> now = List.copyOf(started);
            started.clear();
            now.forEach(Runnable::run);
        }
    }

    private final Socket socket = new Socket();
    private final Flushers flushers = new Flushers();
    private final java.util.concurrent.atomic.AtomicInteger socketClosed = new java.util.concurrent.atomic.AtomicInteger();
    private final H2WriteBatch batch = new H2WriteBatch(socket, flushers, null, null, socketClosed::incrementAndGet);

    @Test
    void outsideAFinishingSectionEveryFrameIsWrittenAtOnce() {
        BufferData settings = frame(SETTINGS, 0, 0, 6);
        BufferData data = frame(DATA, END_STREAM, 1, 3);
        String settingsHex = hex(settings), dataHex = hex(data);
        batch.writeNow(settings);
        assertThat(socket.writes).containsExactly(settingsHex);
        batch.writeNow(data);
        assertThat(socket.writes).containsExactly(settingsHex, dataHex);
        assertThat(flushers.started).isEmpty();
    }

    @Test
    void aSectionsFramesAreHeldForOneFlusherThatWritesThemInOneCall() throws IOException {
        BufferData headers = frame(HEADERS, END_HEADERS, 1, 4);
        BufferData data = frame(DATA, END_STREAM, 1, 5);
        String both = hex(headers, data);
        H2WriteBatch.finishing(() -> {
            batch.writeNow(headers);
            batch.writeNow(data);
        });
        assertThat(socket.writes).as("held past the section's end").isEmpty();
        assertThat(flushers.started).hasSize(1);
        flushers.runAll();
        assertThat(socket.writes).containsExactly(both);
    }

    @Test
    void streamsEndingTogetherShareOneWrite() throws IOException {
        String all = "";
        for (int stream = 1; stream <= 9; stream += 2) {
            BufferData headers = frame(HEADERS, END_HEADERS, stream, 3);
            BufferData data = frame(DATA, END_STREAM, stream, stream);
            all += hex(headers, data);
            H2WriteBatch.finishing(() -> {
                batch.writeNow(headers);
                batch.writeNow(data);
            });
        }
        assertThat(flushers.started).as("one flusher for all").hasSize(1);
        flushers.runAll();
        assertThat(socket.writes).containsExactly(all);
    }

    @Test
    void theFlusherWritesWhileASectionStillWaits() throws IOException {
        // a stream whose DATA waits for a WINDOW_UPDATE the client sends only once it has seen
        // the HEADERS: the flusher, not the end of the section, writes them
        BufferData headers = frame(HEADERS, END_HEADERS, 1, 4);
        String headersHex = hex(headers);
        H2WriteBatch.finishing(() -> {
            batch.writeNow(headers);
            flushers.runAll(); // the section is blocked here, the flusher runs
            assertThat(socket.writes).containsExactly(headersHex);
        });
    }

    @Test
    void aFrameWrittenAtOnceCarriesTheHeldOnesBeforeIt() throws IOException {
        BufferData end1 = frame(DATA, END_STREAM, 1, 2);
        BufferData headers3 = frame(HEADERS, END_HEADERS, 3, 4);
        BufferData ping = frame(6, 1, 0, 8);
        String all = hex(end1, headers3, ping);
        H2WriteBatch.finishing(() -> {
            batch.writeNow(end1);
            batch.writeNow(headers3);
        });
        batch.writeNow(ping); // e.g. the connection's thread acknowledging a PING
        // HPACK: header blocks must reach the client in the order they were encoded
        assertThat(socket.writes).containsExactly(all);
        flushers.runAll();
        assertThat(socket.writes).as("nothing left for the flusher").hasSize(1);
    }

    @Test
    void flushWritesWhatIsHeldAtOnce() throws IOException {
        BufferData data = frame(DATA, END_STREAM, 1, 5);
        String dataHex = hex(data);
        H2WriteBatch.finishing(() -> batch.writeNow(data));
        batch.flush(); // the connection ends: Helidon closes the socket next
        assertThat(socket.writes).containsExactly(dataHex);
    }

    @Test
    void aSectionHoldingTooMuchWritesItself() throws IOException {
        List<String> frames = new ArrayList<>();
        H2WriteBatch.finishing(() -> {
            for (int stream = 1; socket.writes.isEmpty() && frames.size() < 100; stream += 2) {
                BufferData f = frame(DATA, END_STREAM, stream, 16 * 1024);
                frames.add(hex(f));
                batch.writeNow(f);
            }
        });
        int frameBytes = 9 + 16 * 1024;
        assertThat(frames).as("written by the frame that reached MAX_HELD")
                .hasSize((H2WriteBatch.MAX_HELD + frameBytes - 1) / frameBytes);
        assertThat(socket.writes).containsExactly(String.join("", frames));
    }

    @Test
    void aFailedWriteClosesTheSocketAndFailsEveryLaterWrite() throws IOException {
        socket.failWith = new UncheckedIOException(new IOException("Broken pipe"));
        H2WriteBatch.finishing(() -> batch.writeNow(frame(DATA, END_STREAM, 1, 1)));
        flushers.runAll(); // fails, with no stream left to tell: the client must see the connection end
        assertThat(socketClosed).hasValue(1);
        socket.failWith = null;
        assertThatThrownBy(() -> batch.writeNow(frame(SETTINGS, 0, 0, 0)))
                .isInstanceOf(UncheckedIOException.class).hasMessageContaining("Broken pipe");
        assertThatThrownBy(batch::flush).isInstanceOf(UncheckedIOException.class);
        assertThat(socket.writes).isEmpty();
    }

    @Test
    void whenNoFlusherCanStartTheHoldingThreadWrites() throws IOException {
        H2WriteBatch noThreads = new H2WriteBatch(socket, r -> {
            throw new java.util.concurrent.RejectedExecutionException("shutting down");
        }, null, null, socketClosed::incrementAndGet);
        BufferData data = frame(DATA, END_STREAM, 1, 5);
        String dataHex = hex(data);
        H2WriteBatch.finishing(() -> noThreads.writeNow(data));
        assertThat(socket.writes).containsExactly(dataHex);
    }

    @Test
    void theFlushersWriteIsCutByTheClientTimeout() throws Exception {
        // a client that reads nothing: the socket write blocks until the watchdog's interrupt
        java.util.concurrent.CompletableFuture<Thread> writer = new java.util.concurrent.CompletableFuture<>();
        DataWriter stuck = new Socket() {
            @Override
            public synchronized void writeNow(BufferData buffer) {
                writer.complete(Thread.currentThread());
                try {
                    wait();
                } catch (InterruptedException e) {
                    throw new UncheckedIOException(new java.io.InterruptedIOException("closed by timeout.client"));
                }
            }
        };
        List<Thread> flusherThreads = new java.util.concurrent.CopyOnWriteArrayList<>();
        try (dev.weft.stream.IoWatchdog watchdog = new dev.weft.stream.IoWatchdog()) {
            H2WriteBatch slow = new H2WriteBatch(stuck, r -> flusherThreads.add(Thread.ofVirtual().start(r)),
                    watchdog, java.time.Duration.ofMillis(50), socketClosed::incrementAndGet);
            H2WriteBatch.finishing(() -> slow.writeNow(frame(DATA, END_STREAM, 1, 1)));
            assertThat(writer.get(20, java.util.concurrent.TimeUnit.SECONDS)).as("the flusher writes")
                    .isSameAs(flusherThreads.getFirst());
            flusherThreads.getFirst().join(java.time.Duration.ofSeconds(20)); // cut by the deadline
            assertThat(flusherThreads.getFirst().isAlive()).isFalse();
            assertThat(socketClosed).hasValue(1);
            assertThatThrownBy(() -> slow.writeNow(frame(SETTINGS, 0, 0, 0)))
                    .isInstanceOf(UncheckedIOException.class).hasMessageContaining("timeout.client");
        }
    }
}
