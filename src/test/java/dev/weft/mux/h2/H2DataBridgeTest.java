package dev.weft.mux.h2;

import dev.weft.http.HeaderList;
import dev.weft.http.ResponseHead;
import dev.weft.mux.h2.H2DataBridge.StreamAborted;

import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.frames.DataFrame;
import dev.weft.stream.IoWatchdog;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentLinkedQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

class H2DataBridgeTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(10);

    /** A scripted Jetty stream: data queued by the test, demands counted, releases tracked. */
    static final class ScriptedSource implements H2DataBridge.DataSource {
        final ConcurrentLinkedQueue<Stream.Data> queue = new ConcurrentLinkedQueue<>();
        final AtomicInteger demands = new AtomicInteger();
        final List<TrackedData> handedOut = new ArrayList<>();
        H2DataBridge bridge;

        @Override
        public synchronized Stream.Data readData() {
            Stream.Data d = queue.poll();
            if (d instanceof TrackedData t) {
                handedOut.add(t);
            }
            return d;
        }

        @Override
        public void demand() {
            demands.incrementAndGet();
        }

        /** Jetty's side: data arrives; the listener is told when a demand is pending. */
        void arrive(String text, boolean last) {
            queue.add(new TrackedData(text, last));
            bridge.dataAvailable();
        }
    }

    static final class TrackedData extends Stream.Data {
        final AtomicInteger released = new AtomicInteger();

        TrackedData(String text, boolean last) {
            super(new DataFrame(1, ByteBuffer.wrap(text.getBytes(StandardCharsets.US_ASCII)), last));
        }

        @Override
        public boolean release() {
            released.incrementAndGet();
            return true;
        }
    }

    private final ScriptedSource source = new ScriptedSource();
    private final IoWatchdog watchdog = new IoWatchdog();
    private final H2DataBridge bridge = new H2DataBridge(watchdog, source);

    @org.junit.jupiter.api.AfterEach
    void closeWatchdog() {
        watchdog.close();
    }

    {
        source.bridge = bridge;
    }

    private static String read(H2DataBridge b, int room) throws Exception {
        ByteBuffer into = ByteBuffer.allocate(room);
        int n = b.read(into, LONG);
        return n < 0 ? null : new String(into.array(), 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void readsDataQueuedBeforeAnyDemandWithoutDemanding() throws Exception {
        source.queue.add(new TrackedData("hello", false));
        source.queue.add(new TrackedData("", true));

        assertThat(read(bridge, 64)).isEqualTo("hello");
        assertThat(read(bridge, 64)).isNull();
        assertThat(source.demands.get()).isZero();
        assertThat(bridge.ended()).isTrue();
    }

    @Test
    void demandsOnlyWhenNothingIsQueuedAndWakesOnArrival() throws Exception {
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return read(bridge, 64);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> source.demands.get() == 1);
        source.arrive("late", false);

        assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo("late");
        assertThat(source.demands.get()).isEqualTo(1);
    }

    @Test
    void releasesEachDataOnlyOnceItsBytesAreConsumed() throws Exception {
        TrackedData big = new TrackedData("abcdef", false);
        source.queue.add(big);

        assertThat(read(bridge, 4)).isEqualTo("abcd");
        assertThat(big.released.get()).isZero();
        assertThat(read(bridge, 4)).isEqualTo("ef");
        assertThat(big.released.get()).isEqualTo(1);
    }

    @Test
    void theEndOfStreamEndsTheBodyAndTrailersAreKept() throws Exception {
        bridge.head(new ResponseHead(200, "", "HTTP/2", new HeaderList()));
        source.queue.add(new TrackedData("body", false));
        bridge.trailers(new HeaderList().add("grpc-status", "0"));
        source.queue.add(new TrackedData("", true));

        assertThat(bridge.awaitHead(LONG).status()).isEqualTo(200);
        assertThat(read(bridge, 64)).isEqualTo("body");
        assertThat(read(bridge, 64)).isNull();
        assertThat(read(bridge, 64)).isNull();
        assertThat(bridge.trailers().first("grpc-status")).isEqualTo("0");
        assertThat(source.handedOut).allMatch(d -> d.released.get() == 1);
    }

    @Test
    void aResetWhileWaitingForTheHeadWakesTheStreamWithItsReason() throws Exception {
        CompletableFuture<Throwable> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                bridge.awaitHead(LONG);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        bridge.aborted(new StreamAborted("refused", 7, true, null));

        Throwable t = waiter.get(5, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(StreamAborted.class);
        assertThat(((StreamAborted) t).notProcessed()).isTrue();
        assertThat(((StreamAborted) t).errorCode()).isEqualTo(7);
    }

    @Test
    void aResetWhileWaitingForDataFailsTheRead() throws Exception {
        CompletableFuture<Throwable> reader = CompletableFuture.supplyAsync(() -> {
            try {
                read(bridge, 64);
                return null;
            } catch (Exception e) {
                return e;
            }
        });
        await().atMost(Duration.ofSeconds(5)).until(() -> source.demands.get() == 1);
        bridge.aborted(new StreamAborted("reset", 2, false, null));

        assertThat(reader.get(5, TimeUnit.SECONDS)).isInstanceOf(StreamAborted.class);
    }

    @Test
    void dataQueuedBeforeAResetIsStillRead() throws Exception {
        source.queue.add(new TrackedData("tail", false));
        source.queue.add(new TrackedData("", true));
        bridge.aborted(new StreamAborted("reset after the end", 0, false, null));

        assertThat(read(bridge, 64)).isEqualTo("tail");
        assertThat(read(bridge, 64)).isNull();
    }

    @Test
    void awaitAbortReturnsTheReasonWhenItComesAndNullWithoutOne() throws Exception {
        assertThat(bridge.awaitAbort(TimeUnit.MILLISECONDS.toNanos(20))).isNull();
        CompletableFuture<StreamAborted> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return bridge.awaitAbort(LONG);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        bridge.aborted(new StreamAborted("refused", 7, true, null));

        assertThat(waiter.get(5, TimeUnit.SECONDS).notProcessed()).isTrue();
    }

    @Test
    void timesOutWhenNoHeadOrDataComes() {
        assertThatThrownBy(() -> bridge.awaitHead(TimeUnit.MILLISECONDS.toNanos(50))).isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> bridge.read(ByteBuffer.allocate(8), TimeUnit.MILLISECONDS.toNanos(50)))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void closeReleasesTheDataHeldHalfRead() throws Exception {
        TrackedData d = new TrackedData("abcdef", false);
        source.queue.add(d);
        read(bridge, 2);

        bridge.close();

        assertThat(d.released.get()).isEqualTo(1);
    }
}
