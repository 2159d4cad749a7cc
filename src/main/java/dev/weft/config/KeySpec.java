package dev.weft.config;

import java.util.Arrays;
import java.util.List;
import java.util.Optional;

/**
 * One entry of the {@link KeyCatalogue}: a key pattern with its type, default and doc.
 *
 * <p>A pattern is dot-separated segments; upper-case segments are placeholders filled by the
 * user: {@code NAME} (a frontend or backend), {@code SNAME} (a server), {@code N} (a route
 * number), {@code P} (a FastCGI parameter). Example: {@code backend.NAME.server.SNAME}.
 *
 * @param pattern      the key with placeholders
 * @param type         how values are parsed
 * @param defaultValue the value used when the key is absent; empty when the key is required,
 *                     optional, or inherits from a {@code defaults.*} key
 * @param defaultText  the default as documentation shows it: {@code "10s"}, {@code "required"},
 *                     {@code "unset"}, {@code "defaults.retries"}
 * @param doc          one line: what the key means
 * @param supported    false for keys weft knows but does not implement yet; those are
 *                     rejected with {@code not supported yet}
 * @param <T>          the parsed type
 */
record KeySpec<T>(String pattern, ValueType<T> type, Optional<T> defaultValue, String defaultText,
                  String doc, boolean supported) {

    /** The placeholder segments, in the order they may appear in a pattern. */
    static final List<String> PLACEHOLDERS = List.of("NAME", "SNAME", "N", "P");

    /** Returns the pattern's segments. */
    List<String> segments() {
        return Arrays.asList(pattern.split("\\."));
    }

    /**
     * Returns the concrete key with the placeholders filled in order, e.g.
     * {@code concrete("app", "s1")} on {@code backend.NAME.server.SNAME}.
     *
     * @throws IllegalArgumentException when the number of names is not the number of placeholders
     */
    String concrete(String... names) {
        List<String> segments = segments();
        StringBuilder sb = new StringBuilder();
        int used = 0;
        for (String segment : segments) {
            if (!sb.isEmpty()) {
                sb.append('.');
            }
            if (PLACEHOLDERS.contains(segment)) {
                if (used == names.length) {
                    throw new IllegalArgumentException(pattern + " needs more than " + names.length + " names");
                }
                sb.append(names[used++]);
            } else {
                sb.append(segment);
            }
        }
        if (used != names.length) {
            throw new IllegalArgumentException(pattern + " takes " + used + " names, not " + names.length);
        }
        return sb.toString();
    }
}
