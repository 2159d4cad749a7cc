package dev.weft.mux.h2;

import dev.weft.failure.StreamFailure;
import dev.weft.http.HeaderList;
import dev.weft.http.RequestHead;
import dev.weft.http.ResponseHead;
import dev.weft.mux.MuxException;
import dev.weft.mux.MuxStream;
import dev.weft.mux.h2.H2DataBridge.StreamAborted;
import dev.weft.stream.IoWatchdog;
import dev.weft.stream.WatchedDeadline;

import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.RetryableStreamException;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Promise;

import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeoutException;

/**
 * One exchange on an {@link H2Mux}: one HTTP/2 stream (HAProxy's {@code h2s}). The
 * {@link MuxStream} side is confined to the owning stream's thread and blocks on an
 * {@link H2DataBridge}; the {@link Stream.Listener} side is called by Jetty's threads and only
 * feeds the bridge. Failures are classified as:
 * <pre>
 * Session.newStream refused (limit, GOAWAY, closed)    NotProcessed(requestSent=false)
 * RST_STREAM REFUSED_STREAM, stream above GOAWAY's id  NotProcessed(requestSent=true)
 * other reset / connection failure before the head     EmptyResponse
 * timeout.server before the head                       ResponseTimeout
 * reset / failure inside the body                      ServerAbortedData
 * timeout.server inside the body                       DataTimeout
 * </pre>
 * Its stream slot is given back once weft has detached it and Jetty has closed it (or never
 * opened it), so Jetty's own stream count never exceeds the server's limit.
 */
final class H2Stream implements MuxStream, Stream.Listener {
    private final H2Mux mux;
    private final boolean reused;
    private final Duration timeout;
    private final IoWatchdog watchdog;
    private final H2DataBridge bridge;
    private volatile Stream stream;
    private String method = "GET";
    private boolean requestStarted;
    private boolean requestDone;
    private volatile boolean responseStarted;
    // slot release: guarded by this
    private boolean jettyOpened;
    private boolean jettyClosed;
    private boolean detached;
    private boolean slotFreed;

    /**
     * @param watchdog keeps the deadlines of the waits (not timed parks: see WatchedDeadline)
     * @param timeout  {@code timeout.server}: bounds each wait for the server
     */
    H2Stream(H2Mux mux, boolean reused, IoWatchdog watchdog, Duration timeout) {
        this.mux = mux;
        this.reused = reused;
        this.watchdog = watchdog;
        this.timeout = timeout;
        this.bridge = new H2DataBridge(watchdog, new H2DataBridge.DataSource() {
            @Override
            public Stream.Data readData() {
                return stream.readData();
            }

            @Override
            public void demand() {
                stream.demand();
            }
        });
    }

    // ---- MuxStream: the stream's thread -------------------------------------------------------

