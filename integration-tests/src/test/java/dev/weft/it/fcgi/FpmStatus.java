package dev.weft.it.fcgi;

import java.util.Map;
import java.util.stream.Collectors;

/**
 * php-fpm's status page ({@code pm.status_path}, plain text {@code name: value} lines), e.g.
 * {@code max listen queue}: the most connections that ever waited in php-fpm's accept backlog,
 * which stays 0 when weft queues the streams beyond the server's capacity itself. Immutable.
 *
 * @param fields the page's fields by name
 */
record FpmStatus(Map<String, String> fields) {

    static FpmStatus parse(String page) {
        return new FpmStatus(page.lines().filter(l -> l.contains(":"))
                .collect(Collectors.toMap(l -> l.substring(0, l.indexOf(':')).trim(),
                        l -> l.substring(l.indexOf(':') + 1).trim(), (a, b) -> a)));
    }

    /** A numeric field such as {@code max listen queue}; fails when it is missing. */
    long number(String name) {
        String v = fields.get(name);
        if (v == null) {
            throw new IllegalStateException("php-fpm status has no '" + name + "': " + fields);
        }
        return Long.parseLong(v);
    }
}
