package dev.weft.mux.h2;

import dev.weft.mux.MuxException;
import dev.weft.stream.IoWatchdog;

import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/**
 * weft's HTTP/2 client connection against a scripted server on a loopback socket: the test reads
 * the frames weft writes, byte for byte, and writes the server's frames whole or one byte at a time.
 */
class H2SessionTest {
    private static final long WAIT_SECONDS = 10;
    /** HPACK (RFC 7541): {@code :status 200}, static table index 8. */
    private static final byte STATUS_200 = (byte) 0x88;

    private final IoWatchdog watchdog = new IoWatchdog();
    /** The session's response-head limit, which also sizes its request-head buffer. */
    private int maxHead = 8192;
    private final BlockingQueue<H2Session> ended = new LinkedBlockingQueue<>();
    private ServerSocket listener;
    private Peer peer;
    private H2Session session;

    @AfterEach
    void close() throws IOException {
        if (session != null) {
            session.close();
        }
        if (peer != null) {
            peer.socket.close();
        }
        if (listener != null) {
            listener.close();
        }
        watchdog.close();
    }

    /** A frame weft wrote. */
    record Frame(int length, int type, int flags, int stream, byte[] payload) {
        int int32(int at) {
            return ByteBuffer.wrap(payload).getInt(at);
        }
    }

    /** The server side of the socket. */
    static final class Peer {
        final Socket socket;
        final DataInputStream in;
        final OutputStream out;
        final boolean byteAtATime;

        Peer(Socket socket, boolean byteAtATime) throws IOException {
            this.socket = socket;
            this.in = new DataInputStream(socket.getInputStream());
            this.out = socket.getOutputStream();
            this.byteAtATime = byteAtATime;
        }

        byte[] read(int n) throws IOException {
            byte[] b = new byte[n];
            in.readFully(b);
            return b;
        }

        Frame frame() throws IOException {
            byte[] h = read(9);
            int length = (h[0] & 0xff) << 16 | (h[1] & 0xff) << 8 | h[2] & 0xff;
            int stream = ByteBuffer.wrap(h, 5, 4).getInt() & 0x7fffffff;
            return new Frame(length, h[3], h[4] & 0xff, stream, read(length));
        }

        /** Writes a frame: whole, or one byte per write (each its own TCP segment: TCP_NODELAY). */
        void send(int type, int flags, int stream, byte... payload) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(9 + payload.length);
            H2Frames.header(b, payload.length, type, flags, stream);
            b.put(payload);
            if (byteAtATime) {
                for (byte x : b.array()) {
                    out.write(x);
                    out.flush();
                }
            } else {
                out.write(b.array());
            }
        }

