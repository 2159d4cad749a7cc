package dev.weft.mux.h2;

import dev.weft.failure.StreamFailure;
import dev.weft.mux.MuxException;
import dev.weft.stream.IoWatchdog;
import dev.weft.stream.WatchedDeadline;

import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.PingFrame;
import org.eclipse.jetty.http2.frames.PushPromiseFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.eclipse.jetty.http2.frames.WindowUpdateFrame;
import org.eclipse.jetty.http2.hpack.HpackEncoder;
import org.eclipse.jetty.http2.hpack.HpackException;
import org.eclipse.jetty.http2.parser.Parser;
import org.eclipse.jetty.io.ByteBufferPool;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.ConnectException;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;
import java.util.function.Consumer;

/**
 * One HTTP/2 connection to a server (HAProxy's {@code h2c} connection), cleartext with prior
 * knowledge (RFC 9113 §3.3), on a blocking socket: weft's own client, with Jetty's codecs for
 * what is not trivial (its frame {@link Parser}, its {@link HpackEncoder}). It replaced Jetty's
 * {@code HTTP2Client}, whose callbacks, flusher and selector were about 38 % of weft's CPU under
 * the bench's h2-back scenario (BENCHMARKS.md, session 25).
 *
 * <p>Threads. One reader virtual thread parses the server's frames and hands them to the
 * streams' {@link Listener}s; it never waits for the write lock (see {@link #sendControl}): a
 * reader that waited behind a writer stuck on a server that does not read would stop reading,
 * and the server, unable to write, would never read again. (When the lock is free it writes its
 * frames itself, bounded as any write.) Stream threads write their HEADERS and DATA under the
 * lock. Every write is bounded by {@code timeout.server} while the watchdog runs (it is closed
 * after the connector at shutdown): its sweep closes the socket of a write past its deadline,
 * which fails the connection and all its streams (a stream's own deadline never interrupts a
 * write: the interrupt would close the socket under every other stream).
 *
 * <p>Flow control (§6.9). Receive: the streams' window is {@link #STREAM_WINDOW} and the
 * connection's {@link #SESSION_WINDOW}; a frame's credit (data and padding) is given back when
 * the stream's thread takes it (or at once when nobody will), in WINDOW_UPDATEs sent once half a
 * window was consumed; a server that sends past a window fails the stream or the connection with
 * FLOW_CONTROL_ERROR. Send: request bodies go out within the connection's and the stream's
 * windows, the stream's thread waiting (within {@code timeout.server}) while either is closed.
 *
 * <p>It is the {@code Closeable} endpoint of its {@link dev.weft.backend.Connection} and forwards
 * the connection-level events (SETTINGS stream limit, GOAWAY, end) to the {@link H2Mux} bound to it.
 */
public final class H2Session implements Closeable, IoWatchdog.Swept {
    /** Per-stream receive window: bytes queued for a client that does not read. */
    static final int STREAM_WINDOW = 256 * 1024;
    /** Per-connection receive window, shared by its streams. */
    static final int SESSION_WINDOW = 8 * 1024 * 1024;
    /** The most streams weft opens on one connection when the server sets no lower limit. */
    static final int DEFAULT_MAX_STREAMS = 128;
    /** Write-deadline markers: no write running; the sweep closed the socket of a late write. */
    private static final long IDLE = Long.MIN_VALUE;
    private static final long EXPIRED = Long.MIN_VALUE + 1;

    /**
     * What the session tells a stream: frames from the reader's thread, which a listener must
     * not block (it may call the session's non-blocking {@link #consumed}, {@link #release});
     * {@link #onAbort} also from a thread that ends the connection.
     */
    interface Listener {
        /** Its stream id, before the stream can receive anything. */
        void opened(int id);

        void onHeaders(HeadersFrame frame);

        /**
         * @param bytes  a copy of the frame's data
         * @param credit its flow-control length (data and padding), to credit once consumed
         * @param last   END_STREAM
         */
        void onData(byte[] bytes, int credit, boolean last);

