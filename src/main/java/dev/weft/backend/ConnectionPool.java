package dev.weft.backend;

import dev.weft.config.BackendConfig.HttpReuse;

import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;
import java.util.concurrent.locks.LockSupport;
import java.util.function.Supplier;

/**
 * One server's idle connections (HAProxy's idle/safe connection lists) and the count of all its
 * open ones. Thread-safe: shared by every stream of the server.
 *
 * <p>Idle connections are taken most-recently-used first, so a light load keeps few connections
 * warm and the rest age out; {@link #purge} closes those idle longer than the purge delay.
 * How many are kept follows HAProxy's estimate of the connections a server needs (its
 * {@code est_need_conns}): the most that were in use at once, remembered across purge periods
 * and halved towards the latest period's figure as load falls. A released connection is kept
 * only while no more connections are open than that estimate (or when none is idle), so the
 * connections of requests that may not reuse one (a client connection's first request under
 * {@code safe}, every request when clients close after one) are closed as they end once the
 * estimate is reached, instead of piling up to the idle limit; what stays idle within the
 * estimate goes with the purge, and each purge period closes half of what exceeds it.
 * {@code http-reuse} decides who may take one:
 * <ul>
 * <li>{@code never}: nobody; every connection is closed after its exchange;</li>
 * <li>{@code safe}: not the first request of a client connection (HAProxy sends it on its own
 *     connection so a failure can be retried by the client), any later one;</li>
 * <li>{@code aggressive}: the first request of a client connection only gets a connection that
 *     has already been reused (proven to survive keep-alive); later ones any;</li>
 * <li>{@code always}: anyone.</li>
 * </ul>
 *
 * <p>Multiplexed connections (HTTP/2) are also kept while in use, in a shared list, as HAProxy
 * keeps them in its available list: another stream may open a stream on one when its mux
 * reserves a free slot ({@link dev.weft.mux.Mux#tryReserve}). Who may share one in use:
 * <ul>
 * <li>{@code never}: nobody (one stream per connection, closed after it);</li>
 * <li>{@code safe}: only streams of the client connection (session) that is using it, so one
 *     client's failure never spreads to another's requests;</li>
 * <li>{@code aggressive}: the same session, or any request that is not the first of its session;</li>
 * <li>{@code always}: anyone.</li>
 * </ul>
 * Once its last stream is done, a multiplexed connection is idle and follows the rules above.
 * Streams that find nothing to share while a connection they could share is being opened wait
 * for it ({@link OpeningGate}) rather than each opening one.
 */
public final class ConnectionPool {
    /** The longest a stream waits for a connection moving between the shared and idle lists. */
    static final long MOVE_WAIT_NANOS = TimeUnit.MILLISECONDS.toNanos(1);
    /** How long a stream waiting for a move parks between looks. */
    private static final long MOVE_POLL_NANOS = TimeUnit.MICROSECONDS.toNanos(20);
    private final HttpReuse reuse;
    private final int maxIdle;
    private final IdleList idle;
    private final AtomicInteger openCount = new AtomicInteger();
    /**
     * The most connections in use at once since the last {@link #trim} (HAProxy's
     * {@code max_used_conns}) and the estimate of how many the server needs ({@code
     * est_need_conns}). Raised by an atomic max, so a slow thread never lowers them; the
     * connections in use are read without a lock, so the figure is an estimate.
     */
    private final AtomicInteger maxUsed = new AtomicInteger();
    private final AtomicInteger estNeed = new AtomicInteger();
    /** Multiplexed connections in use that may take more streams, by the session using them. */
    private final SharedConnections shared = new SharedConnections();
    /** Multiplexed connections being opened; null for a server whose connections are not multiplexed. */
    private final OpeningGate gate;
    /**
     * Moves of multiplexed connections from the shared list to the idle list ({@link #offer}) and
     * back ({@link #takeIdleMultiplexed}) under way, and finished so far: a stream that missed a
     * connection in the middle of one waits and looks again instead of opening a connection
     * (without this, h2load's 16 streams of one client opened up to three connections instead of
     * one in a loaded run).
     */
    private final AtomicInteger moving = new AtomicInteger();
    private final AtomicLong moved = new AtomicLong();
    /** The longest a stream waits for moves ({@link #awaitMove}) before it opens a connection. */
    private final long moveWaitNanos;

