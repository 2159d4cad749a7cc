package dev.weft.stream;

import dev.weft.backend.Connection;
import dev.weft.backend.Server;
import dev.weft.mux.MuxStream;

/**
 * The backend side of one client stream: created before the first connection attempt,
 * survives retries, gone when the response is done (HAProxy's conn_stream, see
 * architecture.md "The invariant"). A failed attempt {@link #reset resets} it: detached from
 * the failed connection, which is closed and never pooled (on HTTP/2: the failed stream is reset,
 * the connection's other streams go on), per-attempt state cleared; the next
 * attempt attaches this same object to another connection.
 *
 * <p>Confined to the stream's virtual thread. Muxes receive it in {@code attach}; they never
 * create one.
 */
public final class ConnStream {
    private final long id;
    private final Session session;
    private StreamState state = StreamState.INI;
    private Server server;
    private Connection connection;
    private MuxStream muxStream;
    private int attempts;
    private int resets;

    /** A new ConnStream with the given process-unique id, in state INI, of an unknown session. */
    public ConnStream(long id) {
        this(id, Session.UNKNOWN);
    }

    /** A new ConnStream with the given process-unique id, in state INI, for a stream of {@code session}. */
    public ConnStream(long id, Session session) {
        this.id = id;
        this.session = session;
    }

    public long id() {
        return id;
    }

    /** The client connection the stream came in on (FastCGI passes its addresses on). */
    public Session session() {
        return session;
    }

    public StreamState state() {
        return state;
    }

    /**
     * Moves to {@code next}. Throws IllegalStateException for a transition the state machine
     * does not allow: that is a bug in weft, never a peer's doing.
     */
    public void moveTo(StreamState next) {
        if (!state.canMoveTo(next)) {
            throw new IllegalStateException("ConnStream #" + id + ": illegal transition " + state + " -> " + next);
        }
        state = next;
    }

    /** The server of the current (or last) attempt, or null before the first. */
    public Server server() {
        return server;
    }

    /** Records the server chosen for the next attempt (state ASS). */
    public void assign(Server chosen) {
        moveTo(StreamState.ASS);
        this.server = chosen;
        attempts++;
    }

    /**
     * Binds this ConnStream to the connection and the mux stream the connection's mux returned
     * from attach. Only legal while connecting, with no connection attached.
     */
    public void attached(Connection conn, MuxStream stream) {
        if (state != StreamState.CON || connection != null) {
            throw new IllegalStateException("ConnStream #" + id + ": attach in state " + state
                    + (connection != null ? " with a connection already attached" : ""));
        }
        this.connection = conn;
        this.muxStream = stream;
        moveTo(StreamState.EST);
    }

    /** The attached connection, or null (always null after reset). */
    public Connection connection() {
        return connection;
    }

    /** The attached mux stream, or null (always null after reset). */
    public MuxStream muxStream() {
        return muxStream;
    }

    /**
     * Resets after a failed attempt: the failed connection is closed (never pooled), this
     * ConnStream is detached from it and its per-attempt state cleared. On a multiplexed
     * connection (HTTP/2) only the failed stream is reset and the connection goes on for its
     * other streams: the mux's {@code abort} decides. Moves to CER if not there yet. The caller
     * then moves on to REQ/TAR (retry) or CLO (give up).
     */
    public void reset() {
        if (state != StreamState.CER) {
            moveTo(StreamState.CER);
        }
        Connection failed = connection;
        MuxStream failedStream = muxStream;
        connection = null;
        muxStream = null;
        resets++;
        if (failed != null) {
            failed.mux().abort(failedStream);
        }
    }

    /** Detaches after a finished exchange: the mux decides whether the connection is pooled. */
    public void detach() {
        if (connection != null) {
            connection.mux().detach(muxStream);
        }
        connection = null;
        muxStream = null;
        if (state == StreamState.EST) {
            moveTo(StreamState.DIS);
        }
    }

    /** Ends the ConnStream: whatever is still attached is closed (aborted, on a multiplexed mux). Idempotent. */
    public void release() {
        if (connection != null) {
            connection.mux().abort(muxStream);
            connection = null;
            muxStream = null;
        }
        if (state != StreamState.CLO) {
            moveTo(StreamState.CLO);
        }
    }

    /** Connection attempts started (servers assigned) so far. */
    public int attempts() {
        return attempts;
    }

    /** Resets so far. */
    public int resets() {
        return resets;
    }
}