    /** Opens the HTTP/2 stream with the request's HEADERS (END_STREAM when there is no body). */
    @Override
    public void sendHead(RequestHead head, long bodyLength) throws MuxException {
        method = head.method();
        MetaData.Request request = H2Fields.request(head, bodyLength);
        boolean endStream = bodyLength == 0;
        CompletableFuture<Stream> opened = new CompletableFuture<>();
        mux.session().jetty().newStream(new HeadersFrame(request, null, endStream), new Promise<>() {
            @Override
            public void succeeded(Stream s) {
                jettyOpened();
                opened.complete(s);
            }

            @Override
            public void failed(Throwable x) {
                opened.completeExceptionally(x);
            }
        }, this);
        try {
            stream = settled(opened, "HTTP/2 stream not opened");
        } catch (ExecutionException e) {
            throw new MuxException(notOpened(e.getCause()), e.getCause());
        } catch (TimeoutException e) {
            // Reset it if it opens after all, so it never holds a slot at the server.
            opened.thenAccept(s -> s.reset(new ResetFrame(s.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP));
            throw new MuxException(new StreamFailure.ResponseTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            opened.thenAccept(s -> s.reset(new ResetFrame(s.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP));
            throw new MuxException(new StreamFailure.EmptyResponse(false, false, idempotent()), e);
        }
        requestStarted = true;
        requestDone = endStream;
        int lastId = mux.goAwayLastStreamId();
        if (lastId >= 0 && stream.getId() > lastId) {
            // Opened while a GOAWAY was being processed: Jetty failed the streams above its
            // last-stream-id before this one was registered, and the server drops it unanswered.
            stream.reset(new ResetFrame(stream.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP);
            throw new MuxException(new StreamFailure.NotProcessed(
                    "stream " + stream.getId() + " above GOAWAY last-stream-id " + lastId, true));
        }
    }

    /**
     * The value of {@code future} (Jetty's answer to this thread's call), at once when it is
     * there (Jetty usually writes in the calling thread), else within {@code timeout.server}.
     */
    private <T> T settled(CompletableFuture<T> future, String what)
            throws ExecutionException, TimeoutException, InterruptedException {
        if (future.isDone()) {
            return future.get();
        }
        try (WatchedDeadline d = WatchedDeadline.start(watchdog, timeout.toNanos())) {
            return d.get(future, what);
        }
    }

    /**
     * Why newStream failed: an IllegalStateException is Jetty refusing locally (stream limit,
     * GOAWAY received, session closed), so nothing reached the server; an I/O failure while
     * writing the HEADERS may have.
     */
    private StreamFailure notOpened(Throwable cause) {
        if (cause instanceof IllegalStateException || mux.goingAway()) {
            return new StreamFailure.NotProcessed("HTTP/2 stream not opened: " + cause.getMessage(), false);
        }
        return new StreamFailure.EmptyResponse(reused, true, idempotent());
    }

    /** Sends body bytes in one DATA frame (Jetty splits it) and waits until written: bounded memory. */
    @Override
    public void sendBody(ByteBuffer data, boolean last) throws MuxException {
        if (!data.hasRemaining() && !last) {
            return;
        }
        CompletableFuture<Void> written = new CompletableFuture<>();
        stream.data(new DataFrame(stream.getId(), data, last), Callback.from(() -> written.complete(null),
                written::completeExceptionally));
        try {
            settled(written, "DATA not written");
        } catch (ExecutionException e) {
            throw new MuxException(sendFailed(), e.getCause());
        } catch (TimeoutException e) {
            throw new MuxException(new StreamFailure.ResponseTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MuxException(new StreamFailure.EmptyResponse(false, true, idempotent()), e);
        }
        data.position(data.limit());
        requestDone = last;
    }

    /**
     * A DATA write failed: the stream was reset (maybe refused) or the connection failed. Jetty
     * may fail the write before it notifies the reset that caused it, so for a stream reset by
     * the server the reason is awaited (it is on its way) to tell a refusal from the rest.
     */
    private StreamFailure sendFailed() {
        StreamAborted why;
        try {
            why = bridge.awaitAbort(stream.isReset() ? timeout.toNanos() : 0);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            why = null;
        }
        return why != null ? beforeHead(why) : new StreamFailure.EmptyResponse(reused, true, idempotent());
    }

    @Override
    public ResponseHead receiveHead() throws MuxException {
        try {
            return bridge.awaitHead(timeout.toNanos());
        } catch (StreamAborted a) {
            throw new MuxException(beforeHead(a), a);
        } catch (TimeoutException e) {
            throw new MuxException(new StreamFailure.ResponseTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MuxException(new StreamFailure.EmptyResponse(false, requestStarted, idempotent()), e);
        }
    }

    /** A stream that ended before its response head: refused (retryable for any method) or lost. */
    private StreamFailure beforeHead(StreamAborted a) {
        if (a.notProcessed()) {
            return new StreamFailure.NotProcessed(a.getMessage(), requestStarted);
        }
        return new StreamFailure.EmptyResponse(false, requestStarted, idempotent());
    }

    @Override
    public int receiveBody(ByteBuffer into) throws MuxException {
        try {
            return bridge.read(into, timeout.toNanos());
        } catch (StreamAborted a) {
            throw new MuxException(new StreamFailure.ServerAbortedData(a.getMessage()), a);
        } catch (TimeoutException e) {
            throw new MuxException(new StreamFailure.DataTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MuxException(new StreamFailure.ServerAbortedData("interrupted"), e);
        }
    }

    @Override
    public HeaderList trailers() {
        return bridge.trailers();
    }

    @Override
    public boolean requestStarted() {
        return requestStarted;
    }

    @Override
    public boolean responseStarted() {
        return responseStarted;
    }

    @Override
    public boolean reusedConnection() {
        return reused;
    }

    /** True when the request was sent whole and the response read to its end. */
    boolean finishedCleanly() {
        return requestDone && bridge.ended();
    }

    /**
     * Ends weft's use of the stream: resets it (CANCEL) unless it finished cleanly, releases held
     * data, and gives the slot back once Jetty has closed it too. Called once, by the mux.
     */
    void detach() {
        Stream s = stream;
        if (s != null && !finishedCleanly() && !s.isClosed()) {
            s.reset(new ResetFrame(s.getId(), ErrorCode.CANCEL_STREAM_ERROR.code), Callback.NOOP);
        }
        bridge.close();
        boolean free;
        synchronized (this) {
            detached = true;
            free = (!jettyOpened || jettyClosed) && !slotFreed;
            slotFreed |= free;
        }
        if (free) {
            mux.slotFreed();
        }
    }

    /** RFC 9110 §9.2.2: the request's method may be repeated with the effect of one. */
    private boolean idempotent() {
        return RequestHead.idempotent(method);
    }

    // ---- Stream.Listener: Jetty's threads, never blocking --------------------------------------

    private synchronized void jettyOpened() {
        jettyOpened = true;
    }

    @Override
    public void onHeaders(Stream s, HeadersFrame frame) {
        MetaData md = frame.getMetaData();
        if (md.isResponse()) {
            responseStarted = true;
            bridge.head(H2Fields.response((MetaData.Response) md));
        } else {
            bridge.trailers(H2Fields.headers(md.getHttpFields()));
        }
        // No demand here: the stream's thread demands when it wants body bytes.
    }

    @Override
    public void onDataAvailable(Stream s) {
        bridge.dataAvailable();
    }

    @Override
    public void onReset(Stream s, ResetFrame frame, Callback callback) {
        int code = frame.getError();
        boolean refused = code == ErrorCode.REFUSED_STREAM_ERROR.code;
        bridge.aborted(new StreamAborted("stream reset by the server: " + errorName(code), code, refused, null));
        callback.succeeded();
    }

    /** RFC 9113 §7 error code names, by code. */
    private static final String[] ERROR_NAMES = {
        "NO_ERROR", "PROTOCOL_ERROR", "INTERNAL_ERROR", "FLOW_CONTROL_ERROR", "SETTINGS_TIMEOUT", "STREAM_CLOSED",
        "FRAME_SIZE_ERROR", "REFUSED_STREAM", "CANCEL", "COMPRESSION_ERROR", "CONNECT_ERROR", "ENHANCE_YOUR_CALM",
        "INADEQUATE_SECURITY", "HTTP_1_1_REQUIRED",
    };

    /** RFC 9113 §7 name of an error code ({@code REFUSED_STREAM}), or its hex value when unknown. */
    static String errorName(int code) {
        return code >= 0 && code < ERROR_NAMES.length ? ERROR_NAMES[code] : "0x" + Integer.toHexString(code);
    }

    @Override
    public void onFailure(Stream s, int error, String reason, Throwable failure, Callback callback) {
        int lastId = mux.goAwayLastStreamId();
        boolean aboveGoAway = failure instanceof RetryableStreamException || (lastId >= 0 && s.getId() > lastId);
        String why = aboveGoAway
                ? "stream " + s.getId() + " above GOAWAY last-stream-id " + lastId
                : "HTTP/2 stream failed: " + (reason != null ? reason : String.valueOf(failure));
        bridge.aborted(new StreamAborted(why, error, aboveGoAway, failure));
        callback.succeeded();
    }

    @Override
    public void onClosed(Stream s) {
        // Not a reason for the consumer: Jetty closes a reset or failed stream *before* it
        // notifies onReset/onFailure (HTTP2Stream.onReset, onFailure), which carry the reason.
        boolean free;
        synchronized (this) {
            jettyClosed = true;
            free = detached && !slotFreed;
            slotFreed |= free;
        }
        if (free) {
            mux.slotFreed();
        }
    }
}
