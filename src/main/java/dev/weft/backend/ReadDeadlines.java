package dev.weft.backend;

import dev.weft.stream.IoWatchdog;

import java.time.Duration;
import java.util.Iterator;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The read deadlines ({@code timeout.server}) of every open server socket, checked together
 * every {@link #PERIOD} on the watchdog's thread, as HAProxy's scheduler checks its tasks'
 * expiry dates: a read that is still blocked past its deadline has its socket closed. A
 * deadline thus fires up to one period late.
 *
 * <p>Why a sweep: a read arms its deadline with one store and ends it with a compare-and-set,
 * where a timer per read (the IoWatchdog's {@code arm}) costs a scheduled task, two lock rounds
 * and a heap update, on every read, for a deadline that almost never fires. Adding a socket
 * costs a hash-set update per connection; closed ones leave at the next sweep. Thread-safe;
 * one per {@link Connector}.
 */
final class ReadDeadlines {
    /** How often deadlines are checked: also how late one may fire. */
    static final Duration PERIOD = Duration.ofMillis(100);
    private static final System.Logger LOG = System.getLogger(ReadDeadlines.class.getName());

    private final Set<WatchedInputStream> open = ConcurrentHashMap.newKeySet();

    /** @param watchdog whose thread runs the sweep every {@link #PERIOD} until it is closed */
    ReadDeadlines(IoWatchdog watchdog) {
        watchdog.every(PERIOD, this::sweep);
    }

    /** Watches the reads of one new connection's input until its socket is closed. */
    void add(WatchedInputStream in) {
        open.add(in);
    }

    /** Sockets watched now (those closed since the last sweep included). */
    int size() {
        return open.size();
    }

    /**
     * One sweep: closes the sockets of reads past their deadline, forgets closed sockets. A
     * failure to close one is reported and the sweep goes on: an exception escaping here would
     * cancel the periodic task for good.
     */
    void sweep() {
        long now = System.nanoTime();
        for (Iterator<WatchedInputStream> it = open.iterator(); it.hasNext(); ) {
            WatchedInputStream in = it.next();
            if (in.isClosed()) {
                it.remove();
                continue;
            }
            try {
                in.expireIfDue(now);
            } catch (RuntimeException | OutOfMemoryError e) {
                LOG.log(System.Logger.Level.ERROR, "closing a server socket whose read timed out failed", e);
            }
        }
    }
}
