package dev.weft.frontend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Executor;
import java.util.concurrent.locks.ReentrantLock;

import dev.weft.stream.IoWatchdog;
import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;

/**
 * The socket writer of one HTTP/2 client connection: gathers the frames of the responses that
 * end together on the connection into one {@code write(2)}, as HAProxy's mux writes the frames
 * of many streams at once.
 *
 * <p>Helidon runs every stream on its own virtual thread and writes every frame with its own
 * {@code write(2)}. Here a frame is held when the writing thread is inside a
 * {@link #finishing(LastCall) finishing} section (a stream's last call into Helidon: the end of
 * its response, usually HEADERS and one DATA frame). The first frame held starts a flusher, a
 * virtual thread that queues behind the streams already ready to run, so that they hold their
 * frames too before it writes them all in one call. The flusher, not the section, writes: a
 * section that waits for the client (flow control) has its frames written meanwhile. Every
 * frame written outside a section (the connection's SETTINGS, PING and GOAWAY frames, a body
 * streamed before the end) is written at once by its own thread, after the held ones in the
 * same call. Either way the bytes reach the socket in the order Helidon wrote them, which
 * HPACK's dynamic table requires. More than {@link #MAX_HELD} bytes held are written by the
 * thread that holds the last of them.
 *
 * <p>The flusher's write is bounded by {@code timeout.client}, as a stream's own write is: when
 * it is up, the interrupt closes the socket. A failed write is remembered: every later write
 * fails the same way, since the frames held for other streams are lost with the connection.
 * {@link #flush()} writes what is held at once; the connection calls it when it ends, before
 * Helidon closes the socket. Thread-safe.
 */
final class H2WriteBatch implements DataWriter {
    /** Bound by a stream's thread around its last call into Helidon; see {@link #finishing}. */
    private static final ScopedValue<Boolean> FINISHING = ScopedValue.newInstance();
    /** Held bytes beyond which the holding thread writes them itself (a few responses' worth). */
    static final int MAX_HELD = 64 * 1024;

    private final DataWriter socket;
    private final Executor flushers;
    private final IoWatchdog watchdog;
    private final Duration clientTimeout;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<BufferData> held = new ArrayList<>();
    private int heldBytes;
    /** A flusher was started and has not taken what is held yet. */
    private boolean flusherDue;
    private UncheckedIOException failed;

    /**
     * @param socket        Helidon's writer of the connection's socket (writes at once)
     * @param flushers      starts a flusher; virtual threads in production
     * @param watchdog      bounds the flusher's write by {@code clientTimeout}; null: unbounded
     * @param clientTimeout {@code timeout.client} of the frontend
     */
    H2WriteBatch(DataWriter socket, Executor flushers, IoWatchdog watchdog, Duration clientTimeout) {
        this.socket = socket;
        this.flushers = flushers;
        this.watchdog = watchdog;
        this.clientTimeout = clientTimeout;
    }

    /**
     * Runs {@code lastCall} (a stream's last call into Helidon, which writes the frames that end
     * the stream) so that the frames it writes on a batched connection are held and written with
     * other streams' frames, shortly after. Accepts any thread; on a connection without a batch
     * it only runs {@code lastCall}.
     */
    static void finishing(LastCall lastCall) throws IOException {
        ScopedValue.where(FINISHING, Boolean.TRUE).call(() -> {
            lastCall.run();
            return null;
        });
    }

    @Override
    public void write(BufferData... buffers) {
        writeNow(buffers);
    }

    @Override
    public void write(BufferData buffer) {
        writeNow(buffer);
    }

    @Override
    public void writeNow(BufferData... buffers) {
        writeNow(BufferData.create(buffers));
    }

    /**
     * Holds {@code frame} inside a finishing section, else writes it at once after whatever is
     * held. {@code frame} is bytes Helidon does not touch again (it writes a fresh copy of each
     * frame).
     *
     * @throws UncheckedIOException when this write or an earlier one failed
     */
    @Override
    public void writeNow(BufferData frame) {
        boolean finishing = FINISHING.isBound();
        lock.lock();
        try {
            checkFailed();
            held.add(frame);
            heldBytes += frame.available();
            if (finishing && heldBytes < MAX_HELD) {
                if (!flusherDue) {
                    flusherDue = true;
                    flushers.execute(this::flushLater);
                }
                return;
            }
            writeHeld();
        } finally {
            lock.unlock();
        }
    }

    /** Writes what is held now, in the calling thread. */
    @Override
    public void flush() {
        lock.lock();
        try {
            checkFailed();
            writeHeld();
        } finally {
            lock.unlock();
        }
    }

    /** The flusher: writes what the streams held meanwhile, under {@code timeout.client}. */
    private void flushLater() {
        IoWatchdog.Armed deadline = watchdog == null ? null : watchdog.arm(clientTimeout);
        try {
            lock.lock();
            try {
                flusherDue = false;
                if (failed == null) {
                    writeHeld();
                }
            } finally {
                lock.unlock();
            }
        } catch (UncheckedIOException e) {
            // remembered in failed: the streams' next writes fail with it; their held frames are lost
        } finally {
            if (deadline != null) {
                deadline.disarm();
            }
        }
    }

    /** Writes and forgets what is held, in one call; the lock is held. */
    private void writeHeld() {
        if (held.isEmpty()) {
            return;
        }
        BufferData all = held.size() == 1 ? held.getFirst() : BufferData.create(List.copyOf(held));
        held.clear();
        heldBytes = 0;
        try {
            socket.writeNow(all);
        } catch (UncheckedIOException e) {
            failed = e;
            throw e;
        } catch (RuntimeException e) { // Helidon's SocketWriterException: the socket failed or was closed
            failed = new UncheckedIOException(new IOException("client connection write failed: " + e, e));
            throw failed;
        }
    }

    private void checkFailed() {
        if (failed != null) {
            throw new UncheckedIOException(failed.getCause().getMessage(), failed.getCause());
        }
    }

    /** A stream's last call into Helidon. */
    interface LastCall {
        void run() throws IOException;
    }
}
