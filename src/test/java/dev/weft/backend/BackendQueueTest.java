package dev.weft.backend;

import dev.weft.balance.RoundRobinBalancer;
import dev.weft.config.BackendConfig;
import dev.weft.config.BackendConfig.HttpReuse;
import dev.weft.config.HostPort;
import dev.weft.config.RetryConfig;
import dev.weft.config.ServerConfig;
import dev.weft.config.Timeouts;
import dev.weft.stream.IoWatchdog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.CompletableFuture;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * The backend queue: one FIFO for the whole backend, fed by slots released on any server, that
 * nobody bypasses while streams wait.
 */
class BackendQueueTest {
    private static final Duration LONG = Duration.ofSeconds(30);
    private final IoWatchdog watchdog = new IoWatchdog();

    @AfterEach
    void stopWatchdog() {
        watchdog.close();
    }

    private static Backend backend(boolean secondIsBackup, int... maxconn) {
        List<ServerConfig> configs = new ArrayList<>();
        List<Server> servers = new ArrayList<>();
        for (int i = 0; i < maxconn.length; i++) {
            ServerConfig sc = new ServerConfig("s" + (i + 1), new HostPort("127.0.0.1", 1000 + i),
                    ServerConfig.Proto.H1, 1, maxconn[i], secondIsBackup && i == 1, false);
            configs.add(sc);
            servers.add(new Server("app", sc, new ConnectionPool(HttpReuse.SAFE, 8)));
        }
        BackendConfig bc = new BackendConfig("app", BackendConfig.Balance.ROUNDROBIN, configs,
                new RetryConfig(0, 0, EnumSet.noneOf(RetryConfig.RetryOn.class), Set.of()), HttpReuse.SAFE, false,
                Timeouts.defaults());
        return new Backend(bc, servers, new RoundRobinBalancer(servers));
    }

    /** Starts a virtual thread waiting in the queue; its future completes with what it got. */
    private CompletableFuture<Server> waiter(BackendQueue q, Set<Server> avoid, Duration timeout) {
        CompletableFuture<Server> f = new CompletableFuture<>();
        startWaiting(q, avoid, timeout, f);
        return f;
    }

    /** Starts a virtual thread waiting in the queue, completing {@code f} with what it got; returns the thread. */
    private Thread startWaiting(BackendQueue q, Set<Server> avoid, Duration timeout, CompletableFuture<Server> f) {
        return Thread.ofVirtual().start(() -> {
            try {
                f.complete(q.await(avoid, timeout, watchdog));
            } catch (InterruptedException e) {
                f.completeExceptionally(e);
            }
        });
    }

    @Test
    void aSlotReleasedOnAnyServerGoesToTheQueuedStreamsInArrivalOrder() throws Exception {
        Backend app = backend(false, 1, 1);
        BackendQueue q = app.queue();
        Server s1 = app.servers().get(0);
        Server s2 = app.servers().get(1);
        assertThat(q.tryTake(s1)).isTrue();
        assertThat(q.tryTake(s2)).isTrue();

        List<CompletableFuture<Server>> waiting = new ArrayList<>();
        for (int i = 0; i < 3; i++) {
            waiting.add(waiter(q, Set.of(), LONG));
            int expected = i + 1;
            await().atMost(LONG).until(() -> q.length() == expected);
        }
        q.release(s2);
        assertThat(waiting.get(0).get()).isSameAs(s2);
        q.release(s1);
        assertThat(waiting.get(1).get()).isSameAs(s1);
        assertThat(q.length()).isEqualTo(1);
        assertThat(q.tryTake(s1)).as("no barging past a queued stream").isFalse();
        q.release(s2);
        assertThat(waiting.get(2).get()).isSameAs(s2);
        assertThat(s1.currentStreams() + s2.currentStreams()).isEqualTo(2);
    }

    @Test
    void aQueuedStreamIsNotHandedAServerItAvoidsNorABackupWhileAnActiveServerIsUsable() throws Exception {
        Backend app = backend(true, 1, 1);
        BackendQueue q = app.queue();
        Server active = app.servers().get(0);
        Server backup = app.servers().get(1);
        assertThat(q.tryTake(active)).isTrue();
        assertThat(backup.tryAcquireSlot()).isTrue();

        CompletableFuture<Server> plain = waiter(q, Set.of(), LONG);
        await().atMost(LONG).until(() -> q.length() == 1);
        q.release(backup);
        assertThat(plain).isNotDone();
        assertThat(backup.currentStreams()).as("the backup's slot went back to its permits").isZero();

        CompletableFuture<Server> avoidsActive = waiter(q, Set.of(active), LONG);
        await().atMost(LONG).until(() -> q.length() == 1 || avoidsActive.isDone());
        // Having failed on the active server, this one may use the backup: it took the free slot.
        assertThat(avoidsActive.get()).isSameAs(backup);
        q.release(active);
        assertThat(plain.get()).isSameAs(active);
    }

    /** A backend's queue whose one server's only slot is taken. */
    private record Full(BackendQueue queue, Server server) {
    }

    private static Full oneServerItsOnlySlotTaken() {
        Backend app = backend(false, 1);
        Server s1 = app.servers().getFirst();
        assertThat(app.queue().tryTake(s1)).isTrue();
        return new Full(app.queue(), s1);
    }

    @Test
    void aStreamQueuedPastItsTimeoutLeavesTheQueueWithNothing() throws Exception {
        Full full = oneServerItsOnlySlotTaken();
        BackendQueue q = full.queue();
        Server s1 = full.server();
        assertThat(q.await(Set.of(), Duration.ofMillis(50), watchdog)).isNull();
        assertThat(q.length()).isZero();
        q.release(s1);
        assertThat(q.tryTake(s1)).as("the released slot is free again").isTrue();
    }

    @Test
    void anInterruptedStreamLeavesTheQueueAndTheNextOneGetsTheSlot() throws Exception {
        Full full = oneServerItsOnlySlotTaken();
        BackendQueue q = full.queue();
        Server s1 = full.server();
        CompletableFuture<Server> leaving = new CompletableFuture<>();
        Thread t = startWaiting(q, Set.of(), LONG, leaving);
        await().atMost(LONG).until(() -> q.length() == 1);
        CompletableFuture<Server> next = waiter(q, Set.of(), LONG);
        await().atMost(LONG).until(() -> q.length() == 2);
        t.interrupt();
        await().atMost(LONG).until(leaving::isDone);
        assertThat(leaving).isCompletedExceptionally();
        q.release(s1);
        assertThat(next.get()).isSameAs(s1);
        assertThat(q.length()).isZero();
        assertThat(s1.currentStreams()).isEqualTo(1);
    }

    /**
     * A queued stream's wait has no deadline of its own (the watchdog keeps it): the JDK would
     * schedule a timed park, and its cancel, on a platform thread woken for each.
     */
    @Test
    void aQueuedStreamParksWithoutATimedPark() throws Exception {
        Full full = oneServerItsOnlySlotTaken();
        BackendQueue q = full.queue();
        Server s1 = full.server();
        CompletableFuture<Server> got = new CompletableFuture<>();
        Thread t = startWaiting(q, Set.of(), LONG, got);
        await().atMost(LONG).until(() -> q.length() == 1 && t.getState() != Thread.State.RUNNABLE);
        assertThat(t.getState()).isEqualTo(Thread.State.WAITING);
        q.release(s1);
        assertThat(got.get()).isSameAs(s1);
    }
}
