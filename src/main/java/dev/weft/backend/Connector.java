package dev.weft.backend;

import dev.weft.failure.StreamFailure;
import dev.weft.mux.MuxException;
import dev.weft.config.ServerConfig;
import dev.weft.mux.Mux;
import dev.weft.mux.ReadBuffers;
import dev.weft.mux.fcgi.FcgiMux;
import dev.weft.mux.fcgi.FcgiServerInfo;
import dev.weft.mux.h1.H1Mux;
import dev.weft.mux.h2.H2Mux;
import dev.weft.mux.h2.H2Session;
import dev.weft.stream.IoWatchdog;

import java.io.IOException;
import java.net.ConnectException;
import java.net.Proxy;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Opens connections to servers: one blocking connect bounded by {@code timeout.connect}, then
 * the mux for the server's protocol ({@code proto=h1}: a socket and an H1Mux; {@code proto=h2}: an
 * H2Session and an H2Mux; {@code proto=fcgi}: a socket and an FcgiMux). Failures come out typed
 * ({@code ConnectRefused}, {@code ConnectTimeout}). Thread-safe; closed once at shutdown.
 */
public final class Connector implements AutoCloseable {
    private final AtomicLong ids = new AtomicLong();
    /** The HTTP/2 sessions open now, closed at shutdown (each leaves the set when it ends). */
    private final Set<H2Session> h2Sessions = ConcurrentHashMap.newKeySet();
    private volatile boolean closed;
    private final int maxResponseHead;
    private final IoWatchdog watchdog;
    /** What each FastCGI server said of its limits (GET_VALUES on its first connection). */
    private final Map<Server, FcgiServerInfo> fcgiInfo = new ConcurrentHashMap<>();
    /** The read buffers of H1 and FastCGI connections, lent per connection (ReadBuffers says why). */
    private final ReadBuffers readBuffers = new ReadBuffers();

    /**
     * @param maxResponseHead the largest response head the H1 and H2 muxes accept, in bytes
     * @param watchdog        bounds writes to servers, HTTP/2 streams' waits and reads from
     *                        servers by {@code timeout.server}
     */
    public Connector(int maxResponseHead, IoWatchdog watchdog) {
        this.maxResponseHead = maxResponseHead;
        this.watchdog = watchdog;
    }

    /**
     * Connects to {@code server}. Reads and writes on it are bounded by {@code readTimeout}
     * ({@code timeout.server}). Returns a counted, open connection with its mux; throws
     * MuxException with ConnectRefused or ConnectTimeout (or NotProcessed when a FastCGI server's
     * first connection fails its GET_VALUES probe); the socket is closed on failure. For a FastCGI
     * server with a known capacity, idle connections are closed first so that the new one does
     * not exceed it.
     */
    public Connection connect(Server server, Duration connectTimeout, Duration readTimeout) throws MuxException {
        if (server.config().proto() == ServerConfig.Proto.H2) {
            return connectH2(server, connectTimeout, readTimeout);
        }
        boolean fastcgi = server.config().proto() == ServerConfig.Proto.FCGI;
        // Counted before connecting, so that a stream connecting meanwhile sees it; a FastCGI
        // server with a known capacity never gets more open connections than it has workers
        // (idle ones are closed first).
        server.pool().reserveUnder(fastcgi && server.slotLimit() > 0 ? server.slotLimit() : Integer.MAX_VALUE);
        // A direct socket: new Socket() asks the JVM's ProxySelector on every connect (a URI
        // parsed, proxy rules matched), and a server of weft is never reached through SOCKS.
        Socket socket = new Socket(Proxy.NO_PROXY);
        Connection c = null;
        try {
            socket.setTcpNoDelay(true);
            // Closed with a reset, as HAProxy closes its server connections (fd.c: FD_LINGER_RISK,
            // set on every connect): neither side keeps the connection in TIME_WAIT, the server is
            // not woken for a FIN and again for the last ACK, and weft's connects do not search past
            // thousands of TIME_WAIT ports. A connection is only closed when weft is done with it
            // (idle, or its exchange abandoned). The close is a FIN again once weft has read the
            // server's own close (WatchedInputStream) or written a request body on it, which a
            // server that answered early may still be reading (Connection.closeGently).
            socket.setSoLinger(true, 0);
            socket.connect(server.address(), socketMillis(connectTimeout));
            // reads are bounded by the watchdog's sweep, not by SO_TIMEOUT (WatchedInputStream says why)
            c = new Connection(ids.incrementAndGet(), server, socket, watchdog, readTimeout);
            c.mux(fastcgi ? fcgiMux(c, server, readTimeout) : new H1Mux(c, maxResponseHead, watchdog, readTimeout, readBuffers));
            return c;
        } catch (MuxException | RuntimeException | Error e) {
            // The FastCGI probe failed (MuxException), or something not meant to throw did: the
            // socket and the count must not leak (a leaked count would lower a FastCGI server's
            // cap for good). A Connection uncounts itself when closed.
            if (c != null) {
                c.close();
            } else {
                neverOpened(socket, server);
            }
            throw e;
        } catch (SocketTimeoutException e) {
            neverOpened(socket, server);
            throw new MuxException(new StreamFailure.ConnectTimeout(), e);
        } catch (ConnectException e) {
            neverOpened(socket, server);
            throw new MuxException(new StreamFailure.ConnectRefused(e.getMessage()), e);
        } catch (IOException e) {
            neverOpened(socket, server);
            throw new MuxException(new StreamFailure.ConnectRefused(e.toString()), e);
        }
    }

