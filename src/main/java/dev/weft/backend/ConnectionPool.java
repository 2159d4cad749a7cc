package dev.weft.backend;

import dev.weft.config.BackendConfig.HttpReuse;

import java.util.Iterator;
import java.util.concurrent.ConcurrentLinkedDeque;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * One server's idle connections (HAProxy's idle/safe connection lists) and the count of all its
 * open ones. Thread-safe: shared by every stream of the server.
 *
 * <p>Idle connections are taken most-recently-used first, so a light load keeps few connections
 * warm and the rest age out; {@link #purge} closes those idle longer than the purge delay.
 * {@code http-reuse} decides who may take one:
 * <ul>
 * <li>{@code never}: nobody; every connection is closed after its exchange;</li>
 * <li>{@code safe}: not the first request of a client connection (HAProxy sends it on its own
 *     connection so a failure can be retried by the client), any later one;</li>
 * <li>{@code aggressive}: the first request of a client connection only gets a connection that
 *     has already been reused (proven to survive keep-alive); later ones any;</li>
 * <li>{@code always}: anyone.</li>
 * </ul>
 */
public final class ConnectionPool {
    private final HttpReuse reuse;
    private final int maxIdle;
    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();
    private final AtomicInteger idleCount = new AtomicInteger();
    private final AtomicInteger openCount = new AtomicInteger();

    /**
     * @param reuse   the backend's {@code http-reuse}
     * @param maxIdle the most idle connections kept; surplus ones are closed on release
     */
    public ConnectionPool(HttpReuse reuse, int maxIdle) {
        this.reuse = reuse;
        this.maxIdle = maxIdle;
    }

    /**
     * Takes an idle connection this request may use, or returns null.
     *
     * @param firstOfSession true for the first request of a client connection
     */
    public Connection take(boolean firstOfSession) {
        if (reuse == HttpReuse.NEVER || (firstOfSession && reuse == HttpReuse.SAFE)) {
            return null;
        }
        boolean provenOnly = firstOfSession && reuse == HttpReuse.AGGRESSIVE;
        for (Iterator<Connection> it = idle.iterator(); it.hasNext(); ) {
            Connection c = it.next();
            if (provenOnly && c.exchanges() < 2) {
                continue;
            }
            if (idle.removeFirstOccurrence(c)) {
                idleCount.decrementAndGet();
                if (!c.isClosed()) {
                    return c;
                }
            }
        }
        return null;
    }

    /** Counts a newly opened connection. */
    void opened() {
        openCount.incrementAndGet();
    }

    /** Uncounts a closed connection (called once per connection by Connection.close). */
    void closed(Connection c) {
        openCount.decrementAndGet();
        if (idle.removeFirstOccurrence(c)) {
            idleCount.decrementAndGet();
        }
    }

    /**
     * Keeps a connection whose exchange ended cleanly for reuse, or closes it when reuse is off,
     * the pool is full, or the mux says it cannot carry another exchange.
     */
    void offer(Connection c) {
        if (reuse == HttpReuse.NEVER || c.isClosed() || !c.mux().reusable() || idleCount.get() >= maxIdle) {
            c.close();
            return;
        }
        c.idleSinceNanos(System.nanoTime());
        idleCount.incrementAndGet();
        idle.addFirst(c);
    }

    /**
     * Makes room for one more connection under a cap: closes idle connections, least recently used
     * first, while {@code maxOpen} or more are open. Used before opening a connection to a server
     * whose open connections must never exceed its capacity (a FastCGI server: an idle
     * connection pins one of its workers). Returns how many were closed.
     */
    public int makeRoom(int maxOpen) {
        int n = 0;
        while (openCount.get() >= maxOpen) {
            Connection c = idle.pollLast();
            if (c == null) {
                return n;
            }
            idleCount.decrementAndGet();
            c.close();
            n++;
        }
        return n;
    }

    /** Closes the connections idle for longer than {@code delayNanos}; returns how many. */
    public int purge(long nowNanos, long delayNanos) {
        int n = 0;
        for (Connection c : idle) {
            if (nowNanos - c.idleSinceNanos() > delayNanos && idle.removeFirstOccurrence(c)) {
                idleCount.decrementAndGet();
                c.close();
                n++;
            }
        }
        return n;
    }

    /** Closes every idle connection (shutdown). */
    public void closeIdle() {
        Connection c;
        while ((c = idle.pollFirst()) != null) {
            idleCount.decrementAndGet();
            c.close();
        }
    }

    /** Idle connections now. */
    public int idleCount() {
        return idleCount.get();
    }

    /** Open connections now, idle or in use. */
    public int openCount() {
        return openCount.get();
    }
}
