package dev.weft.backend;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.config.BackendConfig.HttpReuse;
import dev.weft.config.HostPort;
import dev.weft.config.ServerConfig;
import dev.weft.failure.StreamFailure;
import dev.weft.mux.MuxException;
import dev.weft.stream.IoWatchdog;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.time.Duration;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A connection is counted before it is connected (so that two streams connecting at once to a
 * capped FastCGI server cannot both find room): a connect that fails must give the count back,
 * or every refused connect would lower the cap for good. A connection weft closes first is
 * reset, as HAProxy closes its server connections; one whose close weft has read, or that carried
 * a request body, is closed with a FIN.
 */
class ConnectorTest {
    private final IoWatchdog watchdog = new IoWatchdog();

    @AfterEach
    void close() {
        watchdog.close();
    }

    @Test
    void aRefusedConnectToACappedFastCgiServerGivesItsCountBack() throws IOException {
        assertRefusedConnectsLeaveNoCount(ServerConfig.Proto.FCGI, 2);
    }

    @Test
    void aRefusedConnectToAnHttpServerGivesItsCountBack() throws IOException {
        assertRefusedConnectsLeaveNoCount(ServerConfig.Proto.H1, 0);
    }

    @Test
    void aRefusedConnectToAnHttp2ServerGivesItsCountBack() throws IOException {
        assertRefusedConnectsLeaveNoCount(ServerConfig.Proto.H2, 0);
    }

    private void assertRefusedConnectsLeaveNoCount(ServerConfig.Proto proto, int maxconn) throws IOException {
        int closedPort;
        try (ServerSocket s = new ServerSocket(0)) {
            closedPort = s.getLocalPort();
        }
        Server server = new Server("app", new ServerConfig("s1", new HostPort("127.0.0.1", closedPort),
                proto, 1, maxconn, false, false), new ConnectionPool(HttpReuse.SAFE, 2));
        Connector connector = new Connector(8192, watchdog);

        for (int i = 0; i < 3; i++) {
            assertThatThrownBy(() -> connector.connect(server, Duration.ofSeconds(2), Duration.ofSeconds(2)))
                    .isInstanceOfSatisfying(MuxException.class,
                            e -> assertThat(e.failure()).isInstanceOf(StreamFailure.ConnectRefused.class));
        }
        assertThat(server.pool().openCount()).isZero();
    }

    @Test
    void aConnectionWeftClosesFirstIsReset() throws IOException {
        // a FIN would read as the end of the stream (-1); a reset throws
        assertThatThrownBy(() -> whatTheServerReadsAfterClose(c -> { }))
                .isInstanceOf(SocketException.class).hasMessageContaining("reset");
    }

    @Test
    void aConnectionThatCarriedARequestBodyIsClosedWithAFin() throws IOException {
        assertThat(whatTheServerReadsAfterClose(Connection::closeGently)).isEqualTo(-1);
    }

    @Test
    void aConnectionTheServerClosedFirstIsClosedWithAFin() throws IOException {
        assertThat(whatTheServerReadsAfterClose(c -> assertThat(c.in().read(new byte[16], 0, 16)).isEqualTo(-1)))
                .isEqualTo(-1);
    }

    /** What weft does with a connection before it closes it; the server's end is half-closed already. */
    private interface BeforeClose {
        void accept(Connection c) throws IOException;
    }

    /**
     * Connects weft to a listener of the test's, half-closes the server's end (its FIN reaches
     * weft), runs {@code before} on weft's connection, closes it and returns the server's next
     * read: -1 after weft's FIN; a reset throws.
     */
    private int whatTheServerReadsAfterClose(BeforeClose before) throws IOException {
        try (ServerSocket listener = new ServerSocket(0)) {
            Connection c = new Connector(8192, watchdog).connect(serverAt(listener), Duration.ofSeconds(2), Duration.ofSeconds(20));
            try (Socket peer = listener.accept()) {
                peer.setSoTimeout(20_000);
                peer.shutdownOutput();
                before.accept(c);
                c.close();
                return peer.getInputStream().read();
            } finally {
                c.close();
            }
        }
    }

    /** An HTTP/1.1 server on {@code listener}'s port. */
    private static Server serverAt(ServerSocket listener) {
        return new Server("app", new ServerConfig("s1", new HostPort("127.0.0.1", listener.getLocalPort()),
                ServerConfig.Proto.H1, 1, 0, false, false), new ConnectionPool(HttpReuse.SAFE, 2));
    }

    @Test
    void socketTimeoutsAreClampedToWhatASocketTakes() {
        assertThat(Connector.socketMillis(Duration.ZERO)).isEqualTo(1);
        assertThat(Connector.socketMillis(Duration.ofMillis(1500))).isEqualTo(1500);
        assertThat(Connector.socketMillis(Duration.ofDays(30))).isEqualTo(Integer.MAX_VALUE);
    }
}
