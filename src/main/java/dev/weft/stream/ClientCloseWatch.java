package dev.weft.stream;

/**
 * Ends a stream at once when its client closes the connection while the stream waits on the
 * server side: queued for a slot ({@code CQ}), connecting ({@code CC}) or waiting for the
 * response head ({@code CH}); the slot and the server connection are given back then, not when
 * the server finally answers (HAProxy's {@code abortonclose}). One per stream.
 *
 * <p>How: the stream marks each wait with {@link #begin}/{@link #end}. Waits still running after
 * a short while are found by the {@link IoWatchdog}'s sweep, which asks the client exchange to watch its
 * connection ({@link ClientExchange#watchClose}); fast exchanges never pay for a watcher. When
 * the client closes, the stream's thread is interrupted, which ends its blocking wait (and
 * closes the server socket it was blocked on), and {@link #end} throws {@link ClientClosed}.
 * The sweep is lent the watch at the stream's first wait, in a pooled {@link CloseWatchSlot},
 * and the slot is given back at {@link #close}, once per stream: begin() and end() only mark the
 * wait. Every request has at least two waits (the connection, then the response head), and an
 * add to and a removal from the sweep's concurrent set per wait cost more than the marks (JMH,
 * two waits and the end: 190 ns against 137; BENCHMARKS.md, session 14); once per stream they
 * were still 3.4 % of h1-small's samples, hence the pooled slot (session 18).
 *
 * <p>Each wait is an {@link InterruptibleWait} (the same delivery as a deadline's): the watcher
 * cuts it short; end() then clears the interrupt and throws.
 */
final class ClientCloseWatch {
    private final ClientExchange client;
    private final IoWatchdog registry;
    private final InterruptibleWait wait;
    private volatile long sinceNanos;
    private volatile char phase;
    private volatile boolean clientClosed;
    /** Touched by the sweep only. */
    private boolean watcherAsked;
    /** The slot that has the sweep check this watch, from the first begin() to close(); the stream's thread only. */
    private CloseWatchSlot slot;

    /** @param registry whose sweep checks the stream's waits, from the first begin() to close() */
    ClientCloseWatch(ClientExchange client, IoWatchdog registry) {
        this.client = client;
        this.registry = registry;
        this.wait = new InterruptibleWait(Thread.currentThread());
    }

    /**
     * Starts a wait in {@code phase} ({@code 'Q'}, {@code 'C'} or {@code 'H'}). Throws
     * ClientClosed when the client is already known to be gone.
     */
    void begin(char phase) {
        if (clientClosed) {
            throw new ClientClosed(phase);
        }
        this.phase = phase;
        this.sinceNanos = System.nanoTime();
        wait.begin();
        if (slot == null) {
            slot = registry.lend(this);
        }
        // The watcher may have seen the close between the check above and begin(), when there
        // was no wait to cut: end the wait (clearing an interrupt if it was cut since) and say so.
        if (clientClosed) {
            wait.end();
            throw new ClientClosed(phase);
        }
    }

    /** Ends the wait; throws ClientClosed (interrupt cleared) when the client closed during it. */
    void end() {
        if (wait.end()) {
            throw new ClientClosed(phase);
        }
    }

    /**
     * The stream is over: the sweep forgets this watch. A wait still running (its end() skipped
     * by an exception thrown in it) is ended first, and an interrupt the watch delivered to it is
     * cleared, so that a sweep that read the watch just before cannot cut the thread's later
     * calls.
     */
    void close() {
        wait.end();
        if (slot != null) {
            registry.giveBack(slot);
            slot = null;
        }
    }

    /**
     * From the sweep (its {@link CloseWatchSlot}): asks the client to be watched once this wait
     * has lasted more than one {@link IoWatchdog#PERIOD}; returns true when it did.
     */
    boolean expireIfDue(long nowNanos) {
        if (!watcherAsked && wait.isWaiting() && nowNanos - sinceNanos > IoWatchdog.PERIOD.toNanos()) {
            watcherAsked = true;
            client.watchClose(this::closed);
            return true;
        }
        return false;
    }

    /** The client closed its connection (called by the watcher's thread). */
    private void closed() {
        clientClosed = true;
        wait.cut(null);
    }

    /** The client closed while the stream waited in {@link #phase()}. */
    static final class ClientClosed extends RuntimeException {
        private final char phase;

        ClientClosed(char phase) {
            super("client closed its connection", null, false, false);
            this.phase = phase;
        }

        char phase() {
            return phase;
        }
    }
}
