package dev.weft.mux.h1;

import dev.weft.backend.Connection;
import dev.weft.failure.StreamFailure;
import dev.weft.mux.OneExchangeMux;
import dev.weft.mux.MuxException;
import dev.weft.mux.MuxProtocol;
import dev.weft.mux.MuxStream;
import dev.weft.mux.ReadBuffers;
import dev.weft.stream.ConnStream;

import dev.weft.stream.IoWatchdog;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * HTTP/1.1 over one connection, one exchange at a time (HAProxy's {@code h1c}). Owns the codec
 * state, which outlives each {@link H1Stream} so that keep-alive exchanges reuse it, as they reuse
 * the read buffer the connection keeps while pooled ({@link OneExchangeMux}). Used by one stream thread at a time (attach/detach hand it over);
 * {@link #close()} may come from any thread.
 */
public final class H1Mux extends OneExchangeMux {
    private final H1ResponseParser parser;
    private final ChunkedDecoder chunked = new ChunkedDecoder(16 * 1024);

    /**
     * @param maxResponseHead the largest response head accepted, in bytes
     * @param watchdog        bounds each socket write by {@code writeTimeout}
     * @param writeTimeout    {@code timeout.server}: a server that stops reading is given up
     * @param buffers         lends the read buffer
     */
    public H1Mux(Connection connection, int maxResponseHead, IoWatchdog watchdog, Duration writeTimeout,
                 ReadBuffers buffers) {
        super(connection, watchdog, writeTimeout, buffers);
        this.parser = new H1ResponseParser(maxResponseHead);
    }

    @Override
    public MuxProtocol protocol() {
        return MuxProtocol.H1;
    }

    /** A new exchange: the codec state is reset; the read buffer, if the connection kept one, holds no pipelined bytes. */
    @Override
    protected MuxStream newStream(ConnStream owner, boolean reused) {
        parser.reset();
        chunked.reset();
        return new H1Stream(this, owner, reused);
    }

    @Override
    protected boolean endedCleanly(MuxStream stream) {
        return ((H1Stream) stream).finishedCleanly();
    }

    H1ResponseParser parser() {
        return parser;
    }

    ChunkedDecoder chunked() {
        return chunked;
    }
}
