package dev.weft.backend;

import dev.weft.config.BackendConfig.HttpReuse;
import dev.weft.config.HostPort;
import dev.weft.config.ServerConfig;
import dev.weft.mux.Mux;
import dev.weft.mux.MuxProtocol;
import dev.weft.mux.MuxStream;
import dev.weft.stream.ConnStream;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

/** ConnectionPool with multiplexed (HTTP/2-like) connections: shared while in use, by http-reuse. */
class MultiplexedPoolTest {

    /** A multiplexed mux with {@code limit} slots and no I/O; used -2 is idle, -1 retired (as StreamSlots). */
    static class SlotsMux implements Mux {
        final AtomicInteger used = new AtomicInteger(1); // the opener's slot
        final int limit;
        volatile boolean goingAway;
        /** Calls of reusable() and tryReserve(): how often a pool looked at this connection. */
        final AtomicInteger probes = new AtomicInteger();
        /** Calls of tryTakeIdle(). */
        final AtomicInteger takeTries = new AtomicInteger();
        final Connection c;

        SlotsMux(Connection c, int limit) {
            this.c = c;
            this.limit = limit;
        }

        @Override public MuxProtocol protocol() { return MuxProtocol.H2; }
        @Override public boolean multiplexed() { return true; }
        @Override public MuxStream attach(ConnStream owner) { return null; }
        @Override public void detach(MuxStream stream) {
            if (used.decrementAndGet() == 0) {
                c.release();
            }
        }
        @Override public int availableStreams() { return limit - used.get(); }
        @Override public int usedStreams() { return used.get(); }
        @Override public boolean reusable() {
            probes.incrementAndGet();
            return !goingAway && !c.isClosed();
        }
        @Override public boolean tryReserve() {
            probes.incrementAndGet();
            while (true) {
                int n = used.get();
                if (goingAway || n < 0 || n >= limit) {
                    return false;
                }
                if (used.compareAndSet(n, n + 1)) {
                    return true;
                }
            }
        }
        @Override public void unreserve() { detach(null); }
        @Override public boolean listIdle() { return used.compareAndSet(0, -2); }
        @Override public boolean tryTakeIdle() {
            takeTries.incrementAndGet();
            return !goingAway && used.compareAndSet(-2, 1);
        }
        @Override public boolean retireIfUnused() { return used.compareAndSet(0, -1) || used.compareAndSet(-2, -1); }
        @Override public void close() { c.close(); }
    }

    static Server server(HttpReuse reuse) {
        return new Server("app", new ServerConfig("s1", new HostPort("127.0.0.1", 1), ServerConfig.Proto.H2, 1, 0,
                false, false), new ConnectionPool(reuse, 8));
    }

    /** A connection of {@code s} with a multiplexed mux of {@code limit} slots, one taken (the opener's). */
    static Connection open(Server s, int limit) {
        Connection c = new Connection(1, s, () -> { });
        s.pool().reserveUnder(Integer.MAX_VALUE); // counted open, as the Connector does
        c.mux(new SlotsMux(c, limit));
        return c;
    }

    @Test
    void alwaysSharesAConnectionInUseUpToItsFreeSlots() {
        Server s = server(HttpReuse.ALWAYS);
        Connection c = open(s, 3);
        s.pool().attached(c, () -> "client-a");

        assertThat(s.pool().take(true, () -> "client-b")).isSameAs(c);
        assertThat(s.pool().take(true, () -> "client-c")).isSameAs(c);
        assertThat(s.pool().take(true, () -> "client-d")).as("all 3 slots taken").isNull();
        assertThat(c.mux().usedStreams()).isEqualTo(3);
    }

    @Test
    void safeSharesAConnectionInUseOnlyWithItsOwnSession() {
        Server s = server(HttpReuse.SAFE);
        Connection c = open(s, 10);
        s.pool().attached(c, () -> "client-a");

        assertThat(s.pool().take(false, () -> "client-b")).as("another client connection").isNull();
        assertThat(s.pool().take(false, () -> "client-a")).isSameAs(c);
    }

