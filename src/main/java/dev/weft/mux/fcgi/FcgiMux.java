package dev.weft.mux.fcgi;

import dev.weft.backend.Connection;
import dev.weft.backend.Server;
import dev.weft.config.FcgiConfig;
import dev.weft.failure.StreamFailure;
import dev.weft.http.ProtocolException;
import dev.weft.mux.OneExchangeMux;
import dev.weft.mux.MuxException;
import dev.weft.mux.MuxProtocol;
import dev.weft.mux.MuxStream;
import dev.weft.mux.ReadBuffers;
import dev.weft.stream.ConnStream;
import dev.weft.stream.IoWatchdog;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.time.Duration;

/**
 * FastCGI over one connection to one application server, one request at a time (HAProxy's
 * {@code fcgi_conn}). Every request uses request id 1: ids only tell apart concurrent requests,
 * and there is never more than one here, even when the server says {@code FCGI_MPXS_CONNS=1}.
 * Owns the record parser, which outlives each {@link FcgiStream}; the read buffer is
 * {@link OneExchangeMux}'s.
 *
 * <p><b>Keeping connections.</b> A php-fpm child serves one connection at a time, for as long as
 * the connection lives: an idle connection kept by a proxy pins a child, and connections beyond
 * {@code pm.max_children} wait in the listen backlog until a child is free. With HAProxy's
 * keep-conn, 64 clients against 8 children stalled to 0 requests/s (issue 5). So weft asks for
 * {@code FCGI_KEEP_CONN} only when it knows the server's capacity, {@code maxconn} or
 * {@code FCGI_MAX_CONNS}: the server's slots are then capped at it (streams beyond it queue in
 * weft) and the connector closes idle connections before opening one that would exceed it, so
 * open connections never outnumber the server's children. Without a known capacity (php-fpm
 * does not report FCGI_MAX_CONNS and no maxconn is set) each connection carries one request and
 * is closed by both sides after END_REQUEST: the backlog then drains in order and nothing starves.
 *
 * <p>Used by one stream thread at a time (attach/detach hand it over); {@link #close()} may come
 * from any thread.
 */
public final class FcgiMux extends OneExchangeMux {
    /** The request id of every request (see above). */
    static final int REQUEST_ID = 1;
    /** The longest a GET_VALUES answer is waited for, whatever {@code timeout.server} says. */
    static final Duration PROBE_TIMEOUT = Duration.ofSeconds(2);
    private static final System.Logger LOG = System.getLogger("dev.weft.mux.fcgi");

    private final FcgiConfig app;
    private boolean keepConn;
    private final int maxHead;
    private final FcgiRecordParser parser = new FcgiRecordParser();

    private FcgiMux(Connection connection, FcgiConfig app, int maxHead, IoWatchdog watchdog, Duration writeTimeout,
                    ReadBuffers buffers) {
        super(connection, watchdog, writeTimeout, buffers);
        this.app = app;
        this.maxHead = maxHead;
    }

    /**
     * Returns the mux of a freshly opened connection. The first connection to a server asks it
     * for its limits (GET_VALUES, at most {@link #PROBE_TIMEOUT}) and lowers the server's slots
     * to FCGI_MAX_CONNS when that is below them. On failure the connection is closed and the
     * failure is NotProcessed (no request was sent: retried for any method).
     *
     * @param info         what is known of the server, shared by its connections
     * @param maxHead      the largest CGI response head accepted, in bytes
     * @param watchdog     bounds writes by {@code writeTimeout} and the probe's read
     * @param writeTimeout {@code timeout.server}
     * @param buffers      lends the read buffer
     */
    public static FcgiMux open(Connection connection, FcgiConfig app, FcgiServerInfo info, int maxHead,
                               IoWatchdog watchdog, Duration writeTimeout, ReadBuffers buffers) throws MuxException {
        Server server = connection.server();
        FcgiMux mux = new FcgiMux(connection, app, maxHead, watchdog, writeTimeout, buffers);
        if (info.claimProbe()) {
            FcgiProbe.Answer answer = mux.probe();
            if (answer.maxConns() > 0) {
                server.limitSlots(answer.maxConns());
            }
            logProbe(server, answer);
        }
        // Set before the mux is published (the pool's deque hands it to other threads).
        mux.keepConn = server.slotLimit() > 0;
        return mux;
    }

    /** Tells the operator once per server what was learnt and whether connections are kept. */
    private static void logProbe(Server server, FcgiProbe.Answer answer) {
        String learnt = "fcgi " + server.qualifiedName() + ": FCGI_GET_VALUES gave FCGI_MAX_CONNS="
                + (answer.maxConns() > 0 ? answer.maxConns() : "(not given)") + " FCGI_MPXS_CONNS="
                + (answer.multiplexes() ? 1 : 0);
        if (server.slotLimit() > 0) {
            LOG.log(System.Logger.Level.INFO, learnt + "; keeping up to " + server.slotLimit() + " connections");
        } else {
            LOG.log(System.Logger.Level.WARNING, learnt + "; capacity unknown, one request per connection"
                    + " (set maxconn to the server's workers, e.g. pm.max_children, to keep connections)");
        }
    }

    /**
     * Asks the server for its limits on this fresh connection, at most {@link #PROBE_TIMEOUT}. On
     * failure closes the connection and throws NotProcessed; no later connection asks again.
     */
    private FcgiProbe.Answer probe() throws MuxException {
        IoWatchdog.Armed deadline = watchdog().arm(PROBE_TIMEOUT.compareTo(writeTimeout()) < 0 ? PROBE_TIMEOUT : writeTimeout());
        FcgiProbe.Answer answer = null;
        IOException failed = null;
        try {
            answer = FcgiProbe.ask(connection().in(), connection().out(), readBuffer(), parser);
        } catch (IOException e) {
            failed = e;
        }
        boolean timedOut = deadline.disarm();
        if (answer != null && !timedOut) {
            return answer;
        }
        // The server cannot tell its limits: none are assumed, and no later connection asks again.
        LOG.log(System.Logger.Level.WARNING, "fcgi " + connection().server().qualifiedName()
                + ": no usable answer to FCGI_GET_VALUES; capacity unknown unless maxconn is set");
        connection().close();
        String why = timedOut ? "no answer to FCGI_GET_VALUES" : failed instanceof ProtocolException
                ? "bad answer to FCGI_GET_VALUES: " + failed.getMessage()
                : "connection closed during FCGI_GET_VALUES";
        throw new MuxException(new StreamFailure.NotProcessed(why, false), failed);
    }

    @Override
    public MuxProtocol protocol() {
        return MuxProtocol.FCGI;
    }

    @Override
    protected MuxStream newStream(ConnStream owner, boolean reused) {
        return new FcgiStream(this, owner, reused);
    }

    /**
     * Clean: a whole END_REQUEST and nothing left of the record stream. The request's spool (a
     * chunked body kept to send its length) is freed here whatever the outcome.
     */
    @Override
    protected boolean endedCleanly(MuxStream stream) {
        FcgiStream s = (FcgiStream) stream;
        s.releaseSpool();
        return s.finishedCleanly() && parser.atRecordBoundary();
    }

    /** Connections are kept only when the server's capacity is known (see {@link #open}). */
    @Override
    protected boolean keepsConnections() {
        return keepConn;
    }

    /** True when BEGIN_REQUEST asks the server to keep the connection (FCGI_KEEP_CONN). */
    boolean keepConn() {
        return keepConn;
    }

    FcgiConfig app() {
        return app;
    }

    int maxHead() {
        return maxHead;
    }

    FcgiRecordParser parser() {
        return parser;
    }

}
