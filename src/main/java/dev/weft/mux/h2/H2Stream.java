package dev.weft.mux.h2;

import dev.weft.failure.StreamFailure;
import dev.weft.http.RequestHead;
import dev.weft.http.HeaderList;
import dev.weft.http.ResponseHead;
import dev.weft.mux.MuxException;
import dev.weft.mux.MuxStream;
import dev.weft.mux.h2.H2DataBridge.StreamAborted;
import dev.weft.stream.IoWatchdog;

import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.frames.HeadersFrame;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicLong;

/**
 * One exchange on an {@link H2Mux}: one HTTP/2 stream (HAProxy's {@code h2s}). The
 * {@link MuxStream} side is confined to the owning stream's thread and blocks on an
 * {@link H2DataBridge}; the {@link H2Session.Listener} side is called by the session's reader: it
 * feeds the bridge, and gives back window credit or resets the stream through the session's
 * non-blocking calls. Failures are classified as:
 * <pre>
 * stream not opened (closed, GOAWAY received, ids used up)  NotProcessed(requestSent=false)
 * RST_STREAM REFUSED_STREAM, stream above GOAWAY's id       NotProcessed(requestSent=true)
 * other reset / connection failure before the head          EmptyResponse
 * timeout.server before the head (a wait, or a write)       ResponseTimeout
 * reset / failure / wrong length inside the body            ServerAbortedData
 * timeout.server inside the body                            DataTimeout
 * </pre>
 * Its stream slot is given back when weft detaches it (RST_STREAM sent first unless both sides
 * ended, so the server's count drops before any later stream of weft's arrives).
 */
final class H2Stream implements MuxStream, H2Session.Listener, H2DataBridge.Credits {
    private final H2Mux mux;
    private final H2Session session;
    private final boolean reused;
    private final Duration timeout;
    private final IoWatchdog watchdog;
    private final H2DataBridge bridge;
    /** What the server may still send on this stream before weft's next WINDOW_UPDATE: the reader takes, the stream's thread gives. */
    private final AtomicLong recvWindow = new AtomicLong(H2Session.STREAM_WINDOW);
    /** Set by the session before the reader can see the stream (the stream map's put publishes it). */
    private int id = -1;
    // the stream's thread
    private String method = "GET";
    private boolean requestStarted;
    private boolean requestDone;
    private boolean detached;
    private long unacked;
    private volatile boolean responseStarted;

    /**
     * @param watchdog keeps the deadlines of the waits (not timed parks: see WatchedDeadline)
     * @param timeout  {@code timeout.server}: bounds each wait for the server
     */
    H2Stream(H2Mux mux, H2Session session, boolean reused, IoWatchdog watchdog, Duration timeout) {
        this.mux = mux;
        this.session = session;
        this.reused = reused;
        this.watchdog = watchdog;
        this.timeout = timeout;
        this.bridge = new H2DataBridge(watchdog, this);
    }

    // ---- MuxStream: the stream's thread -------------------------------------------------------

    /** Opens the HTTP/2 stream with the request's HEADERS (END_STREAM when there is no body). */
    @Override
    public void sendHead(RequestHead head, long bodyLength) throws MuxException {
        method = head.method();
        MetaData.Request request = H2Fields.request(head, bodyLength);
        boolean endStream = bodyLength == 0;
        try {
            session.newStream(request, endStream, this);
        } catch (IllegalStateException e) {
            throw new MuxException(new StreamFailure.NotProcessed("HTTP/2 stream not opened: " + e.getMessage(), false), e);
        } catch (IOException e) {
            throw new MuxException(session.writeTimedOut() ? new StreamFailure.ResponseTimeout()
                    : new StreamFailure.EmptyResponse(reused, true, idempotent()), e);
        }
        requestStarted = true;
        requestDone = endStream;
        int lastId = session.goAwayLastStreamId();
        if (lastId >= 0 && id > lastId) {
            // Opened while a GOAWAY was being read: the server drops it unanswered.
            throw new MuxException(new StreamFailure.NotProcessed(
                    "stream " + id + " above GOAWAY last-stream-id " + lastId, true));
        }
    }

