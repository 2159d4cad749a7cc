package dev.weft.mux.h2;

import dev.weft.http.HeaderList;
import dev.weft.http.ResponseHead;
import dev.weft.mux.h2.H2DataBridge.StreamAborted;
import dev.weft.stream.IoWatchdog;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class H2DataBridgeTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(10);

    /** The credits the consumer handed on, as "credit/open". */
    private final List<String> credits = new ArrayList<>();
    private final IoWatchdog watchdog = new IoWatchdog();
    private final H2DataBridge bridge = new H2DataBridge(watchdog, (credit, open) -> credits.add(credit + "/" + open));

    @AfterEach
    void closeWatchdog() {
        watchdog.close();
    }

    private static ResponseHead head(int status) {
        return new ResponseHead(status, "", "HTTP/2.0", new HeaderList());
    }

    private static byte[] bytes(String s) {
        return s.getBytes(StandardCharsets.US_ASCII);
    }

    /** Reads once into a buffer of {@code room} bytes: the text read, or null at the end. */
    private static String read(H2DataBridge b, int room) throws Exception {
        ByteBuffer into = ByteBuffer.allocate(room);
        int n = b.read(into, LONG);
        return n < 0 ? null : new String(into.array(), 0, n, StandardCharsets.US_ASCII);
    }

    @Test
    void readsQueuedDataInPiecesAndCreditsEachFrameAsItIsTaken() throws Exception {
        bridge.head(head(200), true, -1);
        assertThat(bridge.data(bytes("abcdef"), 6)).isZero();
        assertThat(bridge.data(bytes("gh"), 10)).isZero(); // 8 bytes of padding
        assertThat(bridge.awaitHead(LONG).status()).isEqualTo(200);

        assertThat(read(bridge, 4)).isEqualTo("abcd");
        assertThat(credits).containsExactly("6/true");
        assertThat(read(bridge, 4)).isEqualTo("ef");
        assertThat(read(bridge, 4)).isEqualTo("gh");
        assertThat(credits).containsExactly("6/true", "10/true");
        assertThat(bridge.end()).isTrue();
        assertThat(read(bridge, 4)).isNull();
        assertThat(read(bridge, 4)).isNull();
    }

    @Test
    void aResetOrAConnectionEndAfterACompleteResponseTakesNothingFromIt() throws Exception {
        bridge.head(head(200), true, 3);
        bridge.data(bytes("abc"), 3);
        bridge.end();
        bridge.aborted(new StreamAborted("reset NO_ERROR after the answer", 0, false));

        assertThat(bridge.serverEnded(true)).as("ended whole, both ways: no reset").isTrue();
        assertThat(bridge.serverEnded(false)).as("ended whole, weft's request not: reset it").isFalse();
        assertThat(bridge.awaitAbort(LONG)).as("none will come").isNull();
        assertThat(bridge.awaitHead(LONG).status()).isEqualTo(200);
        assertThat(read(bridge, 8)).isEqualTo("abc");
        assertThat(read(bridge, 8)).isNull();
    }

    @Test
    void dataArrivingAfterCloseIsRefusedWithItsCredit() {
        bridge.data(bytes("queued"), 6);
        assertThat(bridge.close()).isEqualTo(6);
        assertThat(bridge.data(bytes("late"), 9)).isEqualTo(9);
        assertThat(bridge.close()).isZero();
    }

    @Test
    void theLastFramesCreditSaysTheStreamIsClosed() throws Exception {
        bridge.head(head(200), true, -1);
        bridge.data(bytes("x"), 1);
        bridge.end();

        assertThat(read(bridge, 8)).isEqualTo("x");
        assertThat(credits).containsExactly("1/false");
    }

    @Test
    void waitsForDataAndWakesOnArrival() throws Exception {
        CompletableFuture<String> reader = CompletableFuture.supplyAsync(() -> {
            try {
                return read(bridge, 64);
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        });
        bridge.data(bytes("late"), 4);

        assertThat(reader.get(5, TimeUnit.SECONDS)).isEqualTo("late");
    }

    @Test
    void interimHeadsComeFirstAndTrailersAreKept() throws Exception {
        bridge.head(head(103), true, -1);
        bridge.head(head(200), true, -1);
        HeaderList t = new HeaderList();
        t.add("grpc-status", "0");
        bridge.trailers(t);
        bridge.end();

        assertThat(bridge.awaitHead(LONG).status()).isEqualTo(103);
        assertThat(bridge.awaitHead(LONG).status()).isEqualTo(200);
        assertThat(read(bridge, 8)).isNull();
        assertThat(bridge.trailers().first("grpc-status")).isEqualTo("0");
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
        bridge.aborted(new StreamAborted("refused", 7, true));

        Throwable t = waiter.get(5, TimeUnit.SECONDS);
        assertThat(t).isInstanceOf(StreamAborted.class);
        assertThat(((StreamAborted) t).notProcessed()).isTrue();
        assertThat(((StreamAborted) t).errorCode()).isEqualTo(7);
        assertThat(bridge.serverEnded(false)).as("the server ended it").isTrue();
    }

    @Test
    void dataQueuedBeforeAResetIsReadThenTheResetFailsTheRead() throws Exception {
        bridge.data(bytes("tail"), 4);
        bridge.aborted(new StreamAborted("reset", 2, false));
        bridge.aborted(new StreamAborted("second cause", 8, false));

        assertThat(read(bridge, 64)).isEqualTo("tail");
        assertThatThrownBy(() -> read(bridge, 64)).isInstanceOf(StreamAborted.class).hasMessage("reset");
        assertThat(bridge.data(bytes("after"), 5)).as("credit nobody will take").isEqualTo(5);
    }

    @Test
    void aBodyLongerThanItsContentLengthFailsAtTheFrameThatOverflows() throws Exception {
        bridge.head(head(200), true, 5);
        assertThat(bridge.data(bytes("abc"), 3)).isZero();
        assertThat(bridge.data(bytes("def"), 3)).isEqualTo(-1);

        assertThat(read(bridge, 64)).isEqualTo("abc");
        assertThatThrownBy(() -> read(bridge, 64)).isInstanceOf(StreamAborted.class).hasMessageContaining("longer");
    }

    @Test
    void aBodyShorterThanItsContentLengthFailsAtTheEnd() throws Exception {
        bridge.head(head(200), true, 5);
        bridge.data(bytes("abc"), 3);

        assertThat(bridge.end()).isFalse();
        assertThat(read(bridge, 64)).isEqualTo("abc");
        assertThatThrownBy(() -> read(bridge, 64)).isInstanceOf(StreamAborted.class).hasMessageContaining("shorter");
        assertThat(bridge.serverEnded(false)).as("aborted: the reader reset it already").isTrue();
    }

    @Test
    void aContentLengthThatDoesNotBindTheBodyIsNotChecked() throws Exception {
        bridge.head(head(200), false, 5); // a HEAD request's response, a 204 or a 304
        assertThat(bridge.end()).isTrue();
        assertThat(read(bridge, 64)).isNull();
    }

    @Test
    void awaitAbortReturnsTheReasonWhenItComesAndNullWithoutOne() throws Exception {
        assertThat(bridge.awaitAbort(0)).isNull();
        assertThat(bridge.awaitAbort(TimeUnit.MILLISECONDS.toNanos(20))).isNull();
        CompletableFuture<StreamAborted> waiter = CompletableFuture.supplyAsync(() -> {
            try {
                return bridge.awaitAbort(LONG);
            } catch (InterruptedException e) {
                throw new IllegalStateException(e);
            }
        });
        bridge.aborted(new StreamAborted("refused", 7, true));

        assertThat(waiter.get(5, TimeUnit.SECONDS).notProcessed()).isTrue();
    }

    @Test
    void timesOutWhenNoHeadOrDataComes() {
        assertThatThrownBy(() -> bridge.awaitHead(TimeUnit.MILLISECONDS.toNanos(50))).isInstanceOf(TimeoutException.class);
        assertThatThrownBy(() -> bridge.read(ByteBuffer.allocate(8), TimeUnit.MILLISECONDS.toNanos(50)))
                .isInstanceOf(TimeoutException.class);
    }

    @Test
    void closeGivesBackTheCreditOfWhatWasNeverTaken() throws Exception {
        bridge.data(bytes("abcdef"), 6);
        bridge.data(bytes("gh"), 12);
        bridge.data(bytes("ij"), 2);
        assertThat(read(bridge, 2)).isEqualTo("ab");

        assertThat(bridge.close()).isEqualTo(14);
        assertThat(bridge.close()).isZero();
    }
}
