package dev.weft.backend;

import java.lang.invoke.MethodHandles;
import java.lang.invoke.VarHandle;
import java.util.Deque;
import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One server's idle connections, most recently listed first, and their count. Thread-safe.
 *
 * <p>Each time a connection is listed it gets a new {@link Listing}, and whoever takes a listing
 * out (a stream taking the connection, the purge, the trim, a close) first claims it, once, by
 * a compare-and-set: the claim, not the removal of the deque's node, decides who owns the
 * connection and uncounts it, and a listing found by an older look (a poller's node, an
 * iterator's) is of no use once claimed. Before (a flag on the connection), a multiplexed
 * connection that a stream had taken (its mux's slots) but not yet removed from the list could
 * be polled out by the trim, then used, released and listed again by the stream before the
 * trim marked it out of the list: the new listing was left marked out (so never removed, even
 * once closed) and the count off by one. Now the trim's claim of the old listing fails and the
 * new one is untouched, and a stream claims a listing before it takes the connection
 * ({@code ConnectionPool.takeIdleMultiplexed}).
 */
final class IdleList implements Iterable<IdleList.Listing> {
    /** One listing of one connection: claimed at most once, by whoever takes it out. */
    static final class Listing {
        private static final VarHandle CLAIMED;

        static {
            try {
                CLAIMED = MethodHandles.lookup().findVarHandle(Listing.class, "claimed", boolean.class);
            } catch (ReflectiveOperationException e) {
                throw new ExceptionInInitializerError(e);
            }
        }

        private final Connection connection;
        private final long sinceNanos;
        /**
         * Set once, by {@link #claim} through {@code CLAIMED}: a listing is one object per
         * offer, where an AtomicBoolean would make it two.
         */
        private volatile boolean claimed;

        Listing(Connection connection, long sinceNanos) {
            this.connection = connection;
            this.sinceNanos = sinceNanos;
        }

        Connection connection() {
            return connection;
        }

        /** When the connection was listed ({@link System#nanoTime}). */
        long sinceNanos() {
            return sinceNanos;
        }

        /** True when taken out (claimed) already: nobody may take the connection through it. */
        boolean claimed() {
            return claimed;
        }

        /** True for the one caller that claims it. */
        private boolean claim() {
            return !claimed && CLAIMED.compareAndSet(this, false, true);
        }
    }

    private final Deque<Listing> deque;
    private final AtomicInteger count = new AtomicInteger();

    IdleList() {
        this(new ConcurrentLinkedDeque<>());
    }

    /** @param deque the (empty, thread-safe) deque holding the listings; tests pass one with hooks */
    IdleList(Deque<Listing> deque) {
        this.deque = deque;
    }

    /**
     * Lists {@code c} first, idle since {@code nowNanos}. The caller owns {@code c} (no listing of
     * it is unclaimed). Counted before it can be claimed; a close that claims it before it is in
     * the deque leaves a claimed node, removed here.
     */
    void add(Connection c, long nowNanos) {
        Listing l = new Listing(c, nowNanos);
        count.incrementAndGet();
        c.listing(l);
        deque.addFirst(l);
        if (l.claimed()) {
            deque.removeFirstOccurrence(l); // claimed while being added: its claimer's removal missed it
        }
    }

    /**
     * Takes {@code c} out if it is listed; true when this call did (the caller owns it). A
     * connection never listed costs no scan (h1-close: every one).
     */
    boolean remove(Connection c) {
        Listing l = c.listing();
        return l != null && remove(l);
    }

    /** Takes listing {@code l} out; true when this call claimed it (the caller owns its connection). */
    boolean remove(Listing l) {
        if (!l.claim()) {
            return false;
        }
        count.decrementAndGet();
        deque.removeFirstOccurrence(l); // absent when a poller took the node and lost the claim
        return true;
    }

    /** Takes out the least recently listed connection, or returns null when none is listed. */
    Connection pollOldest() {
        return poll(true);
    }

    /** Takes out the most recently listed connection, or returns null when none is listed. */
    Connection pollNewest() {
        return poll(false);
    }

    /**
     * Polls nodes from one end until this call claims one; a node whose listing another taker
     * claimed first (it found no node to remove, or a stale one) is dropped and skipped.
     */
    private Connection poll(boolean oldest) {
        Listing l;
        while ((l = oldest ? deque.pollLast() : deque.pollFirst()) != null) {
            if (l.claim()) {
                count.decrementAndGet();
                return l.connection();
            }
        }
        return null;
    }

    /**
     * The most recent listing, or null when none: found by one walk to the deque's first live
     * node, where an iterator walked on to the next one as well (with the removal's own walk,
     * 3 % of weft's samples under h2-front; BENCHMARKS.md, session 19). It may have been claimed
     * since: {@link #remove(Listing)} says.
     */
    Listing newest() {
        return deque.peekFirst();
    }

    /** Listings, most recent first, claimed ones included (weakly consistent, as the deque's iterator). */
    @Override
    public Iterator<Listing> iterator() {
        return deque.iterator();
    }

    /** Connections listed and not taken out. */
    int count() {
        return count.get();
    }
}
