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
 * used_streams      usedStreams()
 * destroy           close()
 * rcv_buf/snd_buf   on MuxStream            blocking calls replace subscribe/wake
 * wake, subscribe, unsubscribe, *fastfwd, takeover: not needed with blocking virtual threads
 * </pre>
 */
public interface Mux extends AutoCloseable {

    /** The wire protocol. */
    MuxProtocol protocol();

    /**
     * Attaches the stream's ConnStream to this connection and returns the per-request stream.
     * Throws MuxException (with a retryable failure) when the connection cannot take a stream
     * now (closed, busy, GOAWAY received); the caller then resets the ConnStream and retries.
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

    /** Closes the connection at once; attached streams fail. Idempotent. */
    @Override
    void close();
}
