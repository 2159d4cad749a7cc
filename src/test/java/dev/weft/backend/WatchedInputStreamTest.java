package dev.weft.backend;

import dev.weft.stream.IoWatchdog;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

import java.io.IOException;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

/**
 * Server reads bounded by the watchdog's sweep: a read past its deadline has its socket closed
 * and throws SocketTimeoutException; a read that ended is never expired by a late sweep; a
 * closed socket's stream says it is finished, for the sweep to forget it.
 */
class WatchedInputStreamTest {
    private static final Duration LONG = Duration.ofSeconds(20);

    private final IoWatchdog watchdog = new IoWatchdog();
    private final ServerSocket listener;
    private final Socket client;
    private final Socket peer;

    WatchedInputStreamTest() throws IOException {
        listener = new ServerSocket(0);
        client = new Socket("127.0.0.1", listener.getLocalPort());
        peer = listener.accept();
    }

    @AfterEach
    void close() throws IOException {
        watchdog.close();
        client.close();
        peer.close();
        listener.close();
    }

    /** Reads on a virtual thread, as a stream does; completes with the count or the exception. */
    private static CompletableFuture<Object> readOnce(WatchedInputStream in) {
        CompletableFuture<Object> result = new CompletableFuture<>();
        startReading(in, result);
        return result;
    }

    /** Starts the read of {@link #readOnce}, completing {@code result}; returns its thread. */
    private static Thread startReading(WatchedInputStream in, CompletableFuture<Object> result) {
        return Thread.ofVirtual().start(() -> {
            try {
                result.complete(in.read(new byte[16], 0, 16));
            } catch (IOException e) {
                result.complete(e);
            }
        });
    }

    @Test
    void aSilentServerTimesTheReadOutAndItsSocketIsClosed() throws Exception {
        WatchedInputStream in = new WatchedInputStream(client, Duration.ofMillis(200));
        watchdog.watch(in);
        Object outcome = readOnce(in).get(LONG.toSeconds(), TimeUnit.SECONDS);
        assertThat(outcome).isInstanceOf(SocketTimeoutException.class);
        assertThat(client.isClosed()).isTrue();
        assertThat(in.finished()).isTrue();
    }

    @Test
    void aReadWithinItsDeadlineReturnsTheBytes() throws Exception {
        WatchedInputStream in = new WatchedInputStream(client, Duration.ofSeconds(30));
        CompletableFuture<Object> outcome = readOnce(in);
        peer.getOutputStream().write("abc".getBytes());
        assertThat(outcome.get(LONG.toSeconds(), TimeUnit.SECONDS)).isEqualTo(3);
        assertThat(in.expireIfDue(System.nanoTime() + Duration.ofHours(1).toNanos()))
                .as("no read runs: a late sweep changes nothing").isFalse();
        assertThat(client.isClosed()).isFalse();
    }

    @Test
    void aSweepExpiresOnlyAReadPastItsDeadline() throws Exception {
        WatchedInputStream in = new WatchedInputStream(client, Duration.ofSeconds(30));
        CompletableFuture<Object> outcome = new CompletableFuture<>();
        Thread t = startReading(in, outcome);
        await().atMost(LONG).until(() -> t.getState() == Thread.State.WAITING); // blocked in the read
        assertThat(in.expireIfDue(System.nanoTime())).as("30 s left").isFalse();
        await().atMost(LONG).until(() -> in.expireIfDue(System.nanoTime() + Duration.ofMinutes(1).toNanos()));
        assertThat(outcome.get(LONG.toSeconds(), TimeUnit.SECONDS)).isInstanceOf(SocketTimeoutException.class);
        assertThat(in.expireIfDue(System.nanoTime() + Duration.ofMinutes(1).toNanos())).as("once").isFalse();
    }

    @Test
    void aClosedSocketsStreamIsFinished() throws Exception {
        WatchedInputStream in = new WatchedInputStream(client, Duration.ofSeconds(30));
        assertThat(in.finished()).isFalse();
        client.close();
        assertThat(in.finished()).isTrue();
    }
}
