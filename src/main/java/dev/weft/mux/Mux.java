package dev.weft.mux;

import dev.weft.stream.ConnStream;

/**
 * Multiplexes request streams over one backend {@link dev.weft.backend.Connection}; the Java
 * counterpart of HAProxy's {@code struct mux_ops}. One instance per connection. An H1 mux admits
 * one stream at a time; a multiplexing mux (H2) may be attached by several stream threads at once
 * and must be thread-safe for that.
 * <pre>
 * mux_ops           here                    notes
 * name              protocol()
 * attach            attach(ConnStream)      fails (MuxException) when availableStreams() == 0;
 *                                           never creates the ConnStream: it receives it
 * detach            detach(MuxStream)       the mux decides: back to the pool, or close
 * avail_streams     availableStreams()      the pool reads this before attaching
 *                   tryReserve()            a multiplexed mux's slot, taken atomically by the pool
 *                   listIdle(), tryTakeIdle()  into and out of the idle list, one taker at a time
 * used_streams      usedStreams()
 * (detach + error)  abort(MuxStream)        H1 closes the connection; H2 resets only that stream
 * destroy           close()
 * rcv_buf/snd_buf   on MuxStream            blocking calls replace subscribe/wake
 * wake, subscribe, unsubscribe, *fastfwd, takeover: not needed with blocking virtual threads
 * </pre>
 */
public interface Mux extends AutoCloseable {

    /** The wire protocol. */
    MuxProtocol protocol();

    /**
     * Attaches the stream's ConnStream to this connection and returns the per-request stream. A
     * multiplexed mux uses the slot reserved for it ({@link #tryReserve} by the pool, or at
     * connect for the stream that opened the connection). Throws MuxException (with a retryable
     * failure) when the connection cannot take a stream now (closed, busy); the caller then
     * resets the ConnStream and retries.
     */
    MuxStream attach(ConnStream owner) throws MuxException;

    /**
     * Ends the stream's use of this connection. The mux keeps the connection for reuse only
     * when the exchange finished cleanly (request sent, response fully read, no close asked);
     * otherwise it closes it. Never throws.
     */
    void detach(MuxStream stream);

    /** How many more streams attach() would accept now (0 or 1 for H1). */
    int availableStreams();

    /** Streams attached now. */
    int usedStreams();

    /** True while the connection may carry another exchange (open, no error, no close asked). */
    boolean reusable();

    /**
     * True when several streams may use the connection at once (HTTP/2): the pool then shares it
     * while it is in use, and an H1-only server never pays for that.
     */
    default boolean multiplexed() {
        return false;
    }

    /**
     * Reserves a stream slot for an {@link #attach} that follows at once; false when none is free
     * (full, going away, closed): the pool then looks elsewhere. A mux that is not multiplexed is
     * handed to one stream by the pool's idle list, so it always says yes.
     */
    default boolean tryReserve() {
        return true;
    }

    /**
     * Gives back a slot reserved by {@link #tryReserve} that will not be attached (the pool found
     * the connection was no longer shared with the stream's session); when it was the last, the
     * connection goes back to the pool as after its last stream. A no-op for a mux that is not
     * multiplexed.
     */
    default void unreserve() {
    }

    /**
     * The pool is about to list this unused connection idle: a multiplexed mux marks it so that
     * from now on only {@link #tryTakeIdle} reserves a slot on it (not {@link #tryReserve}, which
     * a stream that found it still shared may call late). False when a slot was reserved since
     * its last stream ended: the connection stays with that stream, which releases it again at
     * its end. A mux that is not multiplexed is never reserved while unused: always true.
     */
    default boolean listIdle() {
        return true;
    }

    /**
     * Takes a connection listed idle ({@link #listIdle}) for a stream, with a slot reserved for
     * it: true for the one caller that did; false when another stream took it first, or it is
     * going away or retired. Not multiplexed: the idle list hands it to one stream, always true.
     */
    default boolean tryTakeIdle() {
        return true;
    }

    /**
     * Before the pool closes a connection it found unused (purge, trim, a release past the
     * estimated need) or a GOAWAY closes it: true when no stream uses it and none ever will (a
     * multiplexed connection may have been taken by another stream meanwhile).
     */
    default boolean retireIfUnused() {
        return true;
    }

    /**
     * Ends a stream whose attempt failed (ConnStream reset or released early). The default closes
     * the connection, which is right when the stream owns it (H1); a multiplexed mux resets only
     * that stream so the others go on. Never throws.
     */
    default void abort(MuxStream stream) {
        close();
    }

    /** Closes the connection at once; attached streams fail. Idempotent. */
    @Override
    void close();
}
