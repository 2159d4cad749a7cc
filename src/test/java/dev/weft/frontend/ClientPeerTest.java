package dev.weft.frontend;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.atomic.AtomicReference;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** ClientPeer: a connection is bound to its thread for the extent of serve(), and only there. */
class ClientPeerTest {

    @Test
    void aConnectionIsBoundWhileServedAndUnboundAfter() throws InterruptedException {
        ClientConnection connection = new ClientConnection(null);
        AtomicReference<ClientConnection> seen = new AtomicReference<>();

        assertThat(ClientPeer.connection()).isNull();
        ClientPeer.serve(connection, () -> seen.set(ClientPeer.connection()));

        assertThat(seen.get()).isSameAs(connection);
        assertThat(ClientPeer.connection()).as("after serve").isNull();
        assertThat(ClientPeer.current()).isEqualTo("-");
    }

    @Test
    void aConnectionIsUnboundWhenServingFails() {
        assertThatThrownBy(() -> ClientPeer.serve(new ClientConnection(null), () -> {
            throw new InterruptedException("closed while served");
        })).isInstanceOf(InterruptedException.class);

        assertThat(ClientPeer.connection()).isNull();
    }

    @Test
    void aNestedServeBindsTheOuterConnectionAgainWhenItEnds() throws InterruptedException {
        ClientConnection outer = new ClientConnection(null);
        ClientConnection inner = new ClientConnection(null);
        AtomicReference<ClientConnection> seenInside = new AtomicReference<>();
        AtomicReference<ClientConnection> seenAfter = new AtomicReference<>();

        ClientPeer.serve(outer, () -> {
            ClientPeer.serve(inner, () -> seenInside.set(ClientPeer.connection()));
            seenAfter.set(ClientPeer.connection());
        });

        assertThat(seenInside.get()).isSameAs(inner);
        assertThat(seenAfter.get()).as("the outer one again").isSameAs(outer);
        assertThat(ClientPeer.connection()).isNull();
    }

    @Test
    void anHttp2RequestIsNotServedByTheBoundConnection() throws InterruptedException {
        ClientConnection connection = new ClientConnection(null);
        List<ClientConnection> seen = new ArrayList<>();

        ClientPeer.serve(connection, () -> {
            seen.add(ClientPeer.connection("1.1"));
            seen.add(ClientPeer.connection("1.0"));
            seen.add(ClientPeer.connection("2.0"));
        });

        assertThat(seen).containsExactly(connection, connection, null);
    }

    @Test
    void anotherThreadDoesNotSeeTheConnection() throws InterruptedException {
        AtomicReference<ClientConnection> seenElsewhere = new AtomicReference<>(new ClientConnection(null));
        ClientPeer.serve(new ClientConnection(null), () -> {
            Thread other = Thread.ofVirtual().start(() -> seenElsewhere.set(ClientPeer.connection()));
            other.join();
        });

        assertThat(seenElsewhere.get()).as("an HTTP/2 stream's thread, say").isNull();
    }
}
