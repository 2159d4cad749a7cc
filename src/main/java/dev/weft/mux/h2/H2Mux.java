package dev.weft.mux.h2;

import dev.weft.backend.Connection;
import dev.weft.failure.StreamFailure;
import dev.weft.mux.Mux;
import dev.weft.mux.MuxException;
import dev.weft.mux.MuxProtocol;
import dev.weft.mux.MuxStream;
import dev.weft.stream.ConnStream;

import java.time.Duration;

import dev.weft.stream.IoWatchdog;
import java.util.concurrent.atomic.AtomicReference;

/**
 * HTTP/2 over one connection (HAProxy's {@code h2c}): many streams at once, each an
 * {@link H2Stream} on the connection's {@link H2Session}. Thread-safe: attached and detached by
 * any number of stream threads, told about SETTINGS, GOAWAY and close by the session's reader.
 *
 * <p>Stream slots ({@link StreamSlots}) follow the server's SETTINGS_MAX_CONCURRENT_STREAMS. A
 * slot is reserved before {@link #attach}: by the pool for a pooled connection ({@link #tryReserve}
 * when it is shared, {@link #tryTakeIdle} when it is listed idle, {@link #listIdle} marking it so),
 * at construction for the stream that opened the connection. A GOAWAY stops new
 * streams; streams in flight finish; the connection closes when the last one is done (see
 * {@link H2ConnectionState}).
 */
public final class H2Mux implements Mux {
    private final Connection connection;
    private final H2Session session;
    private final StreamSlots slots;
    private final Duration serverTimeout;
    private final IoWatchdog watchdog;
    private final AtomicReference<H2ConnectionState> state = new AtomicReference<>(H2ConnectionState.OPEN);

    /**
     * Wraps an open session; one slot is reserved for the stream that opened it (the caller attaches next).
     *
     * @param watchdog      keeps the deadlines of its streams' waits
     * @param serverTimeout {@code timeout.server}: bounds every wait of its streams
     */
    public H2Mux(Connection connection, H2Session session, IoWatchdog watchdog, Duration serverTimeout) {
        this.connection = connection;
        this.session = session;
        this.watchdog = watchdog;
        this.serverTimeout = serverTimeout;
        this.slots = new StreamSlots(session.maxStreams());
        slots.forceAcquire();
        session.bind(this);
    }

    @Override
    public MuxProtocol protocol() {
        return MuxProtocol.H2;
    }

    @Override
    public boolean multiplexed() {
        return true;
    }

    /** Reserves a slot for a coming attach; false when the connection is full, idle, going away or closed. */
    @Override
    public boolean tryReserve() {
        return state.get().acceptsStreams() && slots.tryAcquire();
    }

    @Override
    public void unreserve() {
        slotFreed();
    }

    @Override
    public boolean listIdle() {
        return slots.listIdle();
    }

    /** Takes the connection out of the idle list with a slot; false when going away, retired or taken. */
    @Override
    public boolean tryTakeIdle() {
        return state.get().acceptsStreams() && slots.tryTakeIdle();
    }

    /**
     * Returns a stream for {@code owner} on the slot reserved for it. The HTTP/2 stream itself is
     * opened by the request's HEADERS ({@link MuxStream#sendHead}); a refusal then is retryable.
     * Refuses (NotProcessed) when the session was closed meanwhile; the slot is given back.
     */
    @Override
    public MuxStream attach(ConnStream owner) throws MuxException {
        if (state.get() == H2ConnectionState.CLOSED || session.isClosed()) {
            slotFreed();
            throw new MuxException(new StreamFailure.NotProcessed("HTTP/2 connection closed", false));
        }
        boolean reused = connection.exchanges() > 0;
        connection.countExchange();
        return new H2Stream(this, session, reused, watchdog, serverTimeout);
    }

    /** Ends the stream (reset unless it finished cleanly); the connection stays for its other streams. */
    @Override
    public void detach(MuxStream stream) {
        ((H2Stream) stream).detach();
    }

    /** A failed stream is reset alone: the other streams of the connection go on. */
    @Override
    public void abort(MuxStream stream) {
        ((H2Stream) stream).detach();
    }

    @Override
    public int availableStreams() {
        return state.get().acceptsStreams() ? slots.available() : 0;
    }

    @Override
    public int usedStreams() {
        return slots.used();
    }

    @Override
    public boolean reusable() {
        return state.get().acceptsStreams() && !connection.isClosed();
    }

    @Override
    public boolean retireIfUnused() {
        return slots.retireIfUnused();
    }

    @Override
    public void close() {
        state.set(H2ConnectionState.CLOSED);
        connection.close();
    }

    // ---- called by H2Stream and H2Session ----------------------------------------------------

    /**
     * A stream's slot is free (detached by weft). The connection goes back to
     * the pool when its last stream is done: kept idle, or closed when it cannot be reused.
     */
    void slotFreed() {
        if (slots.release() == 0) {
            connection.release();
        }
    }

    /** The server's SETTINGS changed the stream limit. */
    void streamLimit(int max) {
        slots.limit(max);
    }

    /**
     * GOAWAY received, or the stream ids are used up: no new streams; the connection closes once
     * unused (now, if it is). Idempotent.
     */
    void goAway(int lastStreamId) {
        state.updateAndGet(H2ConnectionState::onGoAway);
        if (slots.retireIfUnused()) {
            close();
        }
    }

    /** The session ended (closed, failed): its streams in flight have been failed by it. */
    void sessionClosed() {
        close();
    }

    @Override
    public String toString() {
        return "H2Mux[" + connection + ", streams " + slots.used() + "/" + slots.limit() + ", " + state.get() + "]";
    }
}