    /**
     * @param reuse   the backend's {@code http-reuse}
     * @param maxIdle the most idle connections kept; surplus ones are closed on release
     */
    public ConnectionPool(HttpReuse reuse, int maxIdle) {
        this(reuse, maxIdle, false);
    }

    /**
     * @param multiplexed the server's connections are multiplexed (proto=h2): streams that arrive
     *                    together wait for a connection being opened instead of each opening one
     */
    public ConnectionPool(HttpReuse reuse, int maxIdle, boolean multiplexed) {
        this(reuse, maxIdle, multiplexed, MOVE_WAIT_NANOS);
    }

    /** @param moveWaitNanos the longest a stream waits for a connection moving between the lists (tests) */
    ConnectionPool(HttpReuse reuse, int maxIdle, boolean multiplexed, long moveWaitNanos) {
        this(reuse, maxIdle, multiplexed, moveWaitNanos, new IdleList());
    }

    /** @param idle the idle list (tests pass one whose deque has hooks) */
    ConnectionPool(HttpReuse reuse, int maxIdle, boolean multiplexed, long moveWaitNanos, IdleList idle) {
        this.idle = idle;
        this.reuse = reuse;
        this.maxIdle = maxIdle;
        this.gate = multiplexed && reuse != HttpReuse.NEVER ? new OpeningGate() : null;
        this.moveWaitNanos = moveWaitNanos;
    }

    /**
     * Takes an idle connection this request may use, or returns null.
     *
     * @param firstOfSession true for the first request of a client connection
     */
    public Connection take(boolean firstOfSession) {
        return take(firstOfSession, () -> "");
    }

    /**
     * Takes a connection this request may use, with a stream slot reserved on it, or returns null:
     * first a multiplexed one in use with a free slot (see the class comment), then an idle one.
     * On a multiplexed server it may first wait, up to {@link #MOVE_WAIT_NANOS}, for a connection
     * moving from one list to the other, and for one being opened ({@link #awaitOpening}).
     *
     * @param firstOfSession true for the first request of a client connection
     * @param session        the client connection's identity (read only for multiplexed connections)
     */
    public Connection take(boolean firstOfSession, Supplier<String> session) {
        if (reuse == HttpReuse.NEVER) {
            return null;
        }
        long movesSeen = gate == null ? 0 : moved.get(); // read before both lists are looked at
        if (!shared.isEmpty()) {
            Connection c = takeShared(firstOfSession, session.get());
            if (c != null) {
                return c;
            }
        }
        if (firstOfSession && reuse == HttpReuse.SAFE) {
            // its own connection; on a multiplexed server, opened as the one its session's next streams share
            return gate == null ? null : awaitOpening(true, session);
        }
        Connection c = takeIdle(firstOfSession, session);
        if (c != null || gate == null) {
            return c;
        }
        c = awaitMove(movesSeen, firstOfSession, session);
        return c != null ? c : awaitOpening(firstOfSession, session);
    }

    /**
     * Both lists were missed: a multiplexed connection moving from the shared list to the idle
     * one ({@link #offer}), or taken from the idle list by another stream and not yet shared
     * ({@link #takeIdleMultiplexed}), is in neither meanwhile. While a move is under way, or when
     * one finished since the lists were first looked at ({@code movesSeen}), waits for it and
     * looks again, parked (so that the mover, maybe on the same carrier, runs) and for at most
     * {@code moveWaitNanos}: the move is a few map operations, but its thread may be parked on
     * a lock or closing the connection, and past that an extra connection costs less than the
     * wait. Returns a connection with a slot reserved, or null.
     */
    private Connection awaitMove(long movesSeen, boolean firstOfSession, Supplier<String> session) {
        long deadline = System.nanoTime() + moveWaitNanos;
        while (System.nanoTime() - deadline < 0 && !Thread.currentThread().isInterrupted()) {
            if (moving.get() > 0) {
                LockSupport.parkNanos(MOVE_POLL_NANOS);
                continue;
            }
            long done = moved.get(); // counted before moving drops: a finished move is seen here
            if (done == movesSeen) {
                return null;
            }
            movesSeen = done;
            Connection c = takeShared(firstOfSession, session.get());
            c = c != null ? c : takeIdle(firstOfSession, session);
            if (c != null) {
                return c;
            }
        }
        return null;
    }