        /** @param notProcessed the server said it did not process the stream (REFUSED_STREAM, above GOAWAY's id) */
        void onAbort(String why, int error, boolean notProcessed);
    }

    /** An open stream: its listener and its send window (§6.9), which only the session touches. */
    private static final class Open {
        final Listener listener;
        /** Guarded by the session's flow lock. */
        long sendWindow;

        Open(Listener listener, long sendWindow) {
            this.listener = listener;
            this.sendWindow = sendWindow;
        }
    }

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final long writeTimeoutNanos;
    private final AtomicLong writeArmed = new AtomicLong(IDLE);
    private final ReentrantLock writeLock = new ReentrantLock();
    private final ConcurrentLinkedQueue<byte[]> control = new ConcurrentLinkedQueue<>();
    private final HpackEncoder encoder = new HpackEncoder();
    private final Parser parser;
    private final Map<Integer, Open> streams = new ConcurrentHashMap<>();
    private final CountDownLatch firstSettings = new CountDownLatch(1);
    /** Where a request's header block is encoded (under the write lock), 9 bytes in for its frame header. */
    private final ByteBuffer headerBuf;
    private final ReentrantLock flow = new ReentrantLock();
    private final Condition windowOpened = flow.newCondition();
    private long connectionSendWindow = H2Frames.DEFAULT_WINDOW; // under flow
    private int initialSendWindow = H2Frames.DEFAULT_WINDOW; // under flow
    private final AtomicLong sessionCredit = new AtomicLong();
    /** What the server may still send on the connection before weft's next WINDOW_UPDATE; reader decrements. */
    private final AtomicLong sessionRecvWindow = new AtomicLong(SESSION_WINDOW);
    private final AtomicBoolean ended = new AtomicBoolean();
    private int nextStreamId = 1; // under writeLock
    private final Consumer<H2Session> onEnd;
    private volatile int maxFrameSize = H2Frames.DEFAULT_MAX_FRAME_SIZE;
    private volatile int maxStreams = DEFAULT_MAX_STREAMS;
    private volatile int goAwayLastStreamId = -1;
    /** A HEADER_TABLE_SIZE from the server's SETTINGS, for newStream to apply under the write lock; -1 none. */
    private volatile int pendingTableSize = -1;
    private volatile boolean closed;
    private volatile H2Mux mux;

    private H2Session(Socket socket, int maxResponseHead, Duration writeTimeout, Consumer<H2Session> onEnd) throws IOException {
        this.socket = socket;
        this.onEnd = onEnd;
        // A request head is at most what the frontend accepted (Helidon's limits, a few KiB to
        // 16 KiB: well under the response limit); its HPACK block is about that size. A block
        // that did not fit would close the connection (see newStream): not met in practice.
        this.headerBuf = ByteBuffer.allocate(H2Frames.HEADER_LENGTH + maxResponseHead + 1024);
        // Jetty's encoder refuses a header list past 4 KiB by default (RFC 7541 §4.1 sizes: name,
        // value and 32 per field); weft's limit is the buffer. The server's
        // SETTINGS_MAX_HEADER_LIST_SIZE is advisory (RFC 9113 §6.5.2) and not applied.
        encoder.setMaxHeaderListSize(headerBuf.capacity() - H2Frames.HEADER_LENGTH);
        this.in = socket.getInputStream();
        this.out = socket.getOutputStream();
        this.writeTimeoutNanos = writeTimeout.toNanos();
        this.parser = new Parser(ByteBufferPool.NON_POOLING, maxResponseHead);
        parser.getHpackDecoder().setMaxTableCapacity(0);
        parser.init(new FrameListener());
    }

