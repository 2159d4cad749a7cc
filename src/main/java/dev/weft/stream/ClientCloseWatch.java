package dev.weft.stream;

/**
 * Ends a stream at once when its client closes the connection while the stream waits on the
 * server side: queued for a slot ({@code CQ}), connecting ({@code CC}) or waiting for the
 * response head ({@code CH}); the slot and the server connection are given back then, not when
 * the server finally answers (HAProxy's {@code abortonclose}). One per stream.
 *
 * <p>How: the stream marks each wait with {@link #begin}/{@link #end}. Waits still running after
 * a short while are found by {@link SlowWaits}, which asks the client exchange to watch its
 * connection ({@link ClientExchange#watchClose}); fast exchanges never pay for a watcher. When
 * the client closes, the stream's thread is interrupted, which ends its blocking wait (and
 * closes the server socket it was blocked on), and {@link #end} throws {@link ClientClosed}.
 *
 * <p>Each wait is an {@link InterruptibleWait} (the same delivery as a deadline's): the watcher
 * cuts it short; end() then clears the interrupt and throws.
 */
final class ClientCloseWatch {
    private final ClientExchange client;
    private final SlowWaits registry;
    private final InterruptibleWait wait;
    private volatile long sinceNanos;
    private volatile char phase;
    private volatile boolean clientClosed;
    /** Touched by the SlowWaits scanner only. */
    private boolean watcherAsked;

    ClientCloseWatch(ClientExchange client, SlowWaits registry) {
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
        registry.add(this);
        // The watcher may have seen the close between the check above and begin(), when there
        // was no wait to cut: end the wait (clearing an interrupt if it was cut since) and say so.
        if (clientClosed) {
            registry.remove(this);
            wait.end();
            throw new ClientClosed(phase);
        }
    }

    /** Ends the wait; throws ClientClosed (interrupt cleared) when the client closed during it. */
    void end() {
        registry.remove(this);
        if (wait.end()) {
            throw new ClientClosed(phase);
        }
    }

    /**
     * Called by the scanner: asks the client to be watched once this wait has lasted more than
     * {@code thresholdNanos}.
     */
    void poke(long nowNanos, long thresholdNanos) {
        if (!watcherAsked && wait.isWaiting() && nowNanos - sinceNanos > thresholdNanos) {
            watcherAsked = true;
            client.watchClose(this::closed);
        }
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