    /** Takes an idle connection this request may use (a multiplexed one with a slot reserved), or returns null. */
    private Connection takeIdle(boolean firstOfSession, Supplier<String> session) {
        boolean provenOnly = firstOfSession && reuse == HttpReuse.AGGRESSIVE;
        if (!provenOnly) {
            // the usual case first: the newest, one exchange at a time (any will do)
            IdleList.Listing newest = idle.newest();
            if (newest != null && !newest.connection().mux().multiplexed() && takeListed(newest)) {
                return newest.connection();
            }
        }
        for (IdleList.Listing l : idle) {
            Connection c = l.connection();
            if (l.claimed() || provenOnly && c.exchanges() < 2) {
                continue;
            }
            if (c.mux().multiplexed()) {
                if (takeIdleMultiplexed(l, session)) {
                    return c;
                }
                // another stream took it: if it was one of this session (or anyone may share), share
                // it rather than take the next idle one
                Connection s = c.isClosed() ? null : takeShared(firstOfSession, session.get());
                if (s != null) {
                    return s;
                }
                continue;
            }
            if (takeListed(l)) {
                return c;
            }
        }
        return null;
    }

    /**
     * Takes the connection of listing {@code l}, one that carries one exchange at a time: true
     * when this call claimed the listing and the connection is open (a closed one, closing as it
     * was listed, is just dropped: its close uncounts it).
     */
    private boolean takeListed(IdleList.Listing l) {
        if (idle.remove(l) && !l.connection().isClosed()) {
            noteUsed();
            return true;
        }
        return false;
    }

    /**
     * Nothing to share or take: waits for a connection this request could share that another
     * stream is opening, then looks again; returns null when the caller is to open one (it is
     * then the opener, and the Connector reports the end with {@link #openFinished}).
     */
    private Connection awaitOpening(boolean firstOfSession, Supplier<String> session) {
        String who = session.get();
        String shareKey = reuse == HttpReuse.ALWAYS ? "" : who;
        while (true) {
            CountDownLatch other = gate.enter(shareKey);
            if (other == null) {
                return null;
            }
            try {
                // bounded by the opener's timeout.connect; the loop looks again after each second
                other.await(1, TimeUnit.SECONDS);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return null;
            }
            Connection c = takeShared(firstOfSession, who);
            if (c != null) {
                return c;
            }
        }
    }

    /**
     * The calling thread's connect ended: {@code opened} is the new connection (a slot reserved
     * for the caller), or null when it failed. A multiplexed one is shared at once, then the
     * streams waiting for it wake. No-op for a thread that did not take the opener's role.
     */
    public void openFinished(Connection opened) {
        if (gate == null) {
            return;
        }
        OpeningGate.Opening o = gate.finished();
        if (o == null) {
            return;
        }
        if (opened != null && opened.mux().multiplexed() && opened.mux().reusable()) {
            shared.add(opened, o.shareKey());
        }
        gate.release(o);
    }

    /**
     * Takes the idle multiplexed connection listed by {@code l} for this stream's session: claims
     * the listing (one taker wins it, {@link IdleList#remove(IdleList.Listing)}), then takes the
     * connection with a slot reserved (its mux's {@link dev.weft.mux.Mux#tryTakeIdle}) and shares
     * it. The claim comes first so that a listing found by an older look is of no use: a stream
     * that found {@code l} before another stream took the connection, used it and offered it
     * again could otherwise take it in the instant that offer had marked it idle and not yet
     * listed it again, and the offer then listed it while in use, for good (found by reading in
     * session 19). False when another taker claimed the listing, or when the connection cannot
     * take a stream (closed, going away, its server allows none now): that one is closed, being
     * out of the list, unless a stream holds it. Counted as a move: a stream of the same session
     * that misses it in both lists meanwhile waits for it ({@link #awaitMove}) instead of
     * opening one.
     */
    private boolean takeIdleMultiplexed(IdleList.Listing l, Supplier<String> session) {
        Connection c = l.connection();
        boolean took = false;
        moving.incrementAndGet();
        try {
            if (!idle.remove(l)) {
                return false; // not a move: counting it would have awaitMove look again at once, and again
            }
            if (!c.isClosed() && c.mux().tryTakeIdle()) {
                shared.add(c, session.get());
                moved.incrementAndGet();
                took = true;
            }
        } finally {
            moving.decrementAndGet();
        }
        if (!took) {
            closeUnlessReserved(c); // after the move's end: no stream waits for this close
            return false;
        }
        noteUsed();
        return true;
    }