    /** h2-back: one shared connection per client connection; a stream must not scan the others'. */
    @Test
    void safeLooksOnlyAtItsOwnSessionsConnections() {
        Server s = server(HttpReuse.SAFE);
        List<SlotsMux> others = new ArrayList<>();
        for (int i = 0; i < 50; i++) {
            Connection o = open(s, 10);
            s.pool().attached(o, () -> "other-" + others.size());
            others.add((SlotsMux) o.mux());
        }
        Connection own = open(s, 10);
        s.pool().attached(own, () -> "client-a");
        others.forEach(m -> m.probes.set(0));

        assertThat(s.pool().take(false, () -> "client-a")).isSameAs(own);
        assertThat(s.pool().take(false, () -> "client-b")).isNull();
        assertThat(others).allSatisfy(m -> assertThat(m.probes.get()).isZero());
    }

    @Test
    void anUnusedConnectionGoesIdleAndFollowsTheIdleRules() {
        Server s = server(HttpReuse.SAFE);
        Connection c = open(s, 10);
        s.pool().attached(c, () -> "client-a");
        c.mux().detach(null);

        assertThat(s.pool().sharedCount()).isZero();
        assertThat(s.pool().idleCount()).isEqualTo(1);
        assertThat(s.pool().take(true, () -> "client-b")).as("safe: not for a first request").isNull();
        assertThat(s.pool().take(false, () -> "client-b")).isSameAs(c);
        assertThat(s.pool().sharedCount()).as("in use again, shareable by its new session").isEqualTo(1);
    }

    @Test
    void aConnectionGoingAwayIsNeverSharedAndClosesWhenItsLastStreamEnds() {
        Server s = server(HttpReuse.ALWAYS);
        Connection c = open(s, 10);
        s.pool().attached(c, () -> "client-a");
        ((SlotsMux) c.mux()).goingAway = true;

        assertThat(s.pool().take(false, () -> "client-a")).isNull();
        assertThat(s.pool().sharedCount()).isZero();
        c.mux().detach(null);
        assertThat(c.isClosed()).isTrue();
        assertThat(s.pool().openCount()).isZero();
    }

    @Test
    void thePurgeClosesAnIdleConnectionButNotOneTakenMeanwhile() {
        Server s = server(HttpReuse.ALWAYS);
        Connection idle = open(s, 10);
        idle.mux().detach(null);
        assertThat(s.pool().purge(System.nanoTime() + 10_000_000_000L, 1)).isEqualTo(1);
        assertThat(idle.isClosed()).isTrue();

        Connection busy = open(s, 10);
        busy.mux().detach(null);
        assertThat(busy.mux().tryTakeIdle()).as("another stream takes it while it is idle").isTrue();
        assertThat(s.pool().purge(System.nanoTime() + 10_000_000_000L, 1)).isZero();
        assertThat(busy.isClosed()).isFalse();
    }

    @Test
    void theTrimClosesAnIdleConnectionBeyondTheNeedButNotOneTakenMeanwhile() {
        Server quiet = server(HttpReuse.ALWAYS);
        Connection idle = open(quiet, 10);
        idle.mux().detach(null);
        quiet.pool().trim();
        quiet.pool().trim(); // no load for two periods: the estimate falls to 0
        assertThat(quiet.pool().trim()).isEqualTo(1);
        assertThat(idle.isClosed()).isTrue();

        Server s = server(HttpReuse.ALWAYS);
        Connection busy = open(s, 10);
        busy.mux().detach(null);
        s.pool().trim();
        s.pool().trim();
        assertThat(busy.mux().tryTakeIdle()).as("another stream takes it while it is idle").isTrue();
        assertThat(s.pool().trim()).isZero();
        assertThat(busy.isClosed()).isFalse();
    }

