package dev.weft.mux;

import dev.weft.backend.Connection;
import dev.weft.failure.StreamFailure;
import dev.weft.stream.ConnStream;
import dev.weft.stream.IoWatchdog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.util.function.Supplier;

/**
 * What the muxes that carry one exchange at a time over a blocking socket share (HTTP/1.1 and
 * FastCGI without multiplexing): the busy/broken state, the read buffer that outlives each
 * exchange while the connection is kept, and the attach/detach rules. A subclass makes the
 * stream and says whether it ended cleanly. Used by one stream thread at a time (attach/detach
 * hand it over); {@link #close()} may come from any thread.
 */
public abstract class OneExchangeMux implements Mux {
    /** Receive buffer size: one read() fills at most this much. */
    public static final int READ_BUFFER = 16 * 1024;

    private final Connection connection;
    private final IoWatchdog watchdog;
    private final Duration writeTimeout;
    private final ReadBuffers buffers;
    /**
     * Bytes received and not yet consumed, between position and limit (read mode); taken from
     * {@code buffers} at the first read, null before it and after it went back. It goes back only
     * in {@link #detach} when this thread closes the connection or the pool refused it, that is
     * when no other thread can reach this mux again.
     */
    private ByteBuffer readBuffer;
    private volatile boolean busy;
    private volatile boolean broken;

    /**
     * @param watchdog     bounds each socket write by {@code writeTimeout}
     * @param writeTimeout {@code timeout.server}: a server that stops reading is given up
     * @param buffers      lends the read buffer
     */
    protected OneExchangeMux(Connection connection, IoWatchdog watchdog, Duration writeTimeout, ReadBuffers buffers) {
        this.connection = connection;
        this.watchdog = watchdog;
        this.writeTimeout = writeTimeout;
        this.buffers = buffers;
    }

    /** The stream of one exchange on this connection; {@code reused} when it served one before. */
    protected abstract MuxStream newStream(ConnStream owner, boolean reused);

    /** True when {@code stream} ended so that the connection can carry another exchange. */
    protected abstract boolean endedCleanly(MuxStream stream);

    /** True when this protocol keeps connections at all (FastCGI only with a known capacity). */
    protected boolean keepsConnections() {
        return true;
    }

    /**
     * Returns the stream for {@code owner}'s exchange. Refuses (retryable EmptyResponse on a
     * reused connection) when the connection was closed or broken meanwhile; attaching a busy
     * connection is a bug in the pool.
     */
    @Override
    public final MuxStream attach(ConnStream owner) throws MuxException {
        if (busy) {
            throw new IllegalStateException(connection + " is already attached");
        }
        if (broken || connection.isClosed()) {
            throw new MuxException(new StreamFailure.EmptyResponse(true, false, true));
        }
        busy = true;
        boolean reused = connection.exchanges() > 0;
        connection.countExchange();
        return newStream(owner, reused);
    }

    /**
     * Pools the connection when the exchange ended cleanly with nothing left unread; closes it
     * otherwise. The read buffer goes back to {@code buffers} unless the pool kept the connection
     * (then it stays with it, for the next exchange).
     */
    @Override
    public final void detach(MuxStream stream) {
        boolean clean = endedCleanly(stream); // always asked: it may free what the stream holds
        busy = false;
        if (clean && keepsConnections() && !broken && (readBuffer == null || !readBuffer.hasRemaining())) {
            // once listed idle, another thread may attach this mux: only a connection the pool
            // closed instead gives its buffer back
            if (!connection.release()) {
                giveBackReadBuffer();
            }
        } else {
            broken = true;
            connection.close();
            giveBackReadBuffer();
        }
    }

    /** Returns the read buffer to {@code buffers}, if this mux has one; this mux will not read again. */
    private void giveBackReadBuffer() {
        ByteBuffer b = readBuffer;
        readBuffer = null;
        if (b != null) {
            buffers.give(b);
        }
    }

    @Override
    public final int availableStreams() {
        return busy || broken ? 0 : 1;
    }

    @Override
    public final int usedStreams() {
        return busy ? 1 : 0;
    }

    @Override
    public final boolean reusable() {
        return keepsConnections() && !broken && !busy && !connection.isClosed();
    }

    @Override
    public final void close() {
        broken = true;
        connection.close();
    }

    /** Marks the connection as not reusable (error, close asked, protocol violation, early close). */
    public final void markBroken() {
        broken = true;
    }

    public final Connection connection() {
        return connection;
    }

    /**
     * The connection's read buffer (read mode), borrowed on the first call. Only the thread the
     * mux is attached to (or the one that opened the connection, before it is published) calls
     * this, and nothing reads the buffer past {@link #detach} (a dead mux's parser may still
     * point at its array, never to read it again: the mux is closed).
     */
    public final ByteBuffer readBuffer() {
        if (readBuffer == null) {
            readBuffer = buffers.take();
        }
        return readBuffer;
    }

    /**
     * Writes {@code len} bytes to the server, bounded by {@code timeout.server}: a server that
     * stops reading (its window full, never closing) is given up as a response timeout (504
     * {@code sH}), not waited on. Either failure marks the connection broken; a write that
     * failed in time throws {@code onFailure}'s failure (the stream knows whether the request
     * may be retried).
     */
    public final void writeBounded(byte[] b, int off, int len, Supplier<StreamFailure> onFailure)
            throws MuxException {
        IoWatchdog.Armed deadline = watchdog.arm(writeTimeout);
        IOException failed = null;
        try {
            connection.out().write(b, off, len);
        } catch (IOException e) {
            failed = e;
        }
        if (deadline.disarm()) {
            broken = true;
            throw new MuxException(new StreamFailure.ResponseTimeout(), failed);
        }
        if (failed != null) {
            broken = true;
            throw new MuxException(onFailure.get(), failed);
        }
    }

    public final IoWatchdog watchdog() {
        return watchdog;
    }

    public final Duration writeTimeout() {
        return writeTimeout;
    }
}
