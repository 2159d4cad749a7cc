package dev.weft.mux.h2;

import dev.weft.http.HeaderList;
import dev.weft.http.ResponseHead;
import dev.weft.stream.IoWatchdog;
import dev.weft.stream.WatchedDeadline;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-off between an {@link H2Session}'s reader and one stream's virtual thread, which
 * blocks here for the response head, body bytes, trailers, a reset or the end.
 *
 * <p>Producer side (the session's reader, never blocking; {@link #aborted} also from a thread
 * that ends the connection): {@link #head}, {@link #trailers}, {@link #data}, {@link #end},
 * {@link #aborted}. Consumer side (the stream's thread only):
 * {@link #awaitHead}, {@link #read}, {@link #close}. Each DATA frame is queued as a copy with its
 * flow-control credit (data and padding); the consumer hands the credit to a {@link Credits} as
 * it takes the frame, so the server's window opens at the client's pace and at most one stream
 * window is queued here. A body longer or shorter than the final head's Content-Length fails the
 * stream, as RFC 9113 §8.1.1 makes it malformed.
 */
final class H2DataBridge {
    /** Where the consumer's flow-control credit goes (the stream, then its session). */
    interface Credits {
        /**
         * The consumer took a frame worth {@code credit} bytes of window.
         *
         * @param streamOpen whether the server may still send on the stream (a stream window update is useful)
         */
        void consumed(int credit, boolean streamOpen);
    }

    /** The stream ended abnormally: reset by the server or by weft, or its connection failed. */
    static final class StreamAborted extends Exception {
        private final int errorCode;
        private final boolean notProcessed;

        /**
         * @param errorCode    the RFC 9113 §7 error code, or -1 when the connection failed
         * @param notProcessed the server said it did not process the stream (REFUSED_STREAM, above GOAWAY's id)
         */
        StreamAborted(String message, int errorCode, boolean notProcessed) {
            super(message, null, false, false);
            this.errorCode = errorCode;
            this.notProcessed = notProcessed;
        }

        int errorCode() {
            return errorCode;
        }

        boolean notProcessed() {
            return notProcessed;
        }
    }

    /** One DATA frame's bytes and the window credit they give back once taken. */
    private record Chunk(byte[] bytes, int credit) {
    }

    private final IoWatchdog watchdog;
    private final Credits credits;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<ResponseHead> heads = new ArrayDeque<>(2);
    private final ArrayDeque<Chunk> chunks = new ArrayDeque<>();
    private boolean endReceived;
    /** The stream's thread is done with it: data arriving now is nobody's. */
    private boolean closed;
    private HeaderList trailers;
    private StreamAborted abort;
    /** Content-Length of the final response when it binds the body, else -1; data bytes received. */
    private long expectedLength = -1;
    private long receivedLength;
    // consumer thread only
    private Chunk current;
    private int currentPos;
    private boolean ended;

    /**
     * @param watchdog keeps the deadlines of the consumer's waits (see WatchedDeadline)
     * @param credits  receives the credit of each frame the consumer takes
     */
    H2DataBridge(IoWatchdog watchdog, Credits credits) {
        this.watchdog = watchdog;
        this.credits = credits;
    }

    // ---- producer side: the session's reader ----------------------------------------------------

    /**
     * A response head arrived (interim or final). {@code bodyBound} says whether the final head's
     * Content-Length binds the body (not for HEAD, 204, 304); {@code contentLength} is -1 when absent.
     */
    void head(ResponseHead h, boolean bodyBound, long contentLength) {
        lock.lock();
        try {
            heads.add(h);
            if (h.status() >= 200 && bodyBound) {
                expectedLength = contentLength;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /** Trailer fields arrived; the end of the stream comes with them. */
    void trailers(HeaderList t) {
        lock.lock();
        try {
            trailers = t;
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * A DATA frame arrived: {@code bytes} (a copy), worth {@code credit} of window. Returns the
     * credit nobody will take (the stream already failed or ended), which the caller gives back
     * to the connection at once; or -1 when this frame made the body longer than its
     * Content-Length (the stream is now aborted; the caller resets it and gives back the credit).
     */
    int data(byte[] bytes, int credit) {
        lock.lock();
        try {
            if (closed || abort != null || endReceived) {
                return credit;
            }
            receivedLength += bytes.length;
            if (expectedLength >= 0 && receivedLength > expectedLength) {
                abort = new StreamAborted("response body longer than its content-length " + expectedLength, 0x1, false);
                changed.signalAll();
                return -1;
            }
            chunks.add(new Chunk(bytes, credit));
            changed.signalAll();
            return 0;
        } finally {
            lock.unlock();
        }
    }

    /**
     * END_STREAM arrived. Returns false when the body was shorter than its Content-Length (the
     * stream is then aborted; the caller resets it).
     */
    boolean end() {
        lock.lock();
        try {
            if (abort != null) {
                return true;
            }
            if (expectedLength >= 0 && receivedLength != expectedLength) {
                abort = new StreamAborted("response body shorter than its content-length (" + receivedLength
                        + " of " + expectedLength + ")", 0x1, false);
                changed.signalAll();
                return false;
            }
            endReceived = true;
            changed.signalAll();
            return true;
        } finally {
            lock.unlock();
        }
    }

    /**
     * The stream was reset or failed; the first cause wins. Ignored once END_STREAM arrived with
     * a well-formed body: a reset or a connection end after a complete response (RST_STREAM
     * NO_ERROR after an early answer, RFC 9113 §8.1; a close after the last response) takes
     * nothing from it. From the reader, or from any thread that ends the connection.
     */
    void aborted(StreamAborted why) {
        lock.lock();
        try {
            if (abort == null && !endReceived) {
                abort = why;
            }
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- consumer side: the stream's thread -----------------------------------------------------

    /**
     * Waits for the next response head, at most {@code timeoutNanos}.
     *
     * @throws StreamAborted        the stream was reset or failed before a head came
     * @throws TimeoutException     no head within the timeout
     * @throws InterruptedException the thread was interrupted (shutdown)
     */
    ResponseHead awaitHead(long timeoutNanos) throws StreamAborted, TimeoutException, InterruptedException {
        lock.lock();
        try {
            if (heads.isEmpty()) {
                try (WatchedDeadline d = WatchedDeadline.start(watchdog, timeoutNanos)) {
                    while (heads.isEmpty()) {
                        if (abort != null) {
                            throw abort;
                        }
                        d.await(changed, "no response head");
                    }
                }
            }
            return heads.poll();
        } finally {
            lock.unlock();
        }
    }

    /**
     * Moves body bytes into {@code into}: returns how many (more than 0 when {@code into} has
     * room), or -1 at the end of the body. Waits at most {@code timeoutNanos} for data to come.
     * Data queued before an abort is read first; then the abort is thrown.
     *
     * @throws StreamAborted    the stream was reset or failed before its end
     * @throws TimeoutException no data within the timeout
     */
    int read(ByteBuffer into, long timeoutNanos) throws StreamAborted, TimeoutException, InterruptedException {
        while (!ended && (current == null || currentPos == current.bytes().length)) {
            current = null;
            boolean streamOpen;
            lock.lock();
            try {
                if (chunks.isEmpty()) {
                    try (WatchedDeadline d = WatchedDeadline.start(watchdog, timeoutNanos)) {
                        while (chunks.isEmpty()) {
                            if (abort != null) {
                                throw abort;
                            }
                            if (endReceived) {
                                ended = true;
                                return -1;
                            }
                            d.await(changed, "no response data");
                        }
                    }
                }
                current = chunks.poll();
                currentPos = 0;
                streamOpen = !endReceived && abort == null;
            } finally {
                lock.unlock();
            }
            // outside the lock: the credit may write a WINDOW_UPDATE
            credits.consumed(current.credit(), streamOpen);
        }
        if (ended) {
            return -1;
        }
        int n = Math.min(into.remaining(), current.bytes().length - currentPos);
        into.put(current.bytes(), currentPos, n);
        currentPos += n;
        return n;
    }

    /**
     * Waits at most {@code timeoutNanos} for the reason the stream was aborted; returns it, or
     * null when none came or none will (the response ended whole). Consumes nothing.
     */
    StreamAborted awaitAbort(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            if (abort == null && !endReceived && timeoutNanos > 0) {
                try (WatchedDeadline d = WatchedDeadline.start(watchdog, timeoutNanos)) {
                    while (abort == null && !endReceived) {
                        d.await(changed, "no reset");
                    }
                } catch (TimeoutException none) {
                    // none came in time: the caller reports the failure it has
                }
            }
            return abort;
        } finally {
            lock.unlock();
        }
    }

    /**
     * True when the stream needs no reset from weft: the server ended it (a reset, a failure) or
     * ended its response whole while weft's request had ended too ({@code requestDone}).
     */
    boolean serverEnded(boolean requestDone) {
        lock.lock();
        try {
            return abort != null || (endReceived && requestDone);
        } finally {
            lock.unlock();
        }
    }

    /** Trailer fields received (empty when none, or not yet). */
    HeaderList trailers() {
        lock.lock();
        try {
            return trailers == null ? new HeaderList() : trailers;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Drops the data still queued (the stream is done with, cleanly or not) and returns its
     * credit, which the caller gives back to the connection; data arriving later is refused
     * ({@link #data} returns its credit). Idempotent.
     */
    int close() {
        int unread = 0;
        lock.lock();
        try {
            closed = true;
            for (Chunk c : chunks) {
                unread += c.credit();
            }
            chunks.clear();
        } finally {
            lock.unlock();
        }
        current = null;
        return unread;
    }
}
