package dev.weft.mux.h2;

import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.frames.GoAwayFrame;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.eclipse.jetty.util.Callback;

import java.io.Closeable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;

/**
 * One HTTP/2 session to a server (Jetty's {@link Session}) and the listener of its
 * connection-level events: the server's SETTINGS (stream limit), GOAWAY, close and failure, which
 * it forwards to the {@link H2Mux} bound to it. It is the {@code Closeable} endpoint of the
 * session's {@link dev.weft.backend.Connection}. Thread-safe: Jetty calls the listener on its
 * threads; {@link #close} may come from any thread.
 */
public final class H2Session implements Session.Listener, Closeable {
    /** The most streams weft opens on one connection when the server sets no limit. */
    static final int DEFAULT_MAX_STREAMS = 128;

    private final CountDownLatch firstSettings = new CountDownLatch(1);
    private volatile Session session;
    private volatile int maxStreams = DEFAULT_MAX_STREAMS;
    private volatile H2Mux mux;
    private volatile int goAwayLastStreamId = -1;
    private volatile boolean closed;

    H2Session() {
    }

    /** Called once Jetty's connect completed. */
    void connected(Session s) {
        this.session = s;
    }

    /** Waits for the server's first SETTINGS (it carries the stream limit); false on timeout. */
    boolean awaitSettings(long timeoutNanos) throws InterruptedException {
        return firstSettings.await(timeoutNanos, TimeUnit.NANOSECONDS);
    }

    /** Binds the mux that receives the connection-level events; replays a GOAWAY or close seen before. */
    void bind(H2Mux m) {
        this.mux = m;
        if (goAwayLastStreamId >= 0) {
            m.goAway(goAwayLastStreamId);
        }
        if (closed) {
            m.sessionClosed();
        }
    }

    Session jetty() {
        return session;
    }

    /** The server's SETTINGS_MAX_CONCURRENT_STREAMS, capped at {@link #DEFAULT_MAX_STREAMS}. */
    int maxStreams() {
        return maxStreams;
    }

    /** The last-stream-id of a GOAWAY received, or -1 when none was. */
    int goAwayLastStreamId() {
        return goAwayLastStreamId;
    }

    @Override
    public void onSettings(Session s, SettingsFrame frame) {
        Integer max = frame.getSettings().get(SettingsFrame.MAX_CONCURRENT_STREAMS);
        if (max != null) {
            maxStreams = Math.min(Math.max(0, max), DEFAULT_MAX_STREAMS);
            H2Mux m = mux;
            if (m != null) {
                m.streamLimit(maxStreams);
            }
        }
        firstSettings.countDown();
    }

    @Override
    public void onGoAway(Session s, GoAwayFrame frame) {
        goAwayLastStreamId = frame.getLastStreamId();
        H2Mux m = mux;
        if (m != null) {
            m.goAway(frame.getLastStreamId());
        }
    }

    @Override
    public void onClose(Session s, GoAwayFrame frame, Callback callback) {
        ended();
        callback.succeeded();
    }

    @Override
    public void onFailure(Session s, Throwable failure, Callback callback) {
        ended();
        callback.succeeded();
    }

    /** Idle sessions are closed by weft's pool purge, never by Jetty under a waiting stream. */
    @Override
    public boolean onIdleTimeout(Session s) {
        return false;
    }

    private void ended() {
        closed = true;
        firstSettings.countDown();
        H2Mux m = mux;
        if (m != null) {
            m.sessionClosed();
        }
    }

    boolean isClosed() {
        return closed || (session != null && session.isClosed());
    }

    /** Closes the session (GOAWAY NO_ERROR, then the socket); streams still open fail. Idempotent. */
    @Override
    public void close() {
        closed = true;
        Session s = session;
        if (s != null) {
            s.close(ErrorCode.NO_ERROR.code, "weft: connection closed", Callback.NOOP);
        }
    }
}
