package dev.weft.frontend;

import dev.weft.stream.Session;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.ServerRequest;

import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.util.concurrent.atomic.AtomicReference;

/**
 * One client connection as weft's frontend sees it, bound to the connection's thread by
 * {@link ConnectionLimit} ({@link ClientPeer#connection}): Helidon's context, and the
 * {@link Session} its requests share, built at its first request and reused while the HTTP
 * version stays the same. Why: formatting both ends' addresses for every request was 2.3 % of
 * weft's samples under h1-small (BENCHMARKS.md, session 19). Confined to the connection's thread
 * (an HTTP/1 connection's requests are handled on it, one at a time), but for
 * {@link #headDeadline}, which the watchdog's sweep also reads.
 */
final class ClientConnection {
    private final ConnectionContext context;
    private Session session;
    /** The HTTP version of the request {@link #session} was built for ({@code 1.1}, {@code 2.0}). */
    private String sessionVersion;
    private final AtomicReference<RequestHeadDeadline.Expiry> headDeadline = new AtomicReference<>();

    ClientConnection(ConnectionContext context) {
        this.context = context;
    }

    /** Helidon's context of the connection. */
    ConnectionContext context() {
        return context;
    }

    /**
     * The {@code timeout.http-request} deadline of the request head being read, or null
     * ({@link RequestHeadDeadline}): whoever takes it out (the head, complete; or the deadline,
     * firing) decides how the request ends. One per connection instead of an entry in a map
     * shared by all, put and removed for every request.
     */
    AtomicReference<RequestHeadDeadline.Expiry> headDeadline() {
        return headDeadline;
    }

    /**
     * The session of {@code req}, a request of this connection in HTTP version {@code version}
     * (its prologue's, e.g. {@code 1.1}): the last request's when the version is the same, with
     * nothing read or formatted; built otherwise.
     */
    Session session(ServerRequest req, String version) {
        if (session == null || !version.equals(sessionVersion)) {
            session = sessionOf(req, "HTTP/" + version);
            sessionVersion = version;
        }
        return session;
    }

    /**
     * Both ends of {@code req}'s client connection, read while Helidon knows them (once the
     * client's socket is closed it no longer does). A peer that is not an IP socket (none in
     * practice) gives its {@code toString} and port 0.
     */
    static Session sessionOf(ServerRequest req, String protocol) {
        SocketAddress a = req.remotePeer().address();
        String clientIp;
        int clientPort = 0;
        if (a instanceof InetSocketAddress isa) {
            clientIp = isa.getAddress().getHostAddress();
            clientPort = isa.getPort();
        } else {
            clientIp = String.valueOf(a);
        }
        String localIp = "";
        int localPort = 0;
        if (req.localPeer().address() instanceof InetSocketAddress local) {
            localIp = local.getAddress().getHostAddress();
            localPort = local.getPort();
        }
        return new Session(clientIp, clientPort, localIp, localPort, req.isSecure(), protocol);
    }
}
