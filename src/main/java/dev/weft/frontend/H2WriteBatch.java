package dev.weft.frontend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.SocketException;
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
 * it is up, the interrupt closes the socket. A failed write closes the socket (the client must
 * not wait for the responses lost with it) and is remembered: every later write fails the same
 * way.
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
    private final Runnable onFailure;
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
     * @param onFailure     closes the connection's socket (called when a write failed)
     */
    H2WriteBatch(DataWriter socket, Executor flushers, IoWatchdog watchdog, Duration clientTimeout,
                 Runnable onFailure) {
        this.socket = socket;
        this.flushers = flushers;
        this.watchdog = watchdog;
        this.clientTimeout = clientTimeout;
        this.onFailure = onFailure;
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
            if (finishing && heldBytes < MAX_HELD && (flusherDue || startFlusher())) {
                return;
            }
            writeHeld(false);
        } finally {
            lock.unlock();
        }
    }

    /**
     * Starts a flusher for what is held; the lock is held. Returns false when no thread could be
     * started (the JVM is shutting down, out of memory): the caller then writes itself.
     */
    private boolean startFlusher() {
        try {
            flushers.execute(this::flushLater);
        } catch (RuntimeException | OutOfMemoryError cannotStart) {
            return false;
        }
        flusherDue = true;
        return true;
    }

    /**
     * Writes what is held now, in the calling thread, under {@code timeout.client}: the
     * connection calls it when it ends, before Helidon closes the socket.
     */
    @Override
    public void flush() {
        lock.lock();
        try {
            checkFailed();
            writeHeld(true);
        } finally {
            lock.unlock();
        }
    }

    /** The flusher: writes what the streams held meanwhile, under {@code timeout.client}. */
    private void flushLater() {
        lock.lock();
        try {
            flusherDue = false;
            if (failed == null) {
                writeHeld(true);
            } else {
                held.clear(); // lost with the connection
                heldBytes = 0;
            }
        } catch (UncheckedIOException e) {
            // remembered in failed and the socket closed: the client sees the connection end,
            // the streams' next writes fail with it
        } finally {
            lock.unlock();
        }
    }

    /**
     * Writes and forgets what is held, in one call; the lock is held. {@code bounded}: under a
     * deadline of {@code timeout.client} (a stream's own write is bounded by its caller). On a
     * failure the socket is closed, so that the client does not wait for the responses lost
     * with what was held.
     */
    private void writeHeld(boolean bounded) {
        if (held.isEmpty()) {
            return;
        }
        BufferData all = held.size() == 1 ? held.getFirst() : BufferData.create(List.copyOf(held));
        held.clear();
        heldBytes = 0;
        IoWatchdog.Armed deadline = bounded && watchdog != null ? watchdog.arm(clientTimeout) : null;
        try {
            socket.writeNow(all);
        } catch (UncheckedIOException e) {
            failed = e;
            onFailure.run();
            throw e;
        } catch (RuntimeException e) { // Helidon's SocketWriterException: the socket failed or was closed
            SocketException cause = new SocketException("client connection write failed: " + e);
            cause.initCause(e);
            failed = new UncheckedIOException(cause);
            onFailure.run();
            throw failed;
        } finally {
            if (deadline != null) {
                deadline.disarm();
            }
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
