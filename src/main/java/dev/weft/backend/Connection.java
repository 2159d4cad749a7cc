package dev.weft.backend;

import dev.weft.mux.Mux;
import dev.weft.stream.IoWatchdog;

import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * One connection to one server, with its {@link Mux}: a socket weft reads and writes itself (H1),
 * or an endpoint that moves its own bytes (an HTTP/2 session, which has no streams here). Created by the
 * {@link Connector}, kept between exchanges by the server's {@link ConnectionPool}. Thread-safe
 * for {@link #close()}; the I/O streams are used by the mux under its own rules (one stream at a
 * time for H1).
 */
public final class Connection {
    private final long id;
    private final Server server;
    private final Closeable endpoint;
    /** The socket's input, which also owns how the socket closes; null for an endpoint that moves its own bytes. */
    private final WatchedInputStream in;
    private final OutputStream out;
    private final AtomicBoolean closed = new AtomicBoolean();
    private Mux mux;
    private volatile int exchanges;
    /** Its latest listing in its pool's idle list (claimed once taken out), or null if never listed. */
    private volatile IdleList.Listing listing;

    /**
     * A connection whose every read waits at most {@code readTimeout} ({@code timeout.server}),
     * checked by {@code watchdog}'s sweep; the socket has no timeout of its own
     * (WatchedInputStream says why).
     */
    Connection(long id, Server server, Socket socket, IoWatchdog watchdog, Duration readTimeout) throws IOException {
        this.id = id;
        this.server = server;
        this.endpoint = socket;
        WatchedInputStream watched = new WatchedInputStream(socket, readTimeout);
        this.in = watched;
        this.out = socket.getOutputStream();
        watchdog.watch(watched);
    }

    /** A connection whose bytes its endpoint moves ({@code endpoint} closes it): in() and out() are null. */
    Connection(long id, Server server, Closeable endpoint) {
        this.id = id;
        this.server = server;
        this.endpoint = endpoint;
        this.in = null;
        this.out = null;
    }

    /** Process-unique id (for logs and events). */
    public long id() {
        return id;
    }

    public Server server() {
        return server;
    }

    public InputStream in() {
        return in;
    }

    public OutputStream out() {
        return out;
    }

    public Mux mux() {
        return mux;
    }

    void mux(Mux m) {
        this.mux = m;
    }

    /** Exchanges started on this connection so far (0 for a fresh one). */
    public int exchanges() {
        return exchanges;
    }

    /** Counts one more exchange; called by the mux on attach. */
    public void countExchange() {
        exchanges++;
    }

    /**
     * Hands the connection back to its server's pool, which keeps or closes it. Returns true when
     * the pool listed it idle (another thread may take it from then on); false when it was closed,
     * or, multiplexed, stays with a stream that reserved it: only for a connection that carries
     * one exchange at a time does false mean that no other thread can reach it any more.
     */
    public boolean release() {
        return server.pool().offer(this);
    }

    IdleList.Listing listing() {
        return listing;
    }

    void listing(IdleList.Listing l) {
        listing = l;
    }

    /**
     * A request body was written on this connection: its close must send a FIN after whatever
     * the kernel still holds, not the reset the Connector set up, which would discard unsent
     * bytes that a server which answered early may still be reading. Once per connection (one
     * system call); a no-op for a connection its endpoint drives. Never throws.
     */
    public void closeGently() {
        if (in != null) {
            in.closeGently();
        }
    }

    public boolean isClosed() {
        return closed.get();
    }

    /** Closes the socket (or endpoint); idempotent; updates the pool's count of open connections once. */
    public void close() {
        if (closed.compareAndSet(false, true)) {
            try {
                endpoint.close();
            } catch (IOException ignored) {
                // closing a connection we are done with: nothing to do if the OS complains
            }
            server.pool().closed(this);
        }
    }

    @Override
    public String toString() {
        return "c#" + id + "(" + server + ")";
    }
}
