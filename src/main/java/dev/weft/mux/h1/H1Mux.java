package dev.weft.mux.h1;

import dev.weft.backend.Connection;
import dev.weft.failure.StreamFailure;
import dev.weft.mux.Mux;
import dev.weft.mux.MuxException;
import dev.weft.mux.MuxProtocol;
import dev.weft.mux.MuxStream;
import dev.weft.stream.ConnStream;

import dev.weft.stream.IoWatchdog;

import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * HTTP/1.1 over one connection, one exchange at a time (HAProxy's {@code h1c}). Owns the
 * connection's read buffer and codec state, which outlive each {@link H1Stream} so that keep-alive
 * exchanges reuse them. Used by one stream thread at a time (attach/detach hand it over);
 * {@link #close()} may come from any thread.
 */
public final class H1Mux implements Mux {
    /** Receive buffer size: one read() fills at most this much. */
    static final int READ_BUFFER = 16 * 1024;

    private final Connection connection;
    private final H1ResponseParser parser;
    private final ChunkedDecoder chunked = new ChunkedDecoder(16 * 1024);
    /** Bytes received and not yet consumed, between position and limit (read mode). */
    private final ByteBuffer readBuffer = ByteBuffer.allocate(READ_BUFFER).flip();
    private volatile boolean busy;
    private volatile boolean broken;
    private final IoWatchdog watchdog;
    private final Duration writeTimeout;

    /**
     * @param maxResponseHead the largest response head accepted, in bytes
     * @param watchdog        bounds each socket write by {@code writeTimeout}
     * @param writeTimeout    {@code timeout.server}: a server that stops reading is given up
     */
    public H1Mux(Connection connection, int maxResponseHead, IoWatchdog watchdog, Duration writeTimeout) {
        this.connection = connection;
        this.watchdog = watchdog;
        this.writeTimeout = writeTimeout;
        this.parser = new H1ResponseParser(maxResponseHead);
    }

    @Override
    public MuxProtocol protocol() {
        return MuxProtocol.H1;
    }

    /**
     * Returns the stream for {@code owner}'s exchange. Refuses (retryable EmptyResponse on a
     * reused connection) when the connection was closed or broken meanwhile; attaching a busy
     * H1 connection is a bug in the pool.
     */
    @Override
    public MuxStream attach(ConnStream owner) throws MuxException {
        if (busy) {
            throw new IllegalStateException(connection + " is already attached");
        }
        if (broken || connection.isClosed()) {
            throw new MuxException(new StreamFailure.EmptyResponse(true, false, true));
        }
        busy = true;
        boolean reused = connection.exchanges() > 0;
        connection.countExchange();
        parser.reset();
        chunked.reset();
        return new H1Stream(this, owner, reused);
    }

    /** Pools the connection when the exchange ended cleanly, closes it otherwise. */
    @Override
    public void detach(MuxStream stream) {
        H1Stream s = (H1Stream) stream;
        busy = false;
        if (s.finishedCleanly() && !broken && readBuffer.remaining() == 0) {
            connection.release();
        } else {
            broken = true;
            connection.close();
        }
    }

    @Override
    public int availableStreams() {
        return busy || broken ? 0 : 1;
    }

    @Override
    public int usedStreams() {
        return busy ? 1 : 0;
    }

    @Override
    public boolean reusable() {
        return !broken && !busy && !connection.isClosed();
    }

    @Override
    public void close() {
        broken = true;
        connection.close();
    }

    Connection connection() {
        return connection;
    }

    H1ResponseParser parser() {
        return parser;
    }

    IoWatchdog watchdog() {
        return watchdog;
    }

    Duration writeTimeout() {
        return writeTimeout;
    }

    ChunkedDecoder chunked() {
        return chunked;
    }

    ByteBuffer readBuffer() {
        return readBuffer;
    }

    /** Marks the connection as not reusable (error, close asked, read-until-close body). */
    void markBroken() {
        broken = true;
    }
}
