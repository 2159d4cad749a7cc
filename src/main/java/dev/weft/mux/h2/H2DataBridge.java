package dev.weft.mux.h2;

import dev.weft.http.HeaderList;
import dev.weft.http.ResponseHead;

import dev.weft.stream.IoWatchdog;
import dev.weft.stream.WatchedDeadline;
import org.eclipse.jetty.http2.api.Stream;

import java.nio.ByteBuffer;
import java.util.ArrayDeque;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

/**
 * The hand-off between Jetty's callbacks for one HTTP/2 stream and the stream's virtual thread,
 * which blocks here for the response head, body bytes, trailers, a reset or the end.
 *
 * <p>Producer side (Jetty's threads, never blocking): {@link #head}, {@link #trailers},
 * {@link #dataAvailable}, {@link #aborted}. Consumer side (the stream's thread only):
 * {@link #awaitHead}, {@link #read}, {@link #close}. Body bytes are pulled, not pushed: the
 * consumer calls {@code readData()} when it wants bytes and {@code demand()} only when none are
 * there, and releases each {@link Stream.Data} once its bytes are copied out. Jetty enlarges the
 * flow-control window on {@code readData()}, so the server sends at the client's pace and at most
 * one stream window is held here.
 */
final class H2DataBridge {
    /** Where body data comes from: Jetty's {@link Stream} (an interface so tests can script it). */
    interface DataSource {
        /** The next data, or null when none is queued. */
        Stream.Data readData();

        /** Asks for a call to {@link H2DataBridge#dataAvailable} once data is queued. */
        void demand();
    }

    /** The stream ended abnormally: reset by the server or by Jetty, or its connection failed. */
    static final class StreamAborted extends Exception {
        private final int errorCode;
        private final boolean notProcessed;

        /**
         * @param errorCode    the RFC 9113 §7 error code, or -1 when the connection failed
         * @param notProcessed the server said it did not process the stream (REFUSED_STREAM, GOAWAY below it)
         */
        StreamAborted(String message, int errorCode, boolean notProcessed, Throwable cause) {
            super(message, cause);
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

    private final DataSource source;
    private final IoWatchdog watchdog;
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    // guarded by lock
    private final ArrayDeque<ResponseHead> heads = new ArrayDeque<>(2);
    private boolean dataSignalled;
    private HeaderList trailers;
    private StreamAborted abort;
    // consumer thread only
    private Stream.Data current;
    private boolean ended;

    /** @param watchdog keeps the deadlines of the consumer's waits (see WatchedDeadline) */
    H2DataBridge(IoWatchdog watchdog, DataSource source) {
        this.watchdog = watchdog;
        this.source = source;
    }

    // ---- producer side: Jetty's threads ------------------------------------------------------

    /** A response head arrived (interim or final). */
    void head(ResponseHead h) {
        signal(() -> heads.add(h));
    }

    /** Trailer fields arrived; Jetty queues the end of stream after them. */
    void trailers(HeaderList t) {
        signal(() -> trailers = t);
    }

    /** Data (or the end of stream) is queued after a demand. */
    void dataAvailable() {
        signal(() -> dataSignalled = true);
    }

    /** The stream was reset or failed; the first cause wins. */
    void aborted(StreamAborted why) {
        signal(() -> {
            if (abort == null) {
                abort = why;
            }
        });
    }

    private void signal(Runnable change) {
        lock.lock();
        try {
            change.run();
            changed.signalAll();
        } finally {
            lock.unlock();
        }
    }

    // ---- consumer side: the stream's thread ---------------------------------------------------

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
     *
     * @throws StreamAborted    the stream was reset or failed before its end
     * @throws TimeoutException no data within the timeout
     */
    int read(ByteBuffer into, long timeoutNanos) throws StreamAborted, TimeoutException, InterruptedException {
        if (ended) {
            return -1;
        }
        long deadline = System.nanoTime() + timeoutNanos;
        while (true) {
            if (current == null && !next(deadline)) {
                continue;
            }
            ByteBuffer bytes = current.frame().getByteBuffer();
            int n = Math.min(bytes.remaining(), into.remaining());
            into.put(into.position(), bytes, bytes.position(), n);
            into.position(into.position() + n);
            bytes.position(bytes.position() + n);
            if (!bytes.hasRemaining()) {
                boolean last = current.frame().isEndStream();
                current.release();
                current = null;
                if (last) {
                    ended = true;
                    return n > 0 ? n : -1;
                }
            }
            if (n > 0 || !into.hasRemaining()) {
                return n;
            }
        }
    }

    /**
     * Makes {@link #current} the next queued data, or waits for a signal. Returns true when
     * current is set, false to try again after a signal.
     */
    private boolean next(long deadline) throws StreamAborted, TimeoutException, InterruptedException {
        lock.lock();
        try {
            // Cleared before readData(): a signal after our demand() below is never lost.
            dataSignalled = false;
        } finally {
            lock.unlock();
        }
        // Queued data first: Jetty closes a finished stream (and may report it closed) before
        // the consumer has read its last bytes; a reset drains the queue, so nothing stale is read.
        current = source.readData();
        if (current != null) {
            return true;
        }
        lock.lock();
        try {
            if (abort != null) {
                throw abort;
            }
        } finally {
            lock.unlock();
        }
        source.demand();
        lock.lock();
        try {
            if (!dataSignalled && abort == null) {
                long left = deadline - System.nanoTime();
                if (left <= 0) {
                    throw new TimeoutException("no response data");
                }
                try (WatchedDeadline d = WatchedDeadline.start(watchdog, left)) {
                    while (!dataSignalled && abort == null) {
                        d.await(changed, "no response data");
                    }
                }
            }
            return false;
        } finally {
            lock.unlock();
        }
    }

    /**
     * Waits at most {@code timeoutNanos} for the reason the stream was aborted; returns it, or
     * null when none came. Consumes nothing.
     */
    StreamAborted awaitAbort(long timeoutNanos) throws InterruptedException {
        lock.lock();
        try {
            if (abort == null && timeoutNanos > 0) {
                try (WatchedDeadline d = WatchedDeadline.start(watchdog, timeoutNanos)) {
                    while (abort == null) {
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

    /** True once the end of the body was read. */
    boolean ended() {
        return ended;
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

    /** Releases the data held, if any (the stream is done with, cleanly or not). Idempotent. */
    void close() {
        if (current != null) {
            current.release();
            current = null;
        }
    }
}
