package dev.weft.frontend;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.locks.ReentrantLock;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.buffers.DataWriter;

/**
 * The socket writer of one HTTP/2 client connection: gathers the last frames of the responses
 * that end together on the connection into one {@code write(2)}, as HAProxy's mux writes the
 * frames of many streams at once.
 *
 * <p>Helidon runs every stream on its own virtual thread and writes every frame with its own
 * {@code write(2)}. A frame is held here only when the writing thread is inside a
 * {@link #finishing(LastCall) finishing} section (the stream's last call into Helidon) and the
 * frame ends its stream (END_STREAM set): such a frame has passed flow control and nothing
 * after it waits for the client, so holding it until the section ends cannot stall anyone.
 * Every other frame (a HEADERS frame a body follows, a DATA frame that does not end its
 * stream, the connection's SETTINGS, PING and GOAWAY frames) is written at once, after the
 * held ones, in one {@code write(2)} with them: the bytes reach the socket in the order
 * Helidon wrote them, which HPACK's dynamic table requires.
 *
 * <p>When a section ends with frames held, one finishing thread takes the duty to write them:
 * it yields its carrier first, so that the other streams that are ready end theirs, then
 * writes everything held in one call; a section that ends while another holds the duty leaves
 * its frames to it. A write failure is remembered: every later write fails the same way, since
 * the frames held for other streams are lost with the connection. Thread-safe.
 */
final class H2WriteBatch implements DataWriter {
    /** Set by a stream's thread around its last call into Helidon; see {@link #finishing}. */
    private static final ScopedValue<Section> SECTION = ScopedValue.newInstance();
    /** Frame type HEADERS and DATA, and the END_STREAM flag (RFC 9113 §6.1, §6.2). */
    private static final int DATA = 0x0, HEADERS = 0x1, END_STREAM = 0x1;
    /** Held bytes beyond which the holding thread writes them itself (a few responses' worth). */
    private static final int MAX_HELD = 64 * 1024;

    private final DataWriter socket;
    private final ReentrantLock lock = new ReentrantLock();
    private final List<BufferData> held = new ArrayList<>();
    private int heldBytes;
    /** A finishing thread has yielded and will write what is held. */
    private boolean duty;
    private UncheckedIOException failed;

    /** @param socket Helidon's writer of the connection's socket (writes at once) */
    H2WriteBatch(DataWriter socket) {
        this.socket = socket;
    }

    /**
     * Runs {@code lastCall} (a stream's last call into Helidon, which writes the frames that end
     * the stream) so that those frames may be held and written with other streams' frames; on
     * return they are written, or another finishing thread has the duty to write them.
     * Accepts any thread; on a connection without a batch it only runs {@code lastCall}.
     *
     * @throws UncheckedIOException when the connection's socket failed
     */
    static void finishing(LastCall lastCall) throws IOException {
        Section section = new Section();
        ScopedValue.where(SECTION, section).call(() -> {
            lastCall.run();
            return null;
        });
        if (section.batch != null) {
            section.batch.endSection();
        }
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
     * Holds {@code frame} when it ends its stream inside a finishing section, else writes it
     * at once after whatever is held. {@code frame} is one whole frame (Helidon writes each
     * frame in one call) that Helidon does not touch again.
     */
    @Override
    public void writeNow(BufferData frame) {
        Section section = SECTION.isBound() ? SECTION.get() : null;
        lock.lock();
        try {
            checkFailed();
            if (section != null && endsStream(frame)) {
                held.add(frame);
                heldBytes += frame.available();
                section.batch = this;
                if (heldBytes < MAX_HELD) {
                    return;
                }
            } else {
                held.add(frame);
            }
            writeHeld();
        } finally {
            lock.unlock();
        }
    }

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

    /**
     * A section that held frames ended: writes them, after a yield that lets other streams
     * end theirs, unless they were written already or another thread has the duty.
     */
    private void endSection() {
        lock.lock();
        try {
            if (held.isEmpty() || duty) {
                return;
            }
            duty = true;
        } finally {
            lock.unlock();
        }
        Thread.yield();
        lock.lock();
        try {
            duty = false;
            checkFailed();
            writeHeld();
        } finally {
            lock.unlock();
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
        } catch (RuntimeException e) { // Helidon's SocketWriterException and the like
            failed = new UncheckedIOException(new IOException("client connection write failed", e));
            throw e;
        }
    }

    private void checkFailed() {
        if (failed != null) {
            throw new UncheckedIOException(failed.getCause().getMessage(), failed.getCause());
        }
    }

    /** True when {@code frame} is a DATA or HEADERS frame with END_STREAM set (9-octet frame header). */
    static boolean endsStream(BufferData frame) {
        if (frame.available() < 9) {
            return false;
        }
        int type = frame.get(3) & 0xff;
        int flags = frame.get(4) & 0xff;
        return (type == DATA || type == HEADERS) && (flags & END_STREAM) != 0;
    }

    /** A stream's last call into Helidon. */
    interface LastCall {
        void run() throws IOException;
    }

    /** One finishing section: which batch, if any, held its frames. */
    private static final class Section {
        H2WriteBatch batch;
    }
}
