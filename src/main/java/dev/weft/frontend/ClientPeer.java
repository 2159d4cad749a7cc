package dev.weft.frontend;

import io.helidon.webserver.ConnectionContext;

/**
 * The connection the current thread serves, bound by {@link ConnectionLimit} around Helidon's
 * handling of each connection, so that code Helidon calls without it (its error handlers, a
 * request handler on an HTTP/1.1 connection's own thread) can reach it. Not bound on HTTP/2
 * stream threads, which Helidon starts per stream.
 *
 * <p>Why a thread-local and not a {@code ScopedValue}: the scoped value's first lookup after the
 * thread resumed from a socket read (every request's, in {@link HelidonExchange}) missed its
 * cache and searched the bindings, 2.3 % of h1-small's samples. The thread-local is a little
 * cheaper (paired h1-small: a median of 1.009 req/s and 0.988 CPU per request, with equal means;
 * BENCHMARKS.md, session 22), not free: what remains (1.7 % at 64 client connections,
 * 0.4 % at 4) is the first touch of a connection thread's state that the other connections'
 * requests pushed out of the CPU's caches. Bound only for the extent of {@link #serve}, as the
 * scoped value was.
 */
final class ClientPeer {
    /** The client connection; unbound (null) outside {@link #serve}. */
    private static final ThreadLocal<ClientConnection> CONNECTION = new ThreadLocal<>();

    private ClientPeer() {
    }

    /** What a connection's thread runs while its connection is bound. */
    @FunctionalInterface
    interface Serving {
        void run() throws InterruptedException;
    }

    /**
     * Runs {@code serving} on the current thread with {@code connection} bound, and unbinds it
     * however {@code serving} ends, binding again what was bound before (nothing, on a
     * connection's own thread), as a scoped value's binding would.
     */
    static void serve(ClientConnection connection, Serving serving) throws InterruptedException {
        ClientConnection outer = CONNECTION.get();
        CONNECTION.set(connection);
        try {
            serving.run();
        } finally {
            if (outer == null) {
                CONNECTION.remove();
            } else {
                CONNECTION.set(outer);
            }
        }
    }

    /**
     * The connection the current thread serves, or null when none is bound. For code that runs
     * only on an HTTP/1 connection's thread (its {@code Http1ConnectionListener}); code that
     * serves requests of any version asks {@link #connection(String)}.
     */
    static ClientConnection connection() {
        return CONNECTION.get();
    }

    /**
     * The connection that serves a request in HTTP version {@code version} (its prologue's:
     * {@code 1.0}, {@code 1.1}, {@code 2.0}) on the current thread: the bound one for HTTP/1,
     * null for HTTP/2 without looking. An HTTP/2 stream runs on a new thread of its own with
     * nothing bound, where a lookup would only give that thread a thread-local map.
     */
    static ClientConnection connection(String version) {
        return http1(version) ? CONNECTION.get() : null;
    }

    /**
     * Whether {@code version} (a prologue's: {@code 1.0}, {@code 1.1}, {@code 2.0}) is HTTP/1:
     * its requests run on their connection's own thread, one at a time, and its responses may
     * carry {@code Connection: close}.
     */
    static boolean http1(String version) {
        return version.startsWith("1");
    }

    /**
     * {@code ip:port} of the bound connection's client, or {@code -} when unbound. For Helidon's
     * error handlers, which are not told the version (rare: a thread-local map on an HTTP/2
     * stream's thread costs nothing that matters there).
     */
    static String current() {
        ClientConnection c = CONNECTION.get();
        return c != null ? address(c.context()) : "-";
    }

    static String address(ConnectionContext ctx) {
        return ctx.remotePeer().host() + ":" + ctx.remotePeer().port();
    }
}