    /** Sends body bytes within the send windows and returns once written: bounded memory. */
    @Override
    public void sendBody(ByteBuffer data, boolean last) throws MuxException {
        if (!data.hasRemaining() && !last) {
            return;
        }
        try {
            session.sendData(id, data, last, watchdog, timeout.toNanos());
        } catch (IOException e) {
            throw new MuxException(sendFailed(), e);
        } catch (TimeoutException e) {
            throw new MuxException(new StreamFailure.ResponseTimeout(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new MuxException(new StreamFailure.EmptyResponse(false, true, idempotent()), e);
        }
        requestDone = last;
    }

    /**
     * A DATA write failed: the stream was reset (maybe refused), the connection failed, or a
     * write timed out. A reset's reason is recorded before the session forgets the stream; a
     * connection's end marks the session closed first and the streams' reasons just after, so
     * then the reason is awaited (it is on its way).
     */
    private StreamFailure sendFailed() {
        if (session.writeTimedOut()) {
            return new StreamFailure.ResponseTimeout();
        }
        StreamAborted why;
        try {
            why = bridge.awaitAbort(session.isClosed() ? timeout.toNanos() : 0);
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

    /**
     * From the bridge, on this stream's thread: a frame worth {@code credit} was taken. The
     * connection's window gets it back; the stream's too, once half of it was consumed and while
     * the server may still send.
     */
    @Override
    public void consumed(int credit, boolean streamOpen) {
        session.consumed(credit);
        unacked += credit;
        if (streamOpen && unacked >= H2Session.STREAM_WINDOW / 2) {
            recvWindow.addAndGet(unacked);
            session.streamWindowUpdate(id, unacked);
            unacked = 0;
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

    /**
     * Ends weft's use of the stream, once: resets it (CANCEL) unless both sides ended or the
     * server ended it, gives the connection's window back for data never read, frees the slot.
     * Called by the mux.
     */
    void detach() {
        if (detached) {
            return;
        }
        detached = true;
        boolean closedBothWays = bridge.serverEnded(requestDone);
        session.consumed(bridge.close());
        if (id > 0) {
            session.release(id, closedBothWays ? -1 : ErrorCode.CANCEL_STREAM_ERROR.code);
        }
        mux.slotFreed();
    }

    /** RFC 9110 §9.2.2: the request's method may be repeated with the effect of one. */
    private boolean idempotent() {
        return RequestHead.idempotent(method);
    }

    // ---- H2Session.Listener: the session's reader, never blocking -----------------------------

    @Override
    public void opened(int streamId) {
        id = streamId;
    }

    @Override
    public void onHeaders(HeadersFrame frame) {
        MetaData md = frame.getMetaData();
        if (md.isResponse()) {
            MetaData.Response r = (MetaData.Response) md;
            responseStarted = true;
            int status = r.getStatus();
            bridge.head(H2Fields.response(r), status != 204 && status != 304 && !"HEAD".equals(method), r.getContentLength());
        } else {
            bridge.trailers(H2Fields.headers(md.getHttpFields()));
        }
        if (frame.isEndStream() && !bridge.end()) {
            session.release(id, ErrorCode.PROTOCOL_ERROR.code);
        }
    }

    @Override
    public void onData(byte[] bytes, int credit, boolean last) {
        if (recvWindow.addAndGet(-credit) < 0) {
            bridge.aborted(new StreamAborted("the server exceeded the stream's receive window",
                    ErrorCode.FLOW_CONTROL_ERROR.code, false));
            session.consumed(credit);
            session.release(id, ErrorCode.FLOW_CONTROL_ERROR.code);
            return;
        }
        int dropped = bridge.data(bytes, credit);
        if (dropped < 0) {
            session.consumed(credit);
            session.release(id, ErrorCode.PROTOCOL_ERROR.code);
            return;
        }
        session.consumed(dropped);
        if (last && !bridge.end()) {
            session.release(id, ErrorCode.PROTOCOL_ERROR.code);
        }
    }

    @Override
    public void onAbort(String why, int error, boolean notProcessed) {
        bridge.aborted(new StreamAborted(why, error, notProcessed));
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
}
