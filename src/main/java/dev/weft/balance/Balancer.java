package dev.weft.balance;

import dev.weft.backend.Server;

import java.util.Set;

/**
 * Picks a server for a stream (HAProxy's {@code lb_ops}). Thread-safe: called by every stream
 * of the backend concurrently.
 */
public interface Balancer {

    /**
     * Returns a usable server not in {@code avoid}, or null when there is none. When every
     * usable server is in {@code avoid}, implementations fall back to one of them (a retry must
     * still go somewhere), so null means no usable server at all.
     *
     * @param avoid servers to skip if another is usable (the ones that just failed: redispatch)
     */
    default Server pick(Set<Server> avoid) {
        Server s = choose(avoid);
        if (avoid.isEmpty() || (s != null && !s.config().backup())) {
            return s;
        }
        // Avoided active servers come before any backup: backups serve only when no active
        // server is usable at all (HAProxy), not when the active ones just failed a retry.
        Server again = choose(Set.of());
        return again != null && (s == null || !again.config().backup()) ? again : s;
    }

    /** Returns a usable server not in {@code avoid}, or null: the algorithm itself. */
    Server choose(Set<Server> avoid);
}
