package dev.weft.frontend;

import io.helidon.common.task.InterruptableTask;
import io.helidon.webserver.spi.ServerConnection;

import java.time.Duration;
import java.util.function.LongSupplier;

/**
 * The idle time of one client connection as {@code timeout.http-keep-alive} means it (HAProxy's
 * {@code timeout http-keep-alive}: the time between requests), for Helidon's idle check, which
 * runs every second and closes a connection past the timeout.
 *
 * <p>Helidon's own figure counts from the start of the last request (HTTP/1.1) or the last frame
 * received (HTTP/2), even while a response is still being waited for: a request or stream slower
 * than the timeout had its connection ended after it, the client's next request failing. Here a
 * connection is busy, idle time zero, while Helidon says it cannot be interrupted (an HTTP/1.1
 * request being served; HTTP/2 streams active), and idle from the first check that saw it busy
 * no longer, or by Helidon's figure, whichever is shorter. That first check comes up to one
 * check period after the last response ended, so the timeout may be served up to one period
 * late, never early: counting from the last check that saw it busy instead made a check just
 * after a slow response find the connection idle for one whole period already (the timeout
 * itself when both are 1 s) and close it under the client's next request.
 *
 * <p>Helidon counts an HTTP/2 stream active until the client ends it, so busy connections whose
 * Helidon figure passes {@code quietLimit} (the frontend's {@code timeout.client}) are busy no
 * longer, and a stream the client never ends closes its connection after {@code timeout.client}
 * plus {@code timeout.http-keep-alive} (and up to a period) instead of keeping it for ever.
 * HTTP/1.1 connections take {@link #UNBOUNDED}: a request being served is bounded by weft's own
 * timeouts.
 *
 * <p>Read by Helidon's idle-check thread; {@link #restart()} by the connection's thread.
 */
final class KeepAliveClock {
    /** A quiet limit that never ends a busy time. */
    static final Duration UNBOUNDED = Duration.ofSeconds(Long.MAX_VALUE);

    private final ServerConnection connection;
    private final Duration quietLimit;
    private final LongSupplier nanoTime;
    /**
     * nanoTime idle time counts from: the last check that saw the connection busy, the first
     * that saw it busy no longer, or {@link #restart()}.
     */
    private volatile long idleFrom;
    /** The last check saw Helidon serving the connection (read and written by the check thread only). */
    private boolean busyAtLastCheck;

    /**
     * @param connection Helidon's connection (an {@link InterruptableTask} tells when it is busy)
     * @param quietLimit how long a busy connection may receive nothing and still count as busy
     */
    KeepAliveClock(ServerConnection connection, Duration quietLimit) {
        this(connection, quietLimit, System::nanoTime);
    }

    KeepAliveClock(ServerConnection connection, Duration quietLimit, LongSupplier nanoTime) {
        this.connection = connection;
        this.quietLimit = quietLimit;
        this.nanoTime = nanoTime;
        restart();
    }

    /** Counts idle time from now (the connection starts being served). */
    void restart() {
        idleFrom = nanoTime.getAsLong();
    }

    /** The connection's idle time now (see the class comment). */
    Duration idleTime() {
        long now = nanoTime.getAsLong();
        Duration helidon = connection.idleTime();
        boolean serving = connection instanceof InterruptableTask<?> t && !t.canInterrupt();
        if (serving && helidon.compareTo(quietLimit) <= 0) {
            idleFrom = now;
            busyAtLastCheck = true;
            return Duration.ZERO;
        }
        if (busyAtLastCheck) {
            // busy no longer since the last check (its streams ended, or went quiet past the
            // limit): idle from now, so that the timeout is never served early
            busyAtLastCheck = false;
            idleFrom = now;
            return Duration.ZERO;
        }
        Duration sinceBusy = Duration.ofNanos(now - idleFrom);
        return helidon.compareTo(sinceBusy) < 0 ? helidon : sinceBusy;
    }
}
