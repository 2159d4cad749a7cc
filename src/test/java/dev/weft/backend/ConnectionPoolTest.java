package dev.weft.backend;

import dev.weft.stream.IoWatchdog;

import dev.weft.config.BackendConfig.HttpReuse;
import dev.weft.config.HostPort;
import dev.weft.config.ServerConfig;
import dev.weft.mux.Mux;
import dev.weft.mux.MuxProtocol;
import dev.weft.mux.MuxStream;
import dev.weft.stream.ConnStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.time.Duration;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.ArrayList;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class ConnectionPoolTest {
    private final ServerSocket listener;
    private final List<Socket> accepted = new ArrayList<>();

    private final IoWatchdog watchdog = new IoWatchdog();

    ConnectionPoolTest() throws IOException {
        listener = new ServerSocket(0);
    }

    @AfterEach
    void close() throws IOException {
        watchdog.close();
        listener.close();
        for (Socket s : accepted) {
            s.close();
        }
    }

    private Connection open(Server server, long id) throws IOException {
        Socket s = new Socket("127.0.0.1", listener.getLocalPort());
        accepted.add(listener.accept());
        Connection c = new Connection(id, server, s, watchdog, Duration.ofSeconds(30));
        server.pool().reserveUnder(Integer.MAX_VALUE); // counted open, as the Connector does
        c.mux(new ReusableMux(c));
        return c;
    }

    private Server server(HttpReuse reuse) {
        return server(reuse, 2);
    }

    /** Opens {@code n} connections of {@code s} in use at once, then releases them all. */
    private List<Connection> openAtOnceThenRelease(Server s, int n) throws IOException {
        List<Connection> opened = new ArrayList<>();
        for (int i = 1; i <= n; i++) {
            opened.add(open(s, i));
        }
        opened.forEach(Connection::release);
        return opened;
    }

    private Server server(HttpReuse reuse, int maxIdle) {
        return new Server("app", new ServerConfig("s1", new HostPort("127.0.0.1", listener.getLocalPort()),
                ServerConfig.Proto.H1, 1, 0, false, false), new ConnectionPool(reuse, maxIdle));
    }

    @Test
    void closesWhatTheFirstRequestsOfSessionsOpenBeyondTheEstimatedNeed() throws IOException {
        // h1-close under safe reuse: every request opens a connection nobody may take afterwards
        Server s = server(HttpReuse.SAFE, 100);
        List<Connection> released = new ArrayList<>();
        for (int i = 1; i <= 20; i++) {
            assertThat(s.pool().take(true)).isNull();
            Connection c = open(s, i);
            c.release();
            released.add(c);
        }
        assertThat(s.pool().estimatedNeed()).isEqualTo(1);
        assertThat(s.pool().idleCount()).as("one in use at a time: one kept").isEqualTo(1);
        assertThat(s.pool().openCount()).isEqualTo(1);
        assertThat(released.getFirst().isClosed()).as("the first was kept").isFalse();
        assertThat(released.subList(1, 20)).allMatch(Connection::isClosed);
    }

    @Test
    void takesTheMostRecentlyUsedIdleConnectionAndSkipsOneClosedWhileIdle() throws IOException {
        Server s = server(HttpReuse.SAFE, 100);
        List<Connection> three = openAtOnceThenRelease(s, 3); // released 1, 2, 3: 3 is the most recent
        assertThat(s.pool().take(false)).isSameAs(three.get(2));
        three.get(1).close(); // e.g. the server closed it while it was idle
        assertThat(s.pool().take(false)).as("the closed one is not taken").isSameAs(three.getFirst());
        assertThat(s.pool().take(false)).isNull();
        assertThat(s.pool().idleCount()).isZero();
    }

    @Test
    void keepsAsManyAsWereInUseAtOnce() throws IOException {
        Server s = server(HttpReuse.SAFE, 100);
        List<Connection> inUse = openAtOnceThenRelease(s, 3);
        assertThat(s.pool().estimatedNeed()).isEqualTo(3);
        assertThat(s.pool().idleCount()).isEqualTo(3);
        assertThat(inUse).noneMatch(Connection::isClosed);
        // a later request takes one back: still one of the three, nothing opened
        assertThat(s.pool().take(false)).isIn(inUse);
        assertThat(s.pool().openCount()).isEqualTo(3);
    }

    @Test
    void takingIdleConnectionsRaisesTheEstimateAgain() throws IOException {
        Server s = server(HttpReuse.SAFE, 100);
        openAtOnceThenRelease(s, 2);
        s.pool().trim();
        s.pool().trim(); // two quiet periods: the estimate falls to 1
        assertThat(s.pool().estimatedNeed()).isEqualTo(1);
        assertThat(s.pool().take(false)).isNotNull();
        assertThat(s.pool().take(false)).isNotNull();
        assertThat(s.pool().estimatedNeed()).as("two in use at once again").isEqualTo(2);
    }

    @Test
    void eachTrimClosesHalfOfWhatExceedsTheNeedAndTheEstimateFallsWithTheLoad() throws IOException {
        Server s = server(HttpReuse.SAFE, 100);
        openAtOnceThenRelease(s, 4);
        // no load from here on: the estimate halves each period, and half the excess goes each time
        List<Integer> closed = new ArrayList<>();
        List<Integer> need = new ArrayList<>();
        for (int period = 0; period < 6; period++) {
            closed.add(s.pool().trim());
            need.add(s.pool().estimatedNeed());
        }
        assertThat(closed).containsExactly(0, 0, 1, 1, 1, 1);
        assertThat(need).containsExactly(4, 2, 1, 0, 0, 0);
        assertThat(s.pool().openCount()).isZero();
        assertThat(s.pool().idleCount()).isZero();
    }

    @Test
    void safeReuseGivesNothingToTheFirstRequestOfASession() throws IOException {
        Server s = server(HttpReuse.SAFE);
        Connection c = open(s, 1);
        c.release();
        assertThat(s.pool().take(true)).isNull();
        assertThat(s.pool().take(false)).isSameAs(c);
    }

    @Test
    void reserveUnderClosesTheLeastRecentlyUsedIdleConnectionsUntilBelowTheCapAndCounts() throws IOException {
        Server s = server(HttpReuse.ALWAYS);
        Connection busy = open(s, 1);
        Connection older = open(s, 2);
        Connection newer = open(s, 3);
        older.release();
        newer.release();

        assertThat(s.pool().reserveUnder(4)).isZero();
        assertThat(s.pool().openCount()).as("the reservation counts as open").isEqualTo(4);
        s.pool().unreserve();
        assertThat(s.pool().reserveUnder(3)).isEqualTo(1);
        assertThat(older.isClosed()).isTrue();
        assertThat(newer.isClosed()).isFalse();
        s.pool().unreserve();
        assertThat(s.pool().reserveUnder(1)).as("only idle connections are closed").isEqualTo(1);
        assertThat(busy.isClosed()).isFalse();
        assertThat(s.pool().openCount()).as("over the cap when all are in use").isEqualTo(2);
        assertThat(s.pool().idleCount()).isZero();
    }

    /**
     * Two streams connecting at once under a cap of 3, with one connection busy and one idle: the
     * second must find the first's connection counted and close the idle one, or the server sees
     * four connections (a FastCGI server: the fourth waits in its backlog behind an idle one).
     */
    @Test
    void aSecondReservationBeforeTheFirstConnectionOpensStillKeepsTheCap() throws IOException {
        Server s = server(HttpReuse.ALWAYS);
        Connection busy = open(s, 1);
        Connection idle = open(s, 2);
        idle.release();

        assertThat(s.pool().reserveUnder(3)).isZero();
        assertThat(s.pool().reserveUnder(3)).isEqualTo(1);
        assertThat(idle.isClosed()).isTrue();
        assertThat(busy.isClosed()).isFalse();
        assertThat(s.pool().openCount()).isEqualTo(3);
    }

    @Test
    void neverReuseClosesEveryReleasedConnection() throws IOException {
        Server s = server(HttpReuse.NEVER);
        Connection c = open(s, 1);
        c.release();
        assertThat(c.isClosed()).isTrue();
        assertThat(s.pool().openCount()).isZero();
    }

    @Test
    void aggressiveReuseGivesTheFirstRequestOnlyAProvenConnection() throws IOException {
        Server s = server(HttpReuse.AGGRESSIVE);
        Connection fresh = open(s, 1);
        fresh.countExchange();
        fresh.release();
        assertThat(s.pool().take(true)).isNull();
        fresh.countExchange();
        assertThat(s.pool().take(false)).isSameAs(fresh);
        fresh.release();
        assertThat(s.pool().take(true)).isSameAs(fresh);
    }

    @Test
    void alwaysReuseGivesAnIdleConnectionToAnyone() throws IOException {
        Server s = server(HttpReuse.ALWAYS);
        Connection c = open(s, 1);
        c.release();
        assertThat(s.pool().take(true)).isSameAs(c);
    }

    @Test
    void closesTheSurplusOverTheIdleLimitAndCountsOpenConnections() throws IOException {
        Server s = server(HttpReuse.ALWAYS);
        Connection a = open(s, 1);
        Connection b = open(s, 2);
        Connection c = open(s, 3);
        a.release();
        b.release();
        c.release();
        assertThat(c.isClosed()).isTrue();
        assertThat(s.pool().idleCount()).isEqualTo(2);
        assertThat(s.pool().openCount()).isEqualTo(2);
        s.pool().closeIdle();
        assertThat(s.pool().openCount()).isZero();
        assertThat(s.pool().idleCount()).isZero();
    }

    @Test
    void purgesConnectionsIdleLongerThanTheDelay() throws IOException {
        Server s = server(HttpReuse.ALWAYS);
        Connection a = open(s, 1);
        a.release();
        assertThat(s.pool().purge(System.nanoTime(), 60_000_000_000L)).isZero();
        assertThat(s.pool().purge(System.nanoTime() + 61_000_000_000L, 60_000_000_000L)).isEqualTo(1);
        assertThat(a.isClosed()).isTrue();
        assertThat(s.pool().openCount()).isZero();
    }

    @Test
    void neverHandsOutAConnectionClosedWhileIdle() throws IOException {
        Server s = server(HttpReuse.ALWAYS);
        Connection a = open(s, 1);
        a.release();
        a.close();
        assertThat(s.pool().take(false)).isNull();
        assertThat(s.pool().idleCount()).isZero();
    }

    /**
     * A stream looks for an idle connection while that one is closing (marked closed, not yet
     * taken out of the list by its close): it takes the listing, sees the connection closed and
     * drops it, and the close then finds it gone; nothing is handed out, nothing stays counted.
     */
    @Test
    void neverHandsOutAConnectionClosingWhileIdle() {
        Server s = server(HttpReuse.ALWAYS);
        Connection[] taken = new Connection[1];
        Connection a = new Connection(1, s, () -> taken[0] = s.pool().take(false)); // the take, inside a's close
        s.pool().reserveUnder(Integer.MAX_VALUE);
        a.mux(new ReusableMux(a));
        a.release();
        a.close();
        assertThat(taken[0]).isNull();
        assertThat(s.pool().idleCount()).isZero();
        assertThat(s.pool().openCount()).isZero();
    }

    @Test
    void keepsTheIdleCountThroughTakesClosesAndReturns() throws IOException {
        Server s = server(HttpReuse.ALWAYS);
        Connection a = open(s, 1);
        Connection b = open(s, 2);
        a.release();
        b.release();
        Connection taken = s.pool().take(true);
        assertThat(taken).as("most recently used first").isSameAs(b);
        taken.close(); // closed in use: the idle list is not touched
        assertThat(s.pool().idleCount()).isEqualTo(1);
        assertThat(s.pool().take(true)).isSameAs(a);
        a.release(); // back in the list after a take: found there again, and on close
        assertThat(s.pool().idleCount()).isEqualTo(1);
        a.close();
        assertThat(s.pool().idleCount()).isZero();
        assertThat(s.pool().take(true)).isNull();
        assertThat(s.pool().openCount()).isZero();
    }

    /** A mux that is always reusable: these tests are about the pool's rules only. */
    private record ReusableMux(Connection c) implements Mux {
        public MuxProtocol protocol() { return MuxProtocol.H1; }
        public MuxStream attach(ConnStream owner) { throw new UnsupportedOperationException(); }
        public void detach(MuxStream stream) { }
        public int availableStreams() { return 1; }
        public int usedStreams() { return 0; }
        public boolean reusable() { return !c.isClosed(); }
        public void close() { c.close(); }
    }
}