    /** A multiplexed connection in use that this request may share, with a slot reserved, or null. */
    private Connection takeShared(boolean firstOfSession, String session) {
        boolean anySession = switch (reuse) {
            case ALWAYS -> true;
            case AGGRESSIVE -> !firstOfSession;
            case SAFE, NEVER -> false; // NEVER does not get here: take() returns first
        };
        return shared.reserve(session, anySession);
    }

    /**
     * Called once a stream is attached to {@code c}: a multiplexed connection becomes shareable
     * (while reusable) by the rules of the class comment. No-op for other connections.
     */
    public void attached(Connection c, Supplier<String> session) {
        if (reuse != HttpReuse.NEVER && c.mux().multiplexed() && c.mux().reusable()) {
            shared.add(c, session.get());
        }
    }

    /** Raises the estimates to the connections in use now: one more was just put to use. */
    private void noteUsed() {
        int used = openCount.get() - idle.count();
        if (used > maxUsed.get()) {
            maxUsed.accumulateAndGet(used, Math::max);
        }
        if (used > estNeed.get()) {
            estNeed.accumulateAndGet(used, Math::max);
        }
    }

    /**
     * HAProxy's rule for a released connection (srv_add_to_idle_list): worth keeping when no
     * other is idle, or when the open ones, this one counted, do not exceed the estimated need.
     */
    private boolean worthKeeping() {
        return idle.count() == 0 || openCount.get() <= estNeed.get();
    }

    /** Uncounts a closed connection (called once per connection by Connection.close). */
    void closed(Connection c) {
        openCount.decrementAndGet();
        if (c.mux() != null && c.mux().multiplexed()) {
            shared.remove(c);
        }
        idle.remove(c);
    }

    /**
     * Keeps a connection whose exchange ended cleanly for reuse, or closes it when reuse is off,
     * the pool is full, more connections are open than the server is estimated to need (class
     * comment), or the mux says it cannot carry another exchange. Returns true when {@code c} was
     * listed idle, false when it was closed (or, multiplexed, stays with a stream that reserved it).
     */
    boolean offer(Connection c) {
        if (!c.mux().multiplexed()) {
            return keepOrClose(c);
        }
        moving.incrementAndGet();
        try {
            return keepOrClose(c);
        } finally {
            moved.incrementAndGet();
            moving.decrementAndGet();
        }
    }

    /**
     * offer's rules: lists {@code c} idle (true) or closes it. A multiplexed one is marked idle
     * ({@link dev.weft.mux.Mux#listIdle}) while still shared, so that no stream can reserve it
     * through the shared list any more, and only then unshared: a stream that reserved it first
     * keeps it, still shared with its session's next streams.
     */
    private boolean keepOrClose(Connection c) {
        if (reuse == HttpReuse.NEVER || c.isClosed() || !c.mux().reusable()) {
            // a multiplexed one going away may have been reserved before the GOAWAY: that stream
            // finishes on it and offers it again at its end
            closeUnlessReserved(c);
            return false;
        }
        if (idle.count() >= maxIdle || !worthKeeping()) {
            // a multiplexed one may have had a slot reserved since its last stream ended (it was
            // still shared): it stays with that stream, which offers it again at its end
            closeUnlessReserved(c);
            return false;
        }
        if (!c.mux().listIdle()) {
            return false; // multiplexed, and a stream that found it still shared reserved a slot: it stays with it
        }
        if (c.mux().multiplexed()) {
            shared.remove(c);
        }
        idle.add(c, System.nanoTime());
        if (c.mux().multiplexed() && c.isClosed()) {
            // closed while being listed: another offer of it (a stream that reserved and gave back
            // a slot meanwhile) retired it on its way; its close looked for it before it was listed
            idle.remove(c);
            return false;
        }
        return true;
    }

