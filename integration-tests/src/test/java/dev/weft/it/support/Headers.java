package dev.weft.it.support;

import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Optional;

/**
 * An ordered, immutable list of header fields with case-insensitive lookups.
 *
 * @param fields the fields in wire order
 */
public record Headers(List<HeaderField> fields) {

    public Headers {
        fields = List.copyOf(fields);
    }

    /** Returns whether at least one field is called {@code name}. */
    public boolean has(String name) {
        return fields.stream().anyMatch(f -> f.is(name));
    }

    /** Returns the value of the first field called {@code name}. */
    public Optional<String> first(String name) {
        return fields.stream().filter(f -> f.is(name)).map(HeaderField::value).findFirst();
    }

    /** Returns the values of every field called {@code name}, in order, not split on commas. */
    public List<String> all(String name) {
        return fields.stream().filter(f -> f.is(name)).map(HeaderField::value).toList();
    }

    /**
     * Returns the comma-separated list elements of every field called {@code name}, trimmed and
     * lower-cased, in order: {@code X-Forwarded-For: a, b} twice gives {@code [a, b, a, b]}
     * (RFC 9110 §5.3: several fields equal one field with the values joined by commas).
     */
    public List<String> tokens(String name) {
        return all(name).stream()
                .flatMap(v -> Arrays.stream(v.split(",")))
                .map(t -> t.trim().toLowerCase(Locale.ROOT))
                .filter(t -> !t.isEmpty())
                .toList();
    }

    @Override
    public String toString() {
        StringBuilder text = new StringBuilder();
        fields.forEach(f -> text.append(f).append('\n'));
        return text.toString();
    }
}
