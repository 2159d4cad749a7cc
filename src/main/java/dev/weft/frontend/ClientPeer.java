package dev.weft.frontend;

/**
 * The client address of the connection the current thread serves, bound by
 * {@link ConnectionLimit} around Helidon's handling of each connection, so that code Helidon
 * calls without it (its error handlers) can still log who the client was.
 */
final class ClientPeer {
    /** {@code ip:port} of the client; unbound outside a connection's thread. */
    static final ScopedValue<String> ADDRESS = ScopedValue.newInstance();

    private ClientPeer() {
    }

    /** The bound address, or {@code -} when unknown. */
    static String current() {
        return ADDRESS.orElse("-");
    }
}