    /**
     * Makes room for one more connection under a cap and counts it open in the same step: closes
     * idle connections, least recently used first, while {@code maxOpen} or more are open, then
     * counts the caller's connection. The one way a connection is counted open: called before
     * every connect ({@code Integer.MAX_VALUE} when there is no cap); the cap matters for a
     * server whose open connections must never exceed its capacity (a FastCGI server: an idle
     * connection pins one of its workers, and a connection beyond them waits in its backlog until
     * an idle one is closed). Counting at once is what keeps two streams connecting at the same
     * moment from both finding room for one. The caller then opens its connection and calls
     * {@link #unreserve()} if it fails before a {@link Connection} exists (a Connection uncounts
     * itself when closed). When every open connection is in use the cap cannot be kept
     * and the connection is counted anyway. Returns how many idle connections were closed.
     */
    public int reserveUnder(int maxOpen) {
        int n = 0;
        while (true) {
            int open = openCount.get();
            if (open < maxOpen) {
                if (openCount.compareAndSet(open, open + 1)) {
                    noteUsed();
                    return n;
                }
                continue;
            }
            Connection c = idle.pollOldest();
            if (c == null) {
                openCount.incrementAndGet();
                noteUsed();
                return n;
            }
            c.close();
            n++;
        }
    }

    /** Gives back a count taken by {@link #reserveUnder} for a connection that never opened. */
    void unreserve() {
        openCount.decrementAndGet();
    }

    /** Closes the connections idle for longer than {@code delayNanos}; returns how many. */
    public int purge(long nowNanos, long delayNanos) {
        int n = 0;
        for (IdleList.Listing l : idle) {
            if (nowNanos - l.sinceNanos() > delayNanos && idle.remove(l) && closeUnlessReserved(l.connection())) {
                n++;
            }
        }
        return n;
    }

    /**
     * Once per purge period (HAProxy's srv_cleanup_idle_conns): closes half (rounded up) of the
     * open connections beyond the larger of the estimate and the period's most in use, least
     * recently used idle ones first; then moves the estimate halfway towards the period's most
     * in use (never below it) and starts the next period from the connections in use now.
     * Returns how many were closed.
     */
    public int trim() {
        int period = maxUsed.getAndSet(openCount.get() - idle.count());
        int need = estNeed.getAndUpdate(n -> Math.max((n + period) / 2, period));
        int excess = openCount.get() - Math.max(period, need);
        int n = 0;
        for (int toClose = (excess + 1) / 2; toClose > 0; toClose--) {
            Connection c = idle.pollOldest();
            if (c == null) {
                break;
            }
            if (closeUnlessReserved(c)) {
                n++;
            }
        }
        return n;
    }

    /** The pool's estimate of the connections its server needs (read by tests). */
    public int estimatedNeed() {
        return estNeed.get();
    }

    /**
     * Closes {@code c}, just taken out of the idle list or offered to it, unless a stream has
     * reserved a slot on it meanwhile (a multiplexed connection can be reserved while still
     * listed): that one stays with its streams. Returns true when it was closed.
     */
    private boolean closeUnlessReserved(Connection c) {
        if (!c.mux().retireIfUnused()) {
            return false;
        }
        c.close();
        return true;
    }

    /** Closes every idle connection, and the shared ones still open (shutdown). */
    public void closeIdle() {
        Connection c;
        while ((c = idle.pollNewest()) != null) {
            c.close();
        }
        for (Connection s : shared.connections()) {
            s.close();
        }
    }

    /** Multiplexed connections in use that other streams may share now. */
    public int sharedCount() {
        return shared.size();
    }

    /** Idle connections now. */
    public int idleCount() {
        return idle.count();
    }

    /** Open connections now, idle or in use. */
    public int openCount() {
        return openCount.get();
    }
}
