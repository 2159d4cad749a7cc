package dev.weft.http;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.BiConsumer;

/**
 * An ordered list of header fields (name, value), as they travel: duplicates kept, order kept,
 * names compared case-insensitively (RFC 9110 §5.1). Confined to one stream's thread; not
 * thread-safe.
 */
public final class HeaderList {
    private final List<String> names = new ArrayList<>();
    private final List<String> values = new ArrayList<>();

    /** Appends a field; name and value are taken as they are (no validation here). */
    public HeaderList add(String name, String value) {
        names.add(name);
        values.add(value);
        return this;
    }

    /** Number of fields. */
    public int size() {
        return names.size();
    }

    public String name(int i) {
        return names.get(i);
    }

    public String value(int i) {
        return values.get(i);
    }

    /** Returns the first value of {@code name}, or null. */
    public String first(String name) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                return values.get(i);
            }
        }
        return null;
    }

    /** Returns every value of {@code name}, in order (empty when absent). */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name)) {
                out.add(values.get(i));
            }
        }
        return out;
    }

    public boolean contains(String name) {
        return first(name) != null;
    }

    /** Removes every field called {@code name}; returns how many were removed. */
    public int remove(String name) {
        int removed = 0;
        for (int i = names.size() - 1; i >= 0; i--) {
            if (names.get(i).equalsIgnoreCase(name)) {
                names.remove(i);
                values.remove(i);
                removed++;
            }
        }
        return removed;
    }

    /**
     * Removes, in one pass, every field whose name {@code drop} accepts; keeps the order of the
     * rest. Returns how many were removed.
     */
    public int removeNames(java.util.function.Predicate<String> drop) {
        int kept = 0;
        int n = names.size();
        for (int i = 0; i < n; i++) {
            String name = names.get(i);
            if (!drop.test(name)) {
                if (kept != i) {
                    names.set(kept, name);
                    values.set(kept, values.get(i));
                }
                kept++;
            }
        }
        for (int i = n - 1; i >= kept; i--) {
            names.remove(i);
            values.remove(i);
        }
        return n - kept;
    }

    /** Replaces every field called {@code name} by one with {@code value}. */
    public HeaderList set(String name, String value) {
        remove(name);
        return add(name, value);
    }

    /**
     * True when some value of {@code name}, read as a comma-separated token list, holds
     * {@code token} (case-insensitive), e.g. {@code hasToken("Connection", "close")}.
     */
    public boolean hasToken(String name, String token) {
        for (int i = 0; i < names.size(); i++) {
            if (names.get(i).equalsIgnoreCase(name) && FieldTokens.contains(values.get(i), token)) {
                return true;
            }
        }
        return false;
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < names.size(); i++) {
            action.accept(names.get(i), values.get(i));
        }
    }

    /** A copy, independent of this list. */
    public HeaderList copy() {
        HeaderList c = new HeaderList();
        c.names.addAll(names);
        c.values.addAll(values);
        return c;
    }

    @Override
    public String toString() {
        StringBuilder sb = new StringBuilder();
        forEach((n, v) -> sb.append(n).append(": ").append(v).append('\n'));
        return sb.toString();
    }

    /** Lower-cases a header name the cheap way (header names are ASCII tokens). */
    public static String lower(String name) {
        return name.toLowerCase(Locale.ROOT);
    }
}
