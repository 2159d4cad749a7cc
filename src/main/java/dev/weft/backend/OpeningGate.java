package dev.weft.backend;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CountDownLatch;

/**
 * The multiplexed connections being opened to one server, by who will be allowed to share them
 * (a client session, or "" for anyone): streams that arrive together wait for the one being
 * opened instead of each opening its own. Thread-safe; owned by a {@link ConnectionPool}.
 */
final class OpeningGate {
    /** One connection being opened: who may share it, and the latch its waiters block on. */
    record Opening(String shareKey, CountDownLatch done) {
    }

    private final Map<String, Opening> byKey = new ConcurrentHashMap<>();
    private final Map<Thread, Opening> byOpener = new ConcurrentHashMap<>();

    /**
     * Makes the calling thread the opener for {@code shareKey} and returns null, or returns the
     * latch of the opening already in progress for it (to wait on, then look again).
     */
    CountDownLatch enter(String shareKey) {
        Opening mine = new Opening(shareKey, new CountDownLatch(1));
        Opening other = byKey.putIfAbsent(shareKey, mine);
        if (other != null) {
            return other.done();
        }
        byOpener.put(Thread.currentThread(), mine);
        return null;
    }

    /**
     * The calling thread's opening ended (opened or failed): returns it, or null when this
     * thread was not an opener. The caller publishes the connection, then calls {@link #release}.
     */
    Opening finished() {
        return byOpener.remove(Thread.currentThread());
    }

    /** Ends {@code o}: its waiters wake and look for a connection again. */
    void release(Opening o) {
        byKey.remove(o.shareKey(), o);
        o.done().countDown();
    }
}