    @Test
    void aConnectionBeyondTheNeedIsClosedAtItsReleaseUnlessAStreamReservedItMeanwhile() {
        Server s = server(HttpReuse.ALWAYS);
        Connection a = open(s, 10);
        Connection b = open(s, 10);
        Connection c = open(s, 10);
        a.mux().detach(null); // idle: the other two stay in use
        s.pool().trim();
        s.pool().trim(); // two in use per period: the estimate falls from 3 to 2
        assertThat(s.pool().estimatedNeed()).isEqualTo(2);

        SlotsMux bm = (SlotsMux) b.mux();
        bm.used.set(0); // b's last stream ended, and before it is offered to the pool...
        assertThat(bm.tryReserve()).as("...another stream shares it").isTrue();
        b.release();
        assertThat(b.isClosed()).as("three open, one idle, two needed: but b is in use").isFalse();

        c.mux().detach(null);
        assertThat(c.isClosed()).as("nobody reserved c: closed").isTrue();
        assertThat(a.isClosed()).isFalse();
    }

    /**
     * A stream of client-a reserved the connection through the shared list after its last stream
     * ended and before it was offered: the offer must not list it idle, where a stream of another
     * client could take it under safe (two clients on one connection), and when client-a's stream
     * ends the connection is listed idle once.
     */
    @Test
    void aConnectionReservedAsItsLastStreamEndedStaysWithThatStreamAndIsListedIdleOnceItEnds() {
        Server s = server(HttpReuse.SAFE);
        Connection c = open(s, 10);
        s.pool().attached(c, () -> "client-a");
        SlotsMux m = (SlotsMux) c.mux();
        m.used.set(0); // its last stream ended, and before the offer...
        assertThat(s.pool().take(false, () -> "client-a")).as("...client-a shares it").isSameAs(c);

        assertThat(c.release()).as("the ended stream's offer").isFalse();
        assertThat(s.pool().idleCount()).isZero();
        assertThat(s.pool().take(false, () -> "client-b")).as("another client under safe").isNull();
        assertThat(c.isClosed()).isFalse();

        c.mux().detach(null); // client-a's stream ends
        assertThat(s.pool().idleCount()).isEqualTo(1);
        assertThat(s.pool().take(false, () -> "client-b")).isSameAs(c);
        assertThat(s.pool().idleCount()).isZero();
        assertThat(s.pool().take(false, () -> "client-c")).as("now client-b's, under safe").isNull();
    }

    /** Two streams of different clients find the same idle connection: one takes it, under safe. */
    @Test
    void anIdleConnectionIsTakenByOneStreamOnly() {
        Server s = server(HttpReuse.SAFE);
        Connection c = open(s, 10);
        c.mux().detach(null);
        assertThat(s.pool().idleCount()).isEqualTo(1);
        assertThat(c.mux().tryTakeIdle()).as("client-a's stream takes it, not yet out of the list").isTrue();

        assertThat(s.pool().take(false, () -> "client-b")).isNull();
        assertThat(c.mux().usedStreams()).isEqualTo(1);
    }

    @Test
    void streamsArrivingTogetherWaitForTheConnectionBeingOpenedAndShareIt() throws Exception {
        Server s = new Server("app", new ServerConfig("s1", new HostPort("127.0.0.1", 1), ServerConfig.Proto.H2, 1, 0,
                false, false), new ConnectionPool(HttpReuse.SAFE, 8, true));
        assertThat(s.pool().take(true, () -> "client-a")).as("the first stream opens").isNull();

        Thread[] secondThread = new Thread[1];
        CompletableFuture<Connection> second = CompletableFuture.supplyAsync(
                () -> s.pool().take(false, () -> "client-a"), r -> secondThread[0] = Thread.ofVirtual().start(r));
        CompletableFuture<Connection> otherClient = CompletableFuture.supplyAsync(
                () -> s.pool().take(true, () -> "client-b"), r -> Thread.ofVirtual().start(r));
        assertThat(otherClient.get(5, TimeUnit.SECONDS)).as("another session opens its own at once").isNull();
        // parked on the opening's latch (a stream still on its way there when the opening ends
        // finds the connection shared, or, past the shared list, becomes an opener itself)
        await().atMost(5, TimeUnit.SECONDS)
                .until(() -> secondThread[0].getState() == Thread.State.TIMED_WAITING);
        assertThat(second).as("the same session's next stream waits").isNotDone();

        Connection opened = open(s, 10);
        s.pool().openFinished(opened);

        assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(opened);
        assertThat(opened.mux().usedStreams()).isEqualTo(2);
    }

