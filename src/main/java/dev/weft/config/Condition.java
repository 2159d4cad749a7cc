package dev.weft.config;

import java.util.List;
import java.util.regex.Pattern;

/**
 * A route condition, HAProxy's ACL twins. Grammar (words separated by spaces):
 * <pre>
 * condition := term ( "and" term )*
 * term      := "not" term | atom
 * atom      := "path-prefix" P | "path" P | "path-regex" RE | "host" NAME
 *            | "header" NAME VALUE | "method" M
 * </pre>
 * Matching is done by {@code dev.weft.frontend.Router}; this is only the parsed form.
 */
public sealed interface Condition {
    /** {@code path_beg}: the path (without query) starts with {@code prefix}. */
    record PathPrefix(String prefix) implements Condition {}
    /** {@code path}: the path (without query) equals {@code path}. */
    record PathEquals(String path) implements Condition {}
    /** {@code path_reg}: the regex finds a match in the path (without query). */
    record PathRegex(Pattern regex) implements Condition {}
    /** {@code hdr(host)}: the Host (port removed), case-insensitive. */
    record Host(String host) implements Condition {}
    /** {@code hdr(NAME)}: some value of header NAME equals VALUE (name case-insensitive). */
    record Header(String name, String value) implements Condition {}
    /** {@code method}: the request method, case-sensitive as HTTP says. */
    record Method(String method) implements Condition {}
    /** All of them. */
    record And(List<Condition> all) implements Condition {
        public And { all = List.copyOf(all); }
    }
    /** The negation. */
    record Not(Condition inner) implements Condition {}
}
