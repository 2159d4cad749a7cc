package dev.weft.balance;

import dev.weft.backend.Server;

import java.util.List;
import java.util.Set;

/** Backup servers: used only when no active server is usable; the first usable one in file order (HAProxy without {@code allbackups}). */
final class Backups {
    private Backups() {
    }

    /** The first usable backup server not in {@code avoid}, or null. */
    static Server first(List<Server> servers, Set<Server> avoid) {
        for (Server s : servers) {
            if (s.config().backup() && s.usable() && !avoid.contains(s)) {
                return s;
            }
        }
        return null;
    }
}