    /** A socket timeout in milliseconds: at least 1 (0 would mean none), at most Integer.MAX_VALUE (24.8 days). */
    static int socketMillis(Duration timeout) {
        return (int) Math.min(Integer.MAX_VALUE, Math.max(1, timeout.toMillis()));
    }

    /**
     * After a failure before the Connection existed (the only place an IOException comes from
     * here): closes the socket and gives back the count {@code reserveUnder} took.
     */
    private static void neverOpened(Socket socket, Server server) {
        closeQuietly(socket);
        server.pool().unreserve();
    }

    /** The FastCGI mux of a new connection; the server's first connection asks it for its limits. */
    private Mux fcgiMux(Connection c, Server server, Duration readTimeout) throws MuxException {
        FcgiServerInfo info = fcgiInfo.computeIfAbsent(server, s -> new FcgiServerInfo());
        return FcgiMux.open(c, server.fcgi(), info, maxResponseHead, watchdog, readTimeout, readBuffers);
    }

    /** An HTTP/2 session (prior knowledge, cleartext) with one stream slot reserved for the caller. */
    private Connection connectH2(Server server, Duration connectTimeout, Duration readTimeout) throws MuxException {
        server.pool().reserveUnder(Integer.MAX_VALUE); // counted before connecting, as a socket connect
        Connection c = null;
        H2Session session = null;
        try {
            session = H2Session.connect(server.address(), connectTimeout, readTimeout, maxResponseHead, watchdog,
                    h2Sessions::remove);
            h2Sessions.add(session);
            if (session.isClosed()) {
                h2Sessions.remove(session); // it ended before it was added
            } else if (closed) {
                session.close(); // opened while close() ran: not left open behind it
            }
            c = new Connection(ids.incrementAndGet(), server, session);
            c.mux(new H2Mux(c, session, watchdog, readTimeout));
            return c;
        } catch (MuxException | RuntimeException | Error e) {
            // As after a socket connect: neither the count nor the session may leak. A Connection
            // uncounts itself when closed; one without its mux is not handed to the pool.
            if (c != null) {
                c.close();
                c = null;
            } else {
                if (session != null) {
                    session.close();
                }
                server.pool().unreserve();
            }
            throw e;
        } finally {
            // streams waiting for this connection share it now, or open their own after a failure
            server.pool().openFinished(c);
        }
    }

    /** Closes the HTTP/2 sessions still open (GOAWAY, then the socket); their readers end. */
    @Override
    public void close() {
        closed = true;
        for (H2Session s : h2Sessions) {
            s.close();
        }
    }

    private static void closeQuietly(Socket s) {
        try {
            s.close();
        } catch (IOException ignored) {
            // the connect already failed; this close is best effort
        }
    }
}
