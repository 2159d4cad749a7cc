package dev.weft.backend;

import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One server's multiplexed connections in use that may take more streams (HAProxy's available
 * list), each with the session (client connection) using it, and indexed by that session: under
 * {@code http-reuse safe} a stream may share only its own session's connections, and finding
 * them must not cost a scan of every other client's (h2-back: one per client connection).
 * Thread-safe. The connection-to-session map is the truth; a connection's entry in it and in its
 * session's set change together, inside a {@code compute} on that session's key, so the two
 * agree even when a connection is shared and dropped at the same moment (a lookup that runs
 * meanwhile may see either state).
 */
final class SharedConnections {
    private final Map<Connection, String> sessionOf = new ConcurrentHashMap<>();
    private final Map<String, Set<Connection>> bySession = new ConcurrentHashMap<>();

    boolean isEmpty() {
        return sessionOf.isEmpty();
    }

    int size() {
        return sessionOf.size();
    }

    /** Shares {@code c} for {@code session} unless it is shared already. */
    void add(Connection c, String session) {
        bySession.compute(session, (k, set) -> {
            if (sessionOf.putIfAbsent(c, session) != null) {
                return set;
            }
            Set<Connection> s = set != null ? set : ConcurrentHashMap.newKeySet();
            s.add(c);
            return s;
        });
        if (c.isClosed()) {
            remove(c); // closed meanwhile: its close may have looked for it before it was added
        }
    }

    /** Stops sharing {@code c}; no-op when it is not shared. */
    void remove(Connection c) {
        String session = sessionOf.get(c);
        if (session != null) {
            unindex(c, session);
        }
    }

    private void unindex(Connection c, String session) {
        bySession.computeIfPresent(session, (k, set) -> {
            sessionOf.remove(c, session);
            set.remove(c);
            return set.isEmpty() ? null : set;
        });
    }

    /**
     * Reserves a stream slot on a shared connection and returns it, or null: one of
     * {@code session}'s first, then, when {@code anySession}, any. Closed connections and those
     * that can take no more exchanges (going away) are dropped on the way.
     */
    Connection reserve(String session, boolean anySession) {
        Set<Connection> own = bySession.get(session);
        if (own != null) {
            for (Connection c : own) {
                if (tryReserve(c, session)) {
                    return c;
                }
            }
        }
        if (anySession) {
            for (Map.Entry<Connection, String> e : sessionOf.entrySet()) {
                if (!e.getValue().equals(session) && tryReserve(e.getKey(), e.getValue())) {
                    return e.getKey();
                }
            }
        }
        return null;
    }

    /**
     * Reserves a slot on {@code c}, found shared for {@code session}, if it still is once reserved.
     * The reference may be stale (a weakly consistent iteration, or a thread descheduled after
     * it): meanwhile the connection's last stream may have ended, the pool listed it idle and
     * another client's stream taken it, and a slot free on it then would put two clients on one
     * connection. Only a stream of {@code session} shares it under {@code session}, so if the map
     * still gives that session after the reservation, the connection is that session's; if not,
     * the slot is given back.
     */
    private boolean tryReserve(Connection c, String session) {
        if (c.isClosed() || !c.mux().reusable()) {
            unindex(c, session);
            return false;
        }
        if (!c.mux().tryReserve()) {
            return false;
        }
        if (session.equals(sessionOf.get(c))) {
            return true;
        }
        c.mux().unreserve();
        return false;
    }

    /**
     * Whether the index agrees with the map: each connection is in the set of exactly the
     * session the map gives it, and no set is empty. For tests, with nothing changing it.
     */
    boolean indexAgrees() {
        int indexed = 0;
        for (Map.Entry<String, Set<Connection>> e : bySession.entrySet()) {
            if (e.getValue().isEmpty()) {
                return false;
            }
            for (Connection c : e.getValue()) {
                if (!e.getKey().equals(sessionOf.get(c))) {
                    return false;
                }
                indexed++;
            }
        }
        return indexed == sessionOf.size();
    }

    /** The shared connections now (a weakly consistent view, for shutdown). */
    Iterable<Connection> connections() {
        return sessionOf.keySet();
    }
}