    /**
     * Connects to {@code address}, sends the preface and waits for the server's first SETTINGS,
     * within {@code connectTimeout} (the preface's write, as every write, within
     * {@code writeTimeout}: {@code timeout.server}). {@code maxResponseHead} bounds a response head (the decoded
     * header list); {@code onEnd} is told once when the connection ends, however. Returns the open
     * session; throws MuxException with ConnectRefused or ConnectTimeout (NotProcessed when the
     * server closed it at once); the socket is closed on failure.
     */
    public static H2Session connect(InetSocketAddress address, Duration connectTimeout, Duration writeTimeout,
                                    int maxResponseHead, IoWatchdog watchdog, Consumer<H2Session> onEnd)
            throws MuxException {
        long deadline = System.nanoTime() + connectTimeout.toNanos();
        Socket socket = new Socket(Proxy.NO_PROXY);
        H2Session s = null;
        try {
            socket.setTcpNoDelay(true);
            socket.connect(address, (int) Math.clamp(connectTimeout.toMillis(), 1, Integer.MAX_VALUE));
            s = new H2Session(socket, maxResponseHead, writeTimeout, onEnd);
            watchdog.watch(s);
            s.start();
            if (!s.firstSettings.await(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)) {
                s.close();
                throw new MuxException(new StreamFailure.ConnectTimeout());
            }
            if (s.closed) {
                throw new MuxException(new StreamFailure.NotProcessed("HTTP/2 connection closed by the server before"
                        + " its first stream", false));
            }
            return s;
        } catch (SocketTimeoutException e) {
            closeQuietly(socket);
            throw new MuxException(new StreamFailure.ConnectTimeout(), e);
        } catch (ConnectException e) {
            closeQuietly(socket);
            throw new MuxException(new StreamFailure.ConnectRefused(e.getMessage()), e);
        } catch (IOException e) {
            // the preface's write failed: the session is known to the watchdog, end it
            closeQuietly(socket);
            if (s != null) {
                s.ended("preface not written: " + e);
            }
            throw new MuxException(new StreamFailure.ConnectRefused(String.valueOf(e)), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            if (s != null) {
                s.ended("interrupted");
            }
            closeQuietly(socket);
            throw new MuxException(new StreamFailure.ConnectRefused("interrupted"), e);
        } catch (RuntimeException | Error e) {
            closeQuietly(socket);
            if (s != null) {
                s.ended("connect failed: " + e);
            }
            throw e;
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException e) {
            // closing: nothing left to do with it
        }
    }

    /** Sends the preface and starts the reader. */
    private void start() throws IOException {
        byte[] preface = H2Frames.preface(STREAM_WINDOW, SESSION_WINDOW);
        writeLock.lock();
        try {
            timedWrite(preface, 0, preface.length);
        } finally {
            writeLock.unlock();
        }
        Thread.ofVirtual().name("weft-h2-reader").start(this::readLoop);
    }

    // ---- writing --------------------------------------------------------------------------------

    /** Writes under the lock (held), bounded by the write timeout: the sweep closes the socket past it. */
    private void timedWrite(byte[] b, int off, int len) throws IOException {
        long deadline = System.nanoTime() + writeTimeoutNanos;
        if (deadline == IDLE || deadline == EXPIRED) {
            deadline += 2;
        }
        writeArmed.set(deadline);
        try {
            out.write(b, off, len);
        } finally {
            writeArmed.compareAndSet(deadline, IDLE);
        }
    }

    /** Under the lock: writes the queued control frames. */
    private void drainControl() throws IOException {
        byte[] f;
        while ((f = control.poll()) != null) {
            timedWrite(f, 0, f.length);
        }
    }

    /**
     * Queues a control frame and writes it unless another thread holds the lock (it writes the
     * queue before it lets go). Never waits: the reader calls it.
     */
    private void sendControl(byte[] frame) {
        control.add(frame);
        flushControl();
    }

    private void flushControl() {
        while (!control.isEmpty() && writeLock.tryLock()) {
            try {
                drainControl();
            } catch (IOException e) {
                failWrite(e);
                return;
            } finally {
                writeLock.unlock();
            }
        }
    }

    /** Lets go of the write lock, then writes what was queued meanwhile (see sendControl). */
    private void unlockWrite() {
        writeLock.unlock();
        flushControl();
    }

    private void failWrite(IOException e) {
        ended(writeTimedOut() ? "write timed out" : "write failed: " + e);
    }

    /** From the sweep: closes the socket of a write past its deadline (the connection fails). */
    @Override
    public boolean expireIfDue(long now) {
        long deadline = writeArmed.get();
        if (deadline == IDLE || deadline == EXPIRED || now - deadline < 0 || !writeArmed.compareAndSet(deadline, EXPIRED)) {
            return false;
        }
        closeQuietly(socket);
        return true;
    }

    @Override
    public boolean finished() {
        return ended.get();
    }

    /** True when the connection was failed by a write past {@code timeout.server}. */
    boolean writeTimedOut() {
        return writeArmed.get() == EXPIRED;
    }

    /** How long the running write has been blocked, in nanoseconds, or -1 when none runs; for tests. */
    long writeRunningNanos() {
        long deadline = writeArmed.get();
        return deadline == IDLE || deadline == EXPIRED ? -1 : System.nanoTime() - (deadline - writeTimeoutNanos);
    }

    // ---- reading --------------------------------------------------------------------------------

    private void readLoop() {
        byte[] buf = new byte[16 * 1024];
        ByteBuffer bb = ByteBuffer.wrap(buf);
        String why = "connection closed by the server";
        try {
            while (!closed) {
                int n = in.read(buf);
                if (n < 0) {
                    break;
                }
                bb.clear().limit(n);
                while (bb.hasRemaining() && !closed) {
                    parser.parse(bb);
                }
            }
        } catch (IOException e) {
            why = "read failed: " + e;
        } finally {
            ended(why);
        }
    }

    /** The connection is done: every stream fails once, the mux is told, the socket closed. Idempotent. */
    private void ended(String why) {
        closed = true;
        if (!ended.compareAndSet(false, true)) {
            return;
        }
        firstSettings.countDown();
        closeQuietly(socket);
        for (Integer id : streams.keySet()) {
            abortStream(id, why, -1, false);
        }
        wakeSenders(); // senders of streams not yet registered see closed
        H2Mux m = mux;
        if (m != null) {
            m.sessionClosed();
        }
        onEnd.accept(this);
    }

    void bind(H2Mux m) {
        this.mux = m;
        if (goAwayLastStreamId >= 0) {
            m.goAway(goAwayLastStreamId);
        }
        m.streamLimit(maxStreams);
        if (closed) {
            m.sessionClosed();
        }
    }

    int maxStreams() {
        return maxStreams;
    }

    int goAwayLastStreamId() {
        return goAwayLastStreamId;
    }

    /** True once the connection ended (closed, failed, or closed by the server). */
    public boolean isClosed() {
        return closed;
    }

    // ---- streams --------------------------------------------------------------------------------

    /**
     * Opens a stream with {@code request}'s HEADERS; returns its id. Throws IllegalStateException
     * when no stream may be opened (closed, GOAWAY received, ids used up: nothing was sent), and
     * IOException when the write failed (the connection is then failed).
     */
    int newStream(MetaData.Request request, boolean endStream, Listener listener) throws IOException {
        writeLock.lock();
        try {
            if (closed) {
                throw new IllegalStateException("session closed");
            }
            if (goAwayLastStreamId >= 0 || nextStreamId > H2Frames.MAX_STREAM_ID - 2 || nextStreamId < 0) {
                // the reader may not have told the mux yet (or the ids ran out): tell it now, so
                // that the retry does not get this connection again
                H2Mux m = mux;
                if (m != null) {
                    m.goAway(goAwayLastStreamId >= 0 ? goAwayLastStreamId : nextStreamId - 2);
                }
                throw new IllegalStateException(goAwayLastStreamId >= 0 ? "GOAWAY received" : "stream ids used up");
            }
            int id = nextStreamId;
            nextStreamId += 2;
            int table = pendingTableSize;
            if (table >= 0) {
                pendingTableSize = -1;
                encoder.setMaxTableCapacity(table);
                encoder.setTableCapacity(Math.min(table, 4096));
            }
            ByteBuffer b = headerBuf.clear();
            b.position(9); // room for the frame header: one write when the block fits one frame
            try {
                encoder.encode(b, request);
            } catch (HpackException | BufferOverflowException e) {
                // The encoder's table may now hold entries the server never saw: the connection is unusable.
                ended("request head not encodable: " + e);
                throw new IOException("request head not encodable: " + e, e);
            }
            int blockLen = b.position() - 9;
            listener.opened(id); // before the reader can find it: the map's put publishes it
            flow.lock(); // a SETTINGS changing the initial window adjusts the open streams under it
            try {
                streams.put(id, new Open(listener, initialSendWindow));
            } finally {
                flow.unlock();
            }
            if (closed) {
                // ended() ran meanwhile and may not have seen it
                streams.remove(id);
                throw new IllegalStateException("session closed");
            }
            try {
                drainControl();
                int max = maxFrameSize;
                if (blockLen <= max) {
                    H2Frames.header(b.position(0), blockLen, H2Frames.HEADERS, H2Frames.END_HEADERS | (endStream ? H2Frames.END_STREAM : 0), id);
                    timedWrite(b.array(), 0, 9 + blockLen);
                    return id;
                }
                byte[] h = new byte[9];
                for (int off = 0; off < blockLen; ) {
                    int n = Math.min(max, blockLen - off);
                    boolean first = off == 0;
                    int flags = (off + n >= blockLen ? H2Frames.END_HEADERS : 0) | (first && endStream ? H2Frames.END_STREAM : 0);
                    H2Frames.header(ByteBuffer.wrap(h), n, first ? H2Frames.HEADERS : H2Frames.CONTINUATION, flags, id);
                    timedWrite(h, 0, 9);
                    timedWrite(b.array(), 9 + off, n);
                    off += n;
                }
                return id;
            } catch (IOException e) {
                failWrite(e);
                throw e;
            }
        } finally {
            unlockWrite();
        }
    }

    /**
     * Sends {@code data} on stream {@code id} as DATA frames within the connection's and the
     * stream's send windows, waiting for window up to {@code timeoutNanos} at a time; {@code last}
     * ends the stream. Throws IOException when the stream or the connection ended meanwhile (the
     * caller asks why), TimeoutException when no window opened in time.
     */
    void sendData(int id, ByteBuffer data, boolean last, IoWatchdog watchdog, long timeoutNanos)
            throws IOException, InterruptedException, TimeoutException {
        Open stream = streams.get(id);
        do {
            int n;
            flow.lock();
            try {
                if (data.hasRemaining() && stream != null && (connectionSendWindow <= 0 || stream.sendWindow <= 0)) {
                    // Only the wait has a deadline: a deadline's interrupt during a socket write
                    // would close the connection of every stream on it.
                    try (WatchedDeadline d = WatchedDeadline.start(watchdog, timeoutNanos)) {
                        while (!closed && streams.get(id) == stream && (connectionSendWindow <= 0 || stream.sendWindow <= 0)) {
                            d.await(windowOpened, "no send window");
                        }
                    }
                }
                if (closed || stream == null || streams.get(id) != stream) {
                    throw new IOException("stream or connection ended");
                }
                n = (int) Math.max(0, Math.min(data.remaining(),
                        Math.min(maxFrameSize, Math.min(connectionSendWindow, stream.sendWindow))));
                connectionSendWindow -= n;
                stream.sendWindow -= n;
            } finally {
                flow.unlock();
            }
            byte[] frame = H2Frames.data(id, data, n, last && n == data.remaining());
            writeLock.lock();
            try {
                if (closed) {
                    throw new IOException("connection closed");
                }
                drainControl();
                timedWrite(frame, 0, frame.length);
            } catch (IOException e) {
                failWrite(e);
                throw e;
            } finally {
                unlockWrite();
            }
        } while (data.hasRemaining());
    }

    /**
     * A stream's thread consumed {@code credit} bytes of flow-controlled data: the connection's
     * window is opened again once half of it was consumed. Returns at once.
     */
    void consumed(int credit) {
        if (credit <= 0 || closed) {
            return;
        }
        long c = sessionCredit.addAndGet(credit);
        if (c >= SESSION_WINDOW / 2) {
            long delta = sessionCredit.getAndSet(0);
            if (delta > 0) {
                sessionRecvWindow.addAndGet(delta);
                sendControl(H2Frames.windowUpdate(0, (int) delta));
            }
        }
    }

    /** Opens stream {@code id}'s receive window by {@code delta}. */
    void streamWindowUpdate(int id, long delta) {
        if (closed) {
            return;
        }
        sendControl(H2Frames.windowUpdate(id, (int) delta));
    }

    /** Forgets a stream weft is done with: a reset (RST_STREAM {@code error}) unless {@code error} is -1. */
    void release(int id, int error) {
        Open o = streams.remove(id);
        if (error >= 0 && !closed) {
            sendControl(H2Frames.rstStream(id, error));
        }
        if (o != null) {
            wakeSenders();
        }
    }

    /**
     * Tells stream {@code id} why it ended, then forgets it, then wakes the senders (its own may
     * be waiting for window): in that order, so that a sender that finds it gone finds the reason
     * too. False when it was not there.
     */
    private boolean abortStream(int id, String why, int error, boolean notProcessed) {
        Open o = streams.get(id);
        if (o == null) {
            return false;
        }
        o.listener.onAbort(why, error, notProcessed);
        boolean removed = streams.remove(id, o);
        wakeSenders();
        return removed;
    }

    private void wakeSenders() {
        flow.lock();
        try {
            windowOpened.signalAll();
        } finally {
            flow.unlock();
        }
    }

    /** Closes the connection: GOAWAY NO_ERROR when the lock is free at once, then the socket. Idempotent. */
    @Override
    public void close() {
        if (!closed && writeLock.tryLock()) {
            try {
                drainControl();
                byte[] g = H2Frames.goAway(0);
                timedWrite(g, 0, g.length);
            } catch (IOException e) {
                // closing anyway
            } finally {
                writeLock.unlock();
            }
        }
        ended("closed by weft");
    }

    private final class FrameListener implements Parser.Listener {
        @Override
        public void onHeaders(HeadersFrame frame) {
            Throwable failure = MetaData.Failed.getFailure(frame.getMetaData());
            if (failure != null) {
                abortStream(frame.getStreamId(), "malformed response head: " + failure.getMessage(),
                        ErrorCode.PROTOCOL_ERROR.code, false);
                sendControl(H2Frames.rstStream(frame.getStreamId(), ErrorCode.PROTOCOL_ERROR.code));
                return;
            }
            Open o = streams.get(frame.getStreamId());
            if (o != null) {
                o.listener.onHeaders(frame);
            }
        }

        @Override
        public void onData(DataFrame frame) {
            int credit = frame.flowControlLength();
            if (sessionRecvWindow.addAndGet(-credit) < 0) {
                onConnectionFailure(ErrorCode.FLOW_CONTROL_ERROR.code, "server exceeded the connection's receive window");
                return;
            }
            Open o = streams.get(frame.getStreamId());
            if (o != null) {
                ByteBuffer d = frame.getByteBuffer();
                byte[] bytes = new byte[d.remaining()];
                d.get(bytes);
                o.listener.onData(bytes, credit, frame.isEndStream());
            } else {
                consumed(credit); // a stream weft is done with: the connection's window still counts it
            }
        }

        @Override
        public void onReset(ResetFrame frame) {
            int code = frame.getError();
            abortStream(frame.getStreamId(), "stream reset by the server: " + H2Stream.errorName(code), code,
                    code == ErrorCode.REFUSED_STREAM_ERROR.code);
        }

        @Override
        public void onWindowUpdate(WindowUpdateFrame frame) {
            flow.lock();
            try {
                if (frame.getStreamId() == 0) {
                    connectionSendWindow += frame.getWindowDelta();
                    if (connectionSendWindow > H2Frames.MAX_WINDOW) {
                        onConnectionFailure(ErrorCode.FLOW_CONTROL_ERROR.code, "connection send window past 2^31-1"); // flow is reentrant
                        return;
                    }
                } else {
                    Open o = streams.get(frame.getStreamId());
                    if (o != null) {
                        o.sendWindow += frame.getWindowDelta();
                        if (o.sendWindow > H2Frames.MAX_WINDOW && abortStream(frame.getStreamId(),
                                "stream send window past 2^31-1", ErrorCode.FLOW_CONTROL_ERROR.code, false)) {
                            sendControl(H2Frames.rstStream(frame.getStreamId(), ErrorCode.FLOW_CONTROL_ERROR.code));
                        }
                    }
                }
                windowOpened.signalAll();
            } finally {
                flow.unlock();
            }
        }

        @Override
        public void onSettings(SettingsFrame frame) {
            if (frame.isReply()) {
                return;
            }
            Integer max = frame.getSettings().get(SettingsFrame.MAX_CONCURRENT_STREAMS);
            if (max != null) {
                maxStreams = Math.min(Math.max(0, max), DEFAULT_MAX_STREAMS);
                H2Mux m = mux;
                if (m != null) {
                    m.streamLimit(maxStreams);
                }
            }
            Integer frameSize = frame.getSettings().get(SettingsFrame.MAX_FRAME_SIZE);
            if (frameSize != null) {
                maxFrameSize = frameSize;
            }
            Integer window = frame.getSettings().get(SettingsFrame.INITIAL_WINDOW_SIZE);
            if (window != null) {
                flow.lock();
                try {
                    int delta = window - initialSendWindow;
                    initialSendWindow = window;
                    for (Open o : streams.values()) {
                        o.sendWindow += delta;
                        if (o.sendWindow > H2Frames.MAX_WINDOW) {
                            // §6.9.2: a stream window past 2^31-1 is a connection error
                            onConnectionFailure(ErrorCode.FLOW_CONTROL_ERROR.code, "stream send window past 2^31-1");
                            return;
                        }
                    }
                    windowOpened.signalAll();
                } finally {
                    flow.unlock();
                }
            }
            Integer table = frame.getSettings().get(SettingsFrame.HEADER_TABLE_SIZE);
            if (table != null) {
                // the encoder is used under the write lock, which the reader does not wait for:
                // the next stream applies it before it encodes
                pendingTableSize = table;
            }
            sendControl(H2Frames.settingsAck());
            firstSettings.countDown();
        }

        @Override
        public void onPing(PingFrame frame) {
            if (frame.isReply()) {
                return;
            }
            sendControl(H2Frames.pingAck(frame.getPayload()));
        }

        @Override
        public void onGoAway(GoAwayFrame frame) {
            int last = frame.getLastStreamId();
            goAwayLastStreamId = last;
            H2Mux m = mux;
            if (m != null) {
                m.goAway(last); // before the streams above it are retried
            }
            for (Integer id : streams.keySet()) {
                if (id > last) {
                    abortStream(id, "stream " + id + " above GOAWAY last-stream-id " + last,
                            ErrorCode.REFUSED_STREAM_ERROR.code, true);
                }
            }
        }

        @Override
        public void onPushPromise(PushPromiseFrame frame) {
            // §8.4: weft's preface set ENABLE_PUSH 0
            onConnectionFailure(ErrorCode.PROTOCOL_ERROR.code, "PUSH_PROMISE with push disabled");
        }

        @Override
        public void onStreamFailure(int streamId, int error, String reason) {
            abortStream(streamId, "HTTP/2 stream failed: " + reason, error, false);
            sendControl(H2Frames.rstStream(streamId, error));
        }

        @Override
        public void onConnectionFailure(int error, String reason) {
            sendControl(H2Frames.goAway(error));
            ended("connection failure: " + reason);
        }
    }
}
