package dev.weft.stream;

import java.time.Duration;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The streams waiting on the server side right now, scanned every {@link #PERIOD} so that a
 * wait longer than that gets its client connection watched for a close (see
 * {@link ClientCloseWatch}). Adding and removing cost a hash-set update per wait; the watcher
 * thread is only started for slow waits. Thread-safe; one per process.
 */
final class SlowWaits {
    static final Duration PERIOD = Duration.ofMillis(100);
    private static final System.Logger LOG = System.getLogger(SlowWaits.class.getName());

    private final Set<ClientCloseWatch> waiting = ConcurrentHashMap.newKeySet();

    SlowWaits(IoWatchdog scheduler) {
        scheduler.every(PERIOD, this::scan);
    }

    void add(ClientCloseWatch w) {
        waiting.add(w);
    }

    void remove(ClientCloseWatch w) {
        waiting.remove(w);
    }

    /**
     * One scan. A failure to start one watcher (e.g. no memory for a thread) is reported and the
     * scan goes on: an exception escaping here would cancel the periodic task for good.
     */
    private void scan() {
        long now = System.nanoTime();
        for (ClientCloseWatch w : waiting) {
            try {
                w.poke(now, PERIOD.toNanos());
            } catch (RuntimeException | OutOfMemoryError e) {
                LOG.log(System.Logger.Level.WARNING, "cannot watch a client connection for a close", e);
            }
        }
    }
}
