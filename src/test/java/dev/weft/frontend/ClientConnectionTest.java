package dev.weft.frontend;

import dev.weft.stream.Session;
import io.helidon.common.socket.PeerInfo;
import io.helidon.webserver.http.ServerRequest;
import org.junit.jupiter.api.Test;

import java.lang.reflect.Proxy;
import java.net.InetSocketAddress;
import java.net.SocketAddress;
import java.security.Principal;
import java.security.cert.Certificate;
import java.util.Optional;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;

/** ClientConnection: an HTTP/1 connection's requests share one Session, built once per HTTP version. */
class ClientConnectionTest {

    /** Helidon's view of one peer, counting how often its address is read. */
    private record Peer(InetSocketAddress socket, AtomicInteger reads) implements PeerInfo {
        @Override public SocketAddress address() { reads.incrementAndGet(); return socket; }
        @Override public String host() { return socket.getHostString(); }
        @Override public int port() { return socket.getPort(); }
        @Override public Optional<Principal> tlsPrincipal() { return Optional.empty(); }
        @Override public Optional<Certificate[]> tlsCertificates() { return Optional.empty(); }
    }

    /** A request of the connection from {@code client} to {@code local}: only its peers and TLS are answered. */
    private static ServerRequest request(PeerInfo client, PeerInfo local) {
        return (ServerRequest) Proxy.newProxyInstance(ServerRequest.class.getClassLoader(),
                new Class<?>[] {ServerRequest.class}, (proxy, method, args) -> switch (method.getName()) {
                    case "remotePeer" -> client;
                    case "localPeer" -> local;
                    case "isSecure" -> false;
                    default -> throw new UnsupportedOperationException(method.getName());
                });
    }

    @Test
    void aConnectionsRequestsShareTheSessionBuiltAtItsFirst() {
        AtomicInteger reads = new AtomicInteger();
        ServerRequest req = request(new Peer(new InetSocketAddress("127.0.0.7", 50123), reads),
                new Peer(new InetSocketAddress("127.0.0.1", 8080), new AtomicInteger()));
        ClientConnection connection = new ClientConnection(null);

        Session first = connection.session(req, "1.1");
        assertThat(first).isEqualTo(new Session("127.0.0.7", 50123, "127.0.0.1", 8080, false, "HTTP/1.1"));
        assertThat(connection.session(req, "1.1")).as("the next request's").isSameAs(first);
        assertThat(reads.get()).as("the client's address read once").isEqualTo(1);
    }

    @Test
    void aRequestInAnotherHttpVersionGetsASessionOfItsOwn() {
        ServerRequest req = request(new Peer(new InetSocketAddress("127.0.0.7", 50123), new AtomicInteger()),
                new Peer(new InetSocketAddress("127.0.0.1", 8080), new AtomicInteger()));
        ClientConnection connection = new ClientConnection(null);

        Session http11 = connection.session(req, "1.1");
        Session http10 = connection.session(req, "1.0");
        assertThat(http10.protocol()).isEqualTo("HTTP/1.0");
        assertThat(connection.session(req, "1.1")).isNotSameAs(http11).isEqualTo(http11);
    }
}