    @Test
    void aWaitingStreamOpensItsOwnWhenTheOpeningFails() throws Exception {
        Server s = new Server("app", new ServerConfig("s1", new HostPort("127.0.0.1", 1), ServerConfig.Proto.H2, 1, 0,
                false, false), new ConnectionPool(HttpReuse.ALWAYS, 8, true));
        assertThat(s.pool().take(false, () -> "a")).isNull();
        CompletableFuture<Connection> waiter = CompletableFuture.supplyAsync(
                () -> s.pool().take(false, () -> "b"), r -> Thread.ofVirtual().start(r));
        assertThat(waiter).isNotDone();

        s.pool().openFinished(null);

        assertThat(waiter.get(5, TimeUnit.SECONDS)).as("it is the opener now").isNull();
    }

    @Test
    void neverSharesNothing() {
        Server s = server(HttpReuse.NEVER);
        Connection c = open(s, 10);
        s.pool().attached(c, () -> "client-a");
        assertThat(s.pool().take(false, () -> "client-a")).isNull();
        c.mux().detach(null);
        assertThat(c.isClosed()).isTrue();
    }

    /**
     * A connection of {@code s} used by client-a whose last stream ends: returns once the pool's
     * offer is inside its move (marked idle, so no longer reservable through the shared list, and
     * not yet listed idle), where it stays until {@code letGo}.
     */
    private static Connection heldInOffer(Server s, CountDownLatch letGo) throws InterruptedException {
        CountDownLatch inOffer = new CountDownLatch(1);
        Connection c = open(s, 10);
        c.mux(new SlotsMux(c, 10) {
            @Override public boolean listIdle() {
                boolean marked = super.listIdle();
                if (marked) {
                    holdOnce(inOffer, letGo);
                }
                return marked;
            }
        });
        s.pool().attached(c, () -> "client-a");
        Thread.ofVirtual().start(() -> c.mux().detach(null)); // its last stream ends: offered to the pool
        assertThat(inOffer.await(5, TimeUnit.SECONDS)).isTrue();
        return c;
    }

