package dev.weft.it.support;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * Helpers of the slow-client tests: read part of a body into a digest, then wait until the
 * server has stopped sending because the client stopped reading.
 */
public final class Backpressure {

    private Backpressure() {
    }

    /** Waits until {@code bytesSent} has stayed still for ten polls in a row (bounded, 30 s). */
    public static void awaitServerStopsPushing(WeftProcess weft, LongSupplier bytesSent) {
        AtomicLong last = new AtomicLong(-1);
        AtomicInteger stillPolls = new AtomicInteger();
        weft.awaitOrFail("the server to stop pushing while the client does not read", Duration.ofSeconds(30), () -> {
            long now = bytesSent.getAsLong();
            if (now == last.getAndSet(now)) {
                return stillPolls.incrementAndGet() >= 10;
            }
            stillPolls.set(0);
            return false;
        });
    }
}
