package dev.weft.frontend;

import io.helidon.webserver.ConnectionContext;

/**
 * The connection the current thread serves, bound by {@link ConnectionLimit} around Helidon's
 * handling of each connection, so that code Helidon calls without it (its error handlers, a
 * request handler on an HTTP/1.1 connection's own thread) can reach it. Not bound on HTTP/2
 * stream threads, which Helidon starts per stream.
 */
final class ClientPeer {
    /** The client connection; unbound outside a connection's thread. */
    static final ScopedValue<ClientConnection> CONNECTION = ScopedValue.newInstance();

    private ClientPeer() {
    }

    /** {@code ip:port} of the bound connection's client, or {@code -} when unbound. */
    static String current() {
        return CONNECTION.isBound() ? address(CONNECTION.get().context()) : "-";
    }

    static String address(ConnectionContext ctx) {
        return ctx.remotePeer().host() + ":" + ctx.remotePeer().port();
    }
}