    /**
     * For a fake mux's hook, where a race sits: the first time, counts {@code reached} down and
     * holds the calling thread until {@code letGo}; later calls pass.
     */
    private static void holdOnce(CountDownLatch reached, CountDownLatch letGo) {
        if (reached.getCount() == 0) {
            return;
        }
        reached.countDown();
        try {
            letGo.await();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static Server safeServer(long moveWaitNanos) {
        return new Server("app", new ServerConfig("s1", new HostPort("127.0.0.1", 1), ServerConfig.Proto.H2, 1, 0,
                false, false), new ConnectionPool(HttpReuse.SAFE, 8, true, moveWaitNanos));
    }

    /** Starts a stream of client-a taking a connection; {@code started} counts down just before. */
    private static CompletableFuture<Connection> takeAsync(Server s, CountDownLatch started) {
        return CompletableFuture.supplyAsync(() -> {
            started.countDown();
            return s.pool().take(false, () -> "client-a");
        }, r -> Thread.ofVirtual().start(r));
    }

    @Test
    void aStreamArrivingWhileItsSessionsConnectionMovesToTheIdleListWaitsForItInsteadOfOpeningOne() throws Exception {
        Server s = safeServer(TimeUnit.MINUTES.toNanos(1));
        CountDownLatch letGo = new CountDownLatch(1);
        Connection c = heldInOffer(s, letGo);

        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Connection> next = takeAsync(s, started);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        // in neither list now: without the wait the stream gets null at once (and would open one)
        assertThatThrownBy(() -> next.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        letGo.countDown();
        assertThat(next.get(5, TimeUnit.SECONDS)).isSameAs(c);
        assertThat(c.mux().usedStreams()).isEqualTo(1);
    }

    /**
     * client-a's first stream takes its idle connection: between the take and the sharing, a
     * second stream of client-a finds it in neither list (taken from the idle one, not yet
     * shared) and must wait for it instead of opening a connection.
     */
    @Test
    void aStreamArrivingWhileItsSessionTakesAnIdleConnectionWaitsAndSharesIt() throws Exception {
        Server s = safeServer(TimeUnit.MINUTES.toNanos(1));
        CountDownLatch taken = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Connection c = open(s, 10);
        c.mux(new SlotsMux(c, 10) {
            @Override public boolean tryTakeIdle() {
                boolean took = super.tryTakeIdle();
                if (took) {
                    holdOnce(taken, letGo); // taken, still listed idle, not yet shared
                }
                return took;
            }
        });
        c.mux().detach(null);
        assertThat(s.pool().idleCount()).isEqualTo(1);
        CompletableFuture<Connection> first = takeAsync(s, new CountDownLatch(1));
        assertThat(taken.await(5, TimeUnit.SECONDS)).isTrue();

        CountDownLatch started = new CountDownLatch(1);
        CompletableFuture<Connection> second = takeAsync(s, started);
        assertThat(started.await(5, TimeUnit.SECONDS)).isTrue();
        assertThatThrownBy(() -> second.get(300, TimeUnit.MILLISECONDS)).isInstanceOf(TimeoutException.class);
        letGo.countDown();
        assertThat(first.get(5, TimeUnit.SECONDS)).isSameAs(c);
        assertThat(second.get(5, TimeUnit.SECONDS)).isSameAs(c);
        assertThat(c.mux().usedStreams()).isEqualTo(2);
    }

    /**
     * A stream of client-a arrives while the offer of client-a's connection (last stream ended)
     * has not yet marked it idle: it shares the connection at once, and the connection stays
     * shared, for client-a's next streams, instead of going idle while in use.
     */
    @Test
    void aStreamArrivingBeforeTheConnectionIsMarkedIdleSharesItAtOnceAndItStaysShared() throws Exception {
        Server s = safeServer(TimeUnit.MINUTES.toNanos(1));
        CountDownLatch inOffer = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        Connection c = open(s, 10);
        c.mux(new SlotsMux(c, 10) {
            @Override public boolean reusable() {
                if (used.get() == 0) { // offer's first check
                    holdOnce(inOffer, letGo);
                }
                return super.reusable();
            }
        });
        s.pool().attached(c, () -> "client-a");
        ((SlotsMux) c.mux()).used.set(0); // the last stream's slot, as H2Mux.slotFreed gives it back before the offer
        CompletableFuture<Boolean> offer = CompletableFuture.supplyAsync(c::release, r -> Thread.ofVirtual().start(r));
        assertThat(inOffer.await(5, TimeUnit.SECONDS)).isTrue();

        assertThat(takeAsync(s, new CountDownLatch(1)).get(5, TimeUnit.SECONDS)).as("shared at once").isSameAs(c);
        letGo.countDown();
        assertThat(offer.get(5, TimeUnit.SECONDS)).as("not listed idle").isFalse();
        assertThat(s.pool().idleCount()).isZero();
        assertThat(s.pool().sharedCount()).as("still shared with client-a").isEqualTo(1);
        assertThat(s.pool().take(false, () -> "client-a")).isSameAs(c);
        assertThat(c.mux().usedStreams()).isEqualTo(2);
    }

    /**
     * A stream of client-a holds a stale reference to client-a's shared connection (found before
     * it went idle); meanwhile the connection's last stream ends, it is listed idle and client-b
     * takes it. The late reservation must not put client-a's stream on client-b's connection.
     */
    @Test
    void aLateReservationOfAConnectionAnotherClientTookFromTheIdleListIsGivenBack() {
        Server s = server(HttpReuse.SAFE);
        Connection c = open(s, 10);
        AtomicInteger interleaved = new AtomicInteger();
        c.mux(new SlotsMux(c, 10) {
            @Override public boolean tryReserve() {
                if (interleaved.getAndIncrement() == 0) {
                    // client-a's stream has the reference; before it reserves:
                    detach(null); // client-a's last stream ends: listed idle
                    assertThat(s.pool().take(false, () -> "client-b")).as("client-b takes it").isSameAs(c);
                }
                return super.tryReserve();
            }
        });
        s.pool().attached(c, () -> "client-a");

        assertThat(s.pool().take(false, () -> "client-a")).isNull();
        assertThat(interleaved.get()).as("the late reservation happened").isEqualTo(1);
        assertThat(c.mux().usedStreams()).as("client-b's stream only").isEqualTo(1);
        assertThat(s.pool().take(false, () -> "client-b")).isSameAs(c);
    }

    /**
     * Two offers of one connection at once (a stream reserved a slot through a stale reference and
     * gave it back while the last stream's offer ran): one retires and closes it while the other
     * lists it. The closed connection must not stay listed idle.
     */
    @Test
    void aConnectionClosedWhileBeingListedIdleIsNotLeftInTheIdleList() {
        Server s = server(HttpReuse.SAFE);
        Connection c = open(s, 10);
        c.mux(new SlotsMux(c, 10) {
            @Override public boolean listIdle() {
                boolean marked = super.listIdle();
                if (marked && retireIfUnused()) {
                    c.close(); // the other offer, on the pool-full path, in between
                }
                return marked;
            }
        });
        s.pool().attached(c, () -> "client-a");
        c.mux().detach(null);

        assertThat(c.isClosed()).isTrue();
        assertThat(s.pool().idleCount()).isZero();
        assertThat(s.pool().openCount()).isZero();
        assertThat(s.pool().take(false, () -> "client-a")).isNull();
    }

    /** A stream reserved a connection just before its GOAWAY: the last stream's offer must not close it under that stream. */
    @Test
    void aConnectionGoingAwayIsNotClosedUnderAStreamThatReservedItBefore() {
        Server s = server(HttpReuse.SAFE);
        Connection c = open(s, 10);
        s.pool().attached(c, () -> "client-a");
        SlotsMux m = (SlotsMux) c.mux();
        m.used.set(0); // its last stream ended, and before the offer...
        assertThat(s.pool().take(false, () -> "client-a")).as("...client-a reserves it").isSameAs(c);
        m.goingAway = true; // ...and the server sends GOAWAY

        assertThat(c.release()).isFalse();
        assertThat(c.isClosed()).as("the reserving stream still runs on it").isFalse();
        c.mux().detach(null);
        assertThat(c.isClosed()).as("closed at that stream's end").isTrue();
        assertThat(s.pool().openCount()).isZero();
    }

    /**
     * An idle connection that cannot be taken (going away) is not a move to wait for: the stream
     * looks at the lists once and opens its own, instead of looking again. Its looks are counted
     * on a full connection its session shares, which each look probes.
     */
    @Test
    void aFailedTakeFromTheIdleListIsNotAMoveToWaitFor() throws Exception {
        Server s = safeServer(TimeUnit.SECONDS.toNanos(2));
        Connection full = open(s, 1); // the opener's slot is its only one
        s.pool().attached(full, () -> "client-a");
        SlotsMux fm = (SlotsMux) full.mux();
        fm.probes.set(0);
        assertThat(s.pool().take(false, () -> "client-a")).as("nothing to take: the opener's role").isNull();
        s.pool().openFinished(null);
        int oneLook = fm.probes.getAndSet(0);
        assertThat(oneLook).isPositive();

        Connection c = open(s, 10);
        c.mux().detach(null);
        SlotsMux m = (SlotsMux) c.mux();
        m.goingAway = true;
        assertThat(s.pool().take(false, () -> "client-a")).as("the opener's role").isNull();
        s.pool().openFinished(null);
        assertThat(fm.probes.get()).as("looked once, not again for the failed take").isEqualTo(oneLook);
        assertThat(m.takeTries.get()).isEqualTo(1);
        assertThat(c.isClosed()).as("taken out of the idle list, unusable: closed, not left open and unlisted")
                .isTrue();
        assertThat(s.pool().openCount()).as("the full one only").isEqualTo(1);
        assertThat(s.pool().idleCount()).isZero();
    }

    /** A stream of client-a lost an idle connection to another of client-a's: it shares that one. */
    @Test
    void aStreamThatLostAnIdleConnectionToItsSessionSharesItRatherThanTakeTheNext() {
        Server s = server(HttpReuse.SAFE);
        Connection older = open(s, 10);
        Connection newer = open(s, 10); // both in use at once: the pool keeps both when idle
        newer.mux(new SlotsMux(newer, 10) {
            @Override public boolean tryTakeIdle() {
                boolean took = super.tryTakeIdle();
                if (!took) {
                    // the second stream lost it; client-a's first stream shares it meanwhile
                    s.pool().attached(newer, () -> "client-a");
                }
                return took;
            }
        });
        older.mux().detach(null);
        newer.mux().detach(null); // first in the idle list
        assertThat(newer.mux().tryTakeIdle()).as("client-a's first stream takes it").isTrue();

        assertThat(s.pool().take(false, () -> "client-a")).isSameAs(newer);
        assertThat(((SlotsMux) older.mux()).used.get()).as("still idle").isEqualTo(-2);
        assertThat(newer.mux().usedStreams()).isEqualTo(2);
    }

    /**
     * A deque of listings whose iterator, the first time it hands out a listing while
     * {@code hook} is set, runs the hook first (the other thread's steps, while the iterating
     * stream holds that listing and has not looked at it yet); a test sets the hook.
     */
    static class HookedDeque extends ConcurrentLinkedDeque<IdleList.Listing> {
        volatile Runnable hook;

        @Override
        public Iterator<IdleList.Listing> iterator() {
            Iterator<IdleList.Listing> it = super.iterator();
            return new Iterator<>() {
                @Override public boolean hasNext() { return it.hasNext(); }
                @Override public IdleList.Listing next() {
                    IdleList.Listing l = it.next();
                    Runnable h = hook;
                    hook = null;
                    if (h != null) {
                        h.run();
                    }
                    return l;
                }
            };
        }
    }

    /**
     * A stream finds an idle connection's listing; the trim polls that listing's node and, before
     * it claims it, the stream takes the connection, uses it, and its end lists it again. The
     * trim must close the connection once (it is idle again) and leave the count right (before
     * the listings were claimed, the trim marked the new listing out of the list: it was never
     * removed, even once closed, and the count stayed one too high for good).
     */
    @Test
    void theTrimPollingAConnectionAStreamTakesAndListsAgainLeavesTheCountRight() throws Exception {
        CountDownLatch polled = new CountDownLatch(1);
        CountDownLatch letGo = new CountDownLatch(1);
        boolean[] armed = new boolean[1];
        HookedDeque deque = new HookedDeque() {
            @Override
            public IdleList.Listing pollLast() {
                IdleList.Listing l = super.pollLast();
                if (armed[0] && l != null) {
                    holdOnce(polled, letGo); // polled, not yet claimed
                }
                return l;
            }
        };
        Server s = new Server("app", new ServerConfig("s1", new HostPort("127.0.0.1", 1), ServerConfig.Proto.H2, 1, 0,
                false, false), new ConnectionPool(HttpReuse.SAFE, 8, false, 0, new IdleList(deque)));
        Connection c = open(s, 10);
        c.mux().detach(null);
        s.pool().trim();
        s.pool().trim(); // quiet: the estimate falls to 0, the next trim closes one
        CompletableFuture<Integer>[] trim = new CompletableFuture[1];
        armed[0] = true;
        deque.hook = () -> {
            trim[0] = CompletableFuture.supplyAsync(s.pool()::trim, r -> Thread.ofVirtual().start(r));
            try {
                assertThat(polled.await(5, TimeUnit.SECONDS)).as("the trim polled the node").isTrue();
            } catch (InterruptedException e) {
                throw new AssertionError(e);
            }
        };
        try {
            assertThat(s.pool().take(false, () -> "client-a")).isSameAs(c);
            c.mux().detach(null); // the stream ends: listed again
        } finally {
            letGo.countDown(); // the trim goes on (and ends, if an assertion failed)
        }
        assertThat(trim[0].get(5, TimeUnit.SECONDS)).as("the connection listed again, idle: closed").isEqualTo(1);
        assertThat(c.isClosed()).isTrue();
        assertThat(s.pool().openCount()).isZero();
        assertThat(s.pool().idleCount()).isZero();
        assertThat(s.pool().take(false, () -> "client-a")).isNull();
    }

    /**
     * client-x's stream finds an idle connection's listing (an older look); before it acts on it,
     * client-y's stream takes the connection, and its end marks it idle, and is about to list it
     * again. client-x's stream must not take it with that old listing: taken in that instant,
     * the connection was then listed idle while in use (and counted so for good), and client-y's
     * offer unshared it from client-x.
     */
    @Test
    void aStreamWithAnOldListingCannotTakeTheConnectionWhileItIsListedAgain() throws Exception {
        Server s = new Server("app", new ServerConfig("s1", new HostPort("127.0.0.1", 1), ServerConfig.Proto.H2, 1, 0,
                false, false), new ConnectionPool(HttpReuse.AGGRESSIVE, 8, false, 0, new IdleList()));
        Connection c = open(s, 10);
        c.countExchange();
        c.countExchange(); // proven: a first request of a session may take it under aggressive
        CountDownLatch xHasListing = new CountDownLatch(1);
        CountDownLatch markedIdle = new CountDownLatch(1);
        CompletableFuture<Connection>[] x = new CompletableFuture[1];
        Thread[] xThread = new Thread[1];
        c.mux(new SlotsMux(c, 10) {
            @Override public boolean multiplexed() {
                if (Thread.currentThread() == xThread[0]) {
                    holdOnce(xHasListing, markedIdle); // past the listing's claimed() check
                }
                return true;
            }
            @Override public boolean listIdle() {
                boolean marked = super.listIdle();
                if (marked && x[0] != null && markedIdle.getCount() > 0) {
                    markedIdle.countDown(); // client-y's offer: marked idle, not yet listed
                    try {
                        x[0].get(5, TimeUnit.SECONDS);
                    } catch (Exception e) {
                        throw new AssertionError(e);
                    }
                }
                return marked;
            }
        });
        c.mux().detach(null); // listed idle
        assertThat(s.pool().idleCount()).isEqualTo(1);

        x[0] = CompletableFuture.supplyAsync(() -> s.pool().take(true, () -> "client-x"),
                r -> {
                    xThread[0] = Thread.ofVirtual().unstarted(r); // known before it runs
                    xThread[0].start();
                });
        assertThat(xHasListing.await(5, TimeUnit.SECONDS)).isTrue();
        assertThat(s.pool().take(false, () -> "client-y")).isSameAs(c);
        c.mux().detach(null); // client-y's stream ends: offered, and client-x's stream goes on inside

        assertThat(x[0].get(5, TimeUnit.SECONDS)).as("client-x's stream").isNull();
        assertThat(s.pool().idleCount()).isEqualTo(1);
        assertThat(((SlotsMux) c.mux()).used.get()).as("idle, not in use").isEqualTo(-2);
        assertThat(s.pool().take(false, () -> "client-z")).isSameAs(c);
        assertThat(s.pool().idleCount()).isZero();
        assertThat(c.mux().usedStreams()).isEqualTo(1);
    }

    @Test
    void aStreamWaitsForAMoveOnlySoLong() throws Exception {
        // a move that does not end (its thread parked, or closing a connection) must not hold
        // every stream of the server: past the bound the stream opens a connection of its own
        Server s = safeServer(TimeUnit.MILLISECONDS.toNanos(1));
        CountDownLatch letGo = new CountDownLatch(1);
        heldInOffer(s, letGo);

        assertThat(takeAsync(s, new CountDownLatch(1)).get(5, TimeUnit.SECONDS)).as("the opener's role: null").isNull();
        letGo.countDown();
    }
}