        void settings(int... keyValues) throws IOException {
            ByteBuffer b = ByteBuffer.allocate(keyValues.length * 3);
            for (int i = 0; i < keyValues.length; i += 2) {
                b.putShort((short) keyValues[i]).putInt(keyValues[i + 1]);
            }
            send(H2Frames.SETTINGS, 0, 0, b.array());
        }
    }

    /**
     * What the session told a stream, in order, as text. DATA is told as one event per frame's
     * end of stream, bytes and credit summed: Jetty's parser hands over a frame in pieces when
     * its bytes arrive in pieces.
     */
    static final class Recorder implements H2Session.Listener {
        final BlockingQueue<String> events = new LinkedBlockingQueue<>();
        final StringBuilder data = new StringBuilder();
        int credit;
        int id;

        @Override
        public void opened(int streamId) {
            id = streamId;
        }

        @Override
        public void onHeaders(HeadersFrame frame) {
            MetaData md = frame.getMetaData();
            events.add("headers " + (md.isResponse() ? ((MetaData.Response) md).getStatus() : "trailers")
                    + (frame.isEndStream() ? " end" : ""));
        }

        @Override
        public void onData(byte[] bytes, int credit, boolean last) {
            data.append(new String(bytes, StandardCharsets.US_ASCII));
            this.credit += credit;
            if (last) {
                events.add("data " + data + " credit " + this.credit + " end");
            }
        }

        @Override
        public void onAbort(String why, int error, boolean notProcessed) {
            events.add("abort " + error + (notProcessed ? " not-processed" : ""));
        }

        String next() throws InterruptedException {
            String e = events.poll(WAIT_SECONDS, TimeUnit.SECONDS);
            assertThat(e).as("an event within %d s", WAIT_SECONDS).isNotNull();
            return e;
        }
    }

    private static MetaData.Request get(String path) {
        return new MetaData.Request("GET", HttpURI.from("http://localhost" + path), HttpVersion.HTTP_2, HttpFields.EMPTY);
    }

    /**
     * Connects weft to a new scripted server, which checks the preface byte for byte and sends
     * {@code settings}; returns once weft has acknowledged them.
     */
    private void open(boolean byteAtATime, Duration writeTimeout, int... settings) throws Exception {
        listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
        CompletableFuture<H2Session> connecting = CompletableFuture.supplyAsync(() -> {
            try {
                return H2Session.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), listener.getLocalPort()),
                        Duration.ofSeconds(WAIT_SECONDS), writeTimeout, maxHead, watchdog, ended::add);
            } catch (MuxException e) {
                throw new IllegalStateException(e);
            }
        });
        Socket s = listener.accept();
        s.setTcpNoDelay(true);
        peer = new Peer(s, byteAtATime);
        byte[] preface = H2Frames.preface(H2Session.STREAM_WINDOW, H2Session.SESSION_WINDOW);
        assertThat(peer.read(preface.length)).isEqualTo(preface);
        peer.settings(settings);
        session = connecting.get(WAIT_SECONDS, TimeUnit.SECONDS);
        Frame ack = peer.frame();
        assertThat(ack.type()).isEqualTo(H2Frames.SETTINGS);
        assertThat(ack.flags()).isEqualTo(H2Frames.ACK);
        assertThat(ack.length()).isZero();
    }

    @ParameterizedTest(name = "one byte at a time: {0}")
    @ValueSource(booleans = {false, true})
    void aResponseIsHandedToItsStream(boolean byteAtATime) throws Exception {
        open(byteAtATime, Duration.ofSeconds(WAIT_SECONDS), 0x3, 10);
        assertThat(session.maxStreams()).isEqualTo(10);
        Recorder stream = new Recorder();

        assertThat(session.newStream(get("/a"), true, stream)).isEqualTo(1);
        Frame headers = peer.frame();
        assertThat(headers.type()).isEqualTo(H2Frames.HEADERS);
        assertThat(headers.flags()).isEqualTo(H2Frames.END_HEADERS | H2Frames.END_STREAM);
        assertThat(headers.stream()).isEqualTo(1);

        peer.send(H2Frames.HEADERS, H2Frames.END_HEADERS, 1, STATUS_200);
        peer.send(H2Frames.DATA, 0, 1, "hel".getBytes(StandardCharsets.US_ASCII));
        // PADDED: pad length 2, "lo", two bytes of padding: the credit counts all five
        peer.send(H2Frames.DATA, 0x8 | H2Frames.END_STREAM, 1, (byte) 2, (byte) 'l', (byte) 'o', (byte) 0, (byte) 0);

        assertThat(stream.next()).isEqualTo("headers 200");
        assertThat(stream.next()).as("3 bytes, then 2 with a pad length byte and 2 of padding").isEqualTo("data hello credit 8 end");
        assertThat(stream.id).isEqualTo(1);
        assertThat(session.newStream(get("/b"), true, new Recorder())).as("the next stream's id").isEqualTo(3);
    }

    /** A GET whose header block is far past one frame: a 40,000-byte value that Huffman coding does not shrink much. */
    private static MetaData.Request bigGet() {
        return new MetaData.Request("GET", HttpURI.from("http://localhost/big"), HttpVersion.HTTP_2,
                HttpFields.build().add("x-big", "x".repeat(40_000)));
    }

    @Test
    void aHeaderBlockPastOneFrameGoesOutAsHeadersThenContinuations() throws Exception {
        maxHead = 64 * 1024;
        open(false, Duration.ofSeconds(WAIT_SECONDS));
        session.newStream(bigGet(), true, new Recorder());

        Frame headers = peer.frame();
        assertThat(headers.type()).isEqualTo(H2Frames.HEADERS);
        assertThat(headers.flags()).as("END_STREAM, not END_HEADERS").isEqualTo(H2Frames.END_STREAM);
        assertThat(headers.length()).isEqualTo(H2Frames.DEFAULT_MAX_FRAME_SIZE);
        java.io.ByteArrayOutputStream block = new java.io.ByteArrayOutputStream();
        block.write(headers.payload());
        Frame f;
        do {
            f = peer.frame();
            assertThat(f.type()).isEqualTo(H2Frames.CONTINUATION);
            assertThat(f.stream()).isEqualTo(1);
            assertThat(f.length()).isLessThanOrEqualTo(H2Frames.DEFAULT_MAX_FRAME_SIZE);
            block.write(f.payload());
        } while (f.flags() != H2Frames.END_HEADERS);

        MetaData decoded = new org.eclipse.jetty.http2.hpack.HpackDecoder(64 * 1024, System::nanoTime)
                .decode(ByteBuffer.wrap(block.toByteArray()));
        assertThat(decoded.getHttpFields().get("x-big")).isEqualTo("x".repeat(40_000));
        assertThat(session.isClosed()).isFalse();
    }

    @Test
    void aHeaderBlockPastTheBufferClosesTheConnectionItCouldNotBeWrittenOn() throws Exception {
        open(false, Duration.ofSeconds(WAIT_SECONDS)); // a request-head buffer of about 9 KiB
        Recorder other = new Recorder();
        session.newStream(get("/other"), true, other);

        assertThatThrownBy(() -> session.newStream(bigGet(), true, new Recorder())).isInstanceOf(IOException.class)
                .hasMessageContaining("not encodable");
        assertThat(session.isClosed()).isTrue();
        assertThat(other.next()).isEqualTo("abort -1");
    }

    @Test
    void theServersHeaderTableSizeIsAppliedByTheNextStream() throws Exception {
        open(false, Duration.ofSeconds(WAIT_SECONDS), 0x1, 0); // SETTINGS_HEADER_TABLE_SIZE 0
        session.newStream(get("/a"), true, new Recorder());

        Frame headers = peer.frame();
        // RFC 7541 §6.3: the block starts with a dynamic table size update to 0 (001 00000)
        assertThat(headers.payload()[0]).isEqualTo((byte) 0x20);
    }

    @Test
    void pingsAreAnsweredAndWindowsOpenedOnceHalfIsConsumed() throws Exception {
        open(false, Duration.ofSeconds(WAIT_SECONDS));
        peer.send(H2Frames.PING, 0, 0, (byte) 1, (byte) 2, (byte) 3, (byte) 4, (byte) 5, (byte) 6, (byte) 7, (byte) 8);
        assertThat(peer.frame()).satisfies(f -> {
            assertThat(f.type()).isEqualTo(H2Frames.PING);
            assertThat(f.flags()).isEqualTo(H2Frames.ACK);
            assertThat(f.payload()).containsExactly(1, 2, 3, 4, 5, 6, 7, 8);
        });

        session.consumed(H2Session.SESSION_WINDOW / 2 - 1);
        session.consumed(1);
        Frame update = peer.frame();
        assertThat(update.type()).isEqualTo(H2Frames.WINDOW_UPDATE);
        assertThat(update.stream()).isZero();
        assertThat(update.int32(0)).as("one update for both credits").isEqualTo(H2Session.SESSION_WINDOW / 2);

        session.streamWindowUpdate(7, 1000);
        Frame streamUpdate = peer.frame();
        assertThat(streamUpdate.type()).isEqualTo(H2Frames.WINDOW_UPDATE);
        assertThat(streamUpdate.stream()).isEqualTo(7);
        assertThat(streamUpdate.int32(0)).isEqualTo(1000);
    }

    @Test
    void aRefusedStreamAndTheStreamsAboveAGoAwayAreNotProcessed() throws Exception {
        open(false, Duration.ofSeconds(WAIT_SECONDS));
        Recorder one = new Recorder();
        Recorder three = new Recorder();
        Recorder five = new Recorder();
        session.newStream(get("/1"), true, one);
        session.newStream(get("/3"), true, three);
        session.newStream(get("/5"), true, five);

        peer.send(H2Frames.RST_STREAM, 0, 5, (byte) 0, (byte) 0, (byte) 0, (byte) 7); // REFUSED_STREAM
        assertThat(five.next()).isEqualTo("abort 7 not-processed");
        // GOAWAY: last-stream-id 1, NO_ERROR
        peer.send(H2Frames.GOAWAY, 0, 0, (byte) 0, (byte) 0, (byte) 0, (byte) 1, (byte) 0, (byte) 0, (byte) 0, (byte) 0);
        assertThat(three.next()).isEqualTo("abort 7 not-processed");
        assertThatThrownBy(() -> session.newStream(get("/7"), true, new Recorder()))
                .isInstanceOf(IllegalStateException.class).hasMessageContaining("GOAWAY");
        assertThat(session.goAwayLastStreamId()).isEqualTo(1);

        peer.send(H2Frames.HEADERS, H2Frames.END_HEADERS | H2Frames.END_STREAM, 1, STATUS_200);
        assertThat(one.next()).as("the stream below the GOAWAY goes on").isEqualTo("headers 200 end");
    }

    @Test
    void aRequestBodyWaitsForTheServersWindow() throws Exception {
        open(false, Duration.ofSeconds(WAIT_SECONDS), 0x4, 4); // SETTINGS_INITIAL_WINDOW_SIZE 4
        Recorder stream = new Recorder();
        int id = session.newStream(new MetaData.Request("POST", HttpURI.from("http://localhost/p"), HttpVersion.HTTP_2,
                HttpFields.EMPTY, 10), false, stream);
        assertThat(peer.frame().flags()).as("HEADERS without END_STREAM").isEqualTo(H2Frames.END_HEADERS);

        CompletableFuture<Void> sent = CompletableFuture.runAsync(() -> {
            try {
                session.sendData(id, ByteBuffer.wrap("0123456789".getBytes(StandardCharsets.US_ASCII)), true,
                        watchdog, TimeUnit.SECONDS.toNanos(WAIT_SECONDS));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        Frame first = peer.frame();
        assertThat(first.type()).isEqualTo(H2Frames.DATA);
        assertThat(new String(first.payload(), StandardCharsets.US_ASCII)).isEqualTo("0123");
        assertThat(first.flags()).isZero();
        assertThat(sent).as("blocked on the stream's window").isNotDone();

        peer.send(H2Frames.WINDOW_UPDATE, 0, id, (byte) 0, (byte) 0, (byte) 0, (byte) 100);
        Frame rest = peer.frame();
        assertThat(new String(rest.payload(), StandardCharsets.US_ASCII)).isEqualTo("456789");
        assertThat(rest.flags()).isEqualTo(H2Frames.END_STREAM);
        sent.get(WAIT_SECONDS, TimeUnit.SECONDS);
    }

    @Test
    void theServersCloseFailsEveryStreamOnce() throws Exception {
        open(true, Duration.ofSeconds(WAIT_SECONDS));
        Recorder one = new Recorder();
        Recorder three = new Recorder();
        session.newStream(get("/1"), true, one);
        session.newStream(get("/3"), true, three);

        peer.socket.close();

        assertThat(one.next()).isEqualTo("abort -1");
        assertThat(three.next()).isEqualTo("abort -1");
        assertThat(ended.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isSameAs(session);
        assertThat(session.isClosed()).isTrue();
        assertThatThrownBy(() -> session.newStream(get("/5"), true, new Recorder())).isInstanceOf(IllegalStateException.class);
        assertThat(one.events).as("failed once").isEmpty();
        assertThat(three.events).as("failed once").isEmpty();
    }

    @Test
    void theReaderGoesOnWhileAWriterIsStuckOnAServerThatDoesNotRead() throws Exception {
        open(false, Duration.ofSeconds(60), 0x4, Integer.MAX_VALUE);
        peer.send(H2Frames.WINDOW_UPDATE, 0, 0, (byte) 0x7f, (byte) 0xf0, (byte) 0, (byte) 0);
        Recorder other = new Recorder();
        int otherId = session.newStream(get("/other"), true, other);
        peer.frame();
        Recorder uploader = new Recorder();
        int id = session.newStream(new MetaData.Request("POST", HttpURI.from("http://localhost/p"), HttpVersion.HTTP_2,
                HttpFields.EMPTY, -1), false, uploader);
        peer.frame(); // from here on the server reads nothing
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                session.sendData(id, ByteBuffer.allocate(64 * 1024 * 1024), true, watchdog,
                        TimeUnit.SECONDS.toNanos(60));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });

        // stuck: one write blocked for a while (the server's socket buffers are full)
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(WAIT_SECONDS))
                .until(() -> session.writeRunningNanos() > TimeUnit.MILLISECONDS.toNanos(300));
        // The PING's ack cannot be written (the writer holds the lock, stuck): the reader queues
        // it and reads on, so the other stream still gets its response.
        peer.send(H2Frames.PING, 0, 0, new byte[8]);
        peer.send(H2Frames.HEADERS, H2Frames.END_HEADERS | H2Frames.END_STREAM, otherId, STATUS_200);
        assertThat(other.next()).isEqualTo("headers 200 end");
        assertThat(sending).as("the writer is still stuck").isNotDone();
        session.close();
        assertThatThrownBy(() -> sending.get(WAIT_SECONDS, TimeUnit.SECONDS)).as("close ends the stuck write")
                .hasCauseInstanceOf(IllegalStateException.class);
    }

    @Test
    void aWriteToAServerThatStopsReadingFailsTheConnectionAtTheWriteTimeout() throws Exception {
        // A window large enough that only the socket's buffers stop the writer.
        open(false, Duration.ofMillis(300), 0x4, Integer.MAX_VALUE);
        peer.send(H2Frames.WINDOW_UPDATE, 0, 0, (byte) 0x7f, (byte) 0xf0, (byte) 0, (byte) 0);
        Recorder stream = new Recorder();
        int id = session.newStream(new MetaData.Request("POST", HttpURI.from("http://localhost/p"), HttpVersion.HTTP_2,
                HttpFields.EMPTY, -1), false, stream);
        peer.frame(); // the HEADERS; from here on the server reads nothing

        ByteBuffer body = ByteBuffer.allocate(64 * 1024 * 1024);
        CompletableFuture<Void> sending = CompletableFuture.runAsync(() -> {
            try {
                session.sendData(id, body, true, watchdog, TimeUnit.SECONDS.toNanos(WAIT_SECONDS));
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        assertThatThrownBy(() -> sending.get(WAIT_SECONDS, TimeUnit.SECONDS))
                .hasCauseInstanceOf(java.io.UncheckedIOException.class);
        assertThat(ended.poll(WAIT_SECONDS, TimeUnit.SECONDS)).isSameAs(session);
        assertThat(stream.next()).isEqualTo("abort -1");
        assertThat(body.hasRemaining()).as("stopped before the end").isTrue();
    }
}
