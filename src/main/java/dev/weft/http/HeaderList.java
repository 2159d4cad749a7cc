package dev.weft.http;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.function.BiConsumer;
import java.util.function.Predicate;

/**
 * An ordered list of header fields (name, value), as they travel: duplicates kept, order kept,
 * names compared case-insensitively (RFC 9110 §5.1). Confined to one stream's thread; not
 * thread-safe.
 */
public final class HeaderList {
    /** Room for this many fields before the first growth: a typical head holds fewer. */
    private static final int FIRST_CAPACITY = 12;

    /**
     * Names and values interleaved, {@code fields[2i]} the name of field i and {@code fields[2i+1]}
     * its value; one array per list, allocated at the first add (two lists of names and values
     * cost four objects per head, on every request and response: BENCHMARKS.md, session 20).
     */
    private String[] fields;
    private int size;

    /** Appends a field; name and value are taken as they are (no validation here). */
    public HeaderList add(String name, String value) {
        int at = 2 * size;
        if (fields == null) {
            fields = new String[2 * FIRST_CAPACITY];
        } else if (at == fields.length) {
            fields = Arrays.copyOf(fields, 2 * fields.length);
        }
        fields[at] = name;
        fields[at + 1] = value;
        size++;
        return this;
    }

    /** Number of fields. */
    public int size() {
        return size;
    }

    /** The name of field {@code i}, 0 <= i < {@link #size()}. */
    public String name(int i) {
        return fields[2 * Objects.checkIndex(i, size)];
    }

    /** The value of field {@code i}, 0 <= i < {@link #size()}. */
    public String value(int i) {
        return fields[2 * Objects.checkIndex(i, size) + 1];
    }

    /** Returns the first value of {@code name}, or null. */
    public String first(String name) {
        for (int i = 0; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                return fields[2 * i + 1];
            }
        }
        return null;
    }

    /** Returns every value of {@code name}, in order (empty when absent). */
    public List<String> all(String name) {
        List<String> out = new ArrayList<>(2);
        for (int i = 0; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name)) {
                out.add(fields[2 * i + 1]);
            }
        }
        return out;
    }

    public boolean contains(String name) {
        return first(name) != null;
    }

    /** Removes every field called {@code name}; returns how many were removed. */
    public int remove(String name) {
        return removeNames(name::equalsIgnoreCase);
    }

    /**
     * Removes, in one pass, every field whose name {@code drop} accepts; keeps the order of the
     * rest. Returns how many were removed.
     */
    public int removeNames(Predicate<String> drop) {
        int kept = 0;
        for (int i = 0; i < size; i++) {
            String name = fields[2 * i];
            if (!drop.test(name)) {
                if (kept != i) {
                    fields[2 * kept] = name;
                    fields[2 * kept + 1] = fields[2 * i + 1];
                }
                kept++;
            }
        }
        int removed = size - kept;
        if (removed > 0) {
            Arrays.fill(fields, 2 * kept, 2 * size, null); // no stale references to dropped values
            size = kept;
        }
        return removed;
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
        for (int i = 0; i < size; i++) {
            if (fields[2 * i].equalsIgnoreCase(name) && FieldTokens.contains(fields[2 * i + 1], token)) {
                return true;
            }
        }
        return false;
    }

    public void forEach(BiConsumer<String, String> action) {
        for (int i = 0; i < size; i++) {
            action.accept(fields[2 * i], fields[2 * i + 1]);
        }
    }

    /** A copy, independent of this list. */
    public HeaderList copy() {
        HeaderList c = new HeaderList();
        if (fields != null) {
            c.fields = fields.clone();
            c.size = size;
        }
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
