package dev.weft.backend;

import dev.weft.backend.MultiplexedPoolTest.SlotsMux;
import dev.weft.config.BackendConfig.HttpReuse;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CountDownLatch;

import static org.assertj.core.api.Assertions.assertThat;

/** SharedConnections: the shared multiplexed connections, looked up by session. */
class SharedConnectionsTest {
    private final Server server = MultiplexedPoolTest.server(HttpReuse.SAFE);
    private final SharedConnections shared = new SharedConnections();

    private Connection open(int slots) {
        return MultiplexedPoolTest.open(server, slots);
    }

    @Test
    void aSessionFindsOnlyItsOwnUnlessAnySessionMay() {
        Connection a = open(5);
        Connection b = open(5);
        shared.add(a, "client-a");
        shared.add(b, "client-b");

        assertThat(shared.reserve("client-a", false)).isSameAs(a);
        assertThat(shared.reserve("client-b", false)).isSameAs(b);
        assertThat(shared.reserve("client-c", false)).isNull();
        assertThat(shared.reserve("client-c", true)).isIn(a, b);
    }

    @Test
    void aSessionWithSeveralConnectionsGetsOneWithAFreeSlot() {
        Connection full = open(1);
        Connection free = open(2);
        shared.add(full, "client-a");
        shared.add(free, "client-a");

        assertThat(shared.reserve("client-a", false)).isSameAs(free);
        assertThat(shared.reserve("client-a", false)).as("both full").isNull();
    }

    @Test
    void addKeepsTheFirstSession() {
        Connection c = open(5);
        shared.add(c, "client-a");
        shared.add(c, "client-b");

        assertThat(shared.reserve("client-b", false)).isNull();
        assertThat(shared.reserve("client-a", false)).isSameAs(c);
        assertThat(shared.size()).isOne();
    }

    @Test
    void aConnectionClosedBeforeItIsSharedIsNotKept() {
        Connection c = open(5);
        c.close();
        shared.add(c, "client-a");

        assertThat(shared.isEmpty()).isTrue();
        assertThat(shared.indexAgrees()).isTrue();
    }

    @Test
    void anyOtherSessionIsLookedAtOnce() {
        Connection own = open(2);
        shared.add(own, "client-a");
        assertThat(shared.reserve("client-a", true)).isSameAs(own);
        SlotsMux mux = (SlotsMux) own.mux();
        mux.probes.set(0);

        assertThat(shared.reserve("client-a", true)).as("own one full, no other").isNull();
        assertThat(mux.probes.get()).as("reusable() and tryReserve() once each").isEqualTo(2);
    }

    @Test
    void closedAndGoingAwayConnectionsAreDroppedWhenMet() {
        Connection closed = open(5);
        Connection goingAway = open(5);
        shared.add(closed, "client-a");
        shared.add(goingAway, "client-b");
        closed.close();
        ((SlotsMux) goingAway.mux()).goingAway = true;

        assertThat(shared.reserve("client-a", false)).isNull();
        assertThat(shared.reserve("client-x", true)).isNull();
        assertThat(shared.isEmpty()).isTrue();
    }

    @Test
    void removeStopsSharingAndForgetsTheSession() {
        Connection c = open(5);
        shared.add(c, "client-a");
        shared.remove(c);
        shared.remove(c);

        assertThat(shared.reserve("client-a", true)).isNull();
        assertThat(shared.connections()).isEmpty();
    }

    /** Sharing and dropping at the same moment leaves the index and the map in agreement. */
    @Test
    void concurrentAddsAndRemovesLeaveNothingBehind() throws Exception {
        List<Connection> cs = new ArrayList<>();
        for (int i = 0; i < 16; i++) {
            cs.add(open(2)); // one free slot: each is reserved once below
        }
        CountDownLatch go = new CountDownLatch(1);
        List<Thread> threads = new ArrayList<>();
        for (int t = 0; t < 4; t++) {
            int id = t;
            threads.add(Thread.ofPlatform().start(() -> {
                try {
                    go.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    return;
                }
                for (int i = 0; i < 20_000; i++) {
                    Connection c = cs.get((i * 7 + id) % cs.size());
                    String session = "client-" + (i % 3);
                    if ((i + id) % 2 == 0) {
                        shared.add(c, session);
                    } else {
                        shared.remove(c);
                    }
                }
            }));
        }
        go.countDown();
        for (Thread t : threads) {
            t.join();
        }
        assertThat(shared.indexAgrees()).isTrue();
        // the connections shared are exactly those their sessions find: none lost from the
        // index, none left in it after being dropped
        Set<Connection> listed = new HashSet<>();
        shared.connections().forEach(listed::add);
        Set<Connection> found = new HashSet<>();
        for (int s = 0; s < 3; s++) {
            for (Connection c; (c = shared.reserve("client-" + s, false)) != null; ) {
                found.add(c);
            }
        }
        assertThat(found).isEqualTo(listed);
        for (Connection c : cs) {
            shared.remove(c);
        }
        assertThat(shared.isEmpty()).isTrue();
        assertThat(shared.indexAgrees()).isTrue();
    }
}
