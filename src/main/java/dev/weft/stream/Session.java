package dev.weft.stream;

/**
 * The client connection a stream came in on, as the backend side needs it (HAProxy's
 * {@code session}): both ends' addresses, whether it is TLS, the HTTP version. FastCGI passes
 * these to the application (REMOTE_ADDR, SERVER_PORT, HTTPS...). Immutable.
 *
 * @param clientIp   the client's IP address
 * @param clientPort the client's port
 * @param localIp    the address the client connected to (empty when unknown)
 * @param localPort  the port the client connected to (0 when unknown)
 * @param tls        true when the client connection is TLS
 * @param protocol   {@code HTTP/1.1}, {@code HTTP/2.0}...
 */
public record Session(String clientIp, int clientPort, String localIp, int localPort, boolean tls, String protocol) {

    /** What is known when a test or an adapter gives no session. */
    public static final Session UNKNOWN = new Session("", 0, "", 0, false, "HTTP/1.1");
}
