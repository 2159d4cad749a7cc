package dev.weft.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.concurrency.limits.Limit;
import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.spi.ServerConnection;

import java.time.Duration;
import org.junit.jupiter.api.Test;

/** The keep-alive clock against a connection whose busy state and Helidon figure the test sets, on a clock it moves. */
class KeepAliveClockTest {
    private long now = 1_000_000_000L;
    private final FakeConnection connection = new FakeConnection();

    private KeepAliveClock clock(Duration quietLimit) {
        return new KeepAliveClock(connection, quietLimit, () -> now);
    }

    private void advance(Duration d) {
        now += d.toNanos();
    }

    @Test
    void aRequestSlowerThanTheKeepAliveTimeoutIsNeverIdle() {
        KeepAliveClock clock = clock(KeepAliveClock.UNBOUNDED);
        connection.busy = true;
        for (int s = 1; s <= 60; s++) {
            advance(Duration.ofSeconds(1));
            connection.helidon = Duration.ofSeconds(s); // Helidon counts from the request's start
            assertThat(clock.idleTime()).isZero();
        }
    }

    @Test
    void idleTimeCountsFromTheFirstCheckThatSawTheConnectionNoLongerBusy() {
        KeepAliveClock clock = clock(KeepAliveClock.UNBOUNDED);
        connection.busy = true;
        advance(Duration.ofSeconds(6));
        connection.helidon = Duration.ofSeconds(6);
        assertThat(clock.idleTime()).isZero();

        connection.busy = false; // the response went out; waiting for the next request
        advance(Duration.ofMillis(700));
        connection.helidon = Duration.ofMillis(6700);
        assertThat(clock.idleTime()).isZero();
        advance(Duration.ofSeconds(5));
        connection.helidon = Duration.ofMillis(11700);
        assertThat(clock.idleTime()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void aSlowResponseEndingJustBeforeACheckLeavesTheWholeTimeout() {
        // timeout.http-keep-alive 1 s, checks every second (KeepAliveTimeoutIT's h2 case): the slow
        // stream ends a moment before a check, which must not find the connection idle for 1 s
        KeepAliveClock clock = clock(Duration.ofSeconds(30));
        connection.busy = true;
        advance(Duration.ofSeconds(2));
        connection.helidon = Duration.ofSeconds(2);
        assertThat(clock.idleTime()).isZero();

        connection.busy = false;
        advance(Duration.ofMillis(1001));
        connection.helidon = Duration.ofMillis(3001); // Helidon's figure counts from the stream's start
        assertThat(clock.idleTime()).isZero();
        advance(Duration.ofMillis(1001));
        connection.helidon = Duration.ofMillis(4002);
        assertThat(clock.idleTime()).isEqualTo(Duration.ofMillis(1001));
    }

    @Test
    void helidonsFigureWinsWhenItIsShorter() {
        KeepAliveClock clock = clock(KeepAliveClock.UNBOUNDED);
        advance(Duration.ofSeconds(10)); // a request came and went between two checks
        connection.helidon = Duration.ofMillis(300);
        assertThat(clock.idleTime()).isEqualTo(Duration.ofMillis(300));
    }

    @Test
    void aBusyConnectionQuietPastTheLimitIsBusyNoLonger() {
        KeepAliveClock clock = clock(Duration.ofSeconds(30));
        connection.busy = true; // an HTTP/2 stream the client never ends
        advance(Duration.ofSeconds(30));
        connection.helidon = Duration.ofSeconds(30);
        assertThat(clock.idleTime()).isZero();

        advance(Duration.ofSeconds(4)); // quiet past the limit: busy no longer, idle from this check
        connection.helidon = Duration.ofSeconds(34);
        assertThat(clock.idleTime()).isZero();
        advance(Duration.ofSeconds(3));
        connection.helidon = Duration.ofSeconds(37);
        assertThat(clock.idleTime()).isEqualTo(Duration.ofSeconds(3));
    }

    @Test
    void restartCountsFromNow() {
        KeepAliveClock clock = clock(KeepAliveClock.UNBOUNDED);
        advance(Duration.ofSeconds(20)); // waited for global.maxconn
        clock.restart();
        advance(Duration.ofSeconds(2));
        connection.helidon = Duration.ofSeconds(22);
        assertThat(clock.idleTime()).isEqualTo(Duration.ofSeconds(2));
    }

    /** A Helidon connection reduced to what the clock reads. */
    private static final class FakeConnection implements ServerConnection, InterruptableTask<Void> {
        boolean busy;
        Duration helidon = Duration.ZERO;

        @Override
        public boolean canInterrupt() {
            return !busy;
        }

        @Override
        public Duration idleTime() {
            return helidon;
        }

        @Override
        public void handle(Limit limit) {
            throw new UnsupportedOperationException();
        }

        @Override
        public void close(boolean interrupt) {
        }

        @Override
        public Void call() {
            throw new UnsupportedOperationException();
        }
    }
}
