package dev.weft.it.support;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.LongSupplier;

/**
 * The slow-client tests' scenario: read part of a body, wait until the server has stopped sending
 * because the client stopped reading, then read the rest.
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

    /**
     * The slow-client scenario: GETs {@code /bytes/SIZE} on {@code client}, reads 1 MiB, stops
     * reading until {@code bytesSent} (the origin's count) stands still, then reads the rest and
     * checks the whole body (length and SHA-256) and that weft is still alive.
     *
     * @return what the origin had sent while the client paused: the caller bounds it
     */
    public static long pausedDownload(WeftProcess weft, RawHttpConnection client, long size, LongSupplier bytesSent)
            throws java.io.IOException {
        client.send(RawHttpConnection.head("GET /bytes/" + size + " HTTP/1.1", "Host: localhost"));
        ResponseHead head = client.readHead();
        assertThat(head.status()).as(weft::diagnostics).isEqualTo(200);
        java.security.MessageDigest digest = Sha256.newDigest();
        long read;
        long pushed;
        try (java.io.InputStream body = client.body(head, "GET")) {
            read = Sha256.copy(body, digest, 1 << 20);
            awaitServerStopsPushing(weft, bytesSent);
            pushed = bytesSent.getAsLong();
            read += Sha256.copy(body, digest, Long.MAX_VALUE);
        }
        assertThat(read).as(weft::diagnostics).isEqualTo(size);
        assertThat(Sha256.hex(digest)).isEqualTo(DeterministicBytes.sha256(size));
        assertThat(weft.isAlive()).as(() -> "weft died during the download" + weft.diagnostics()).isTrue();
        return pushed;
    }
}
