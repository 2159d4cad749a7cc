package dev.weft.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The keys of one file after matching and parsing, in file order, with typed access for the
 * {@link ConfigAssembler}. A key whose value was bad (or which is not supported yet) is kept
 * as present but without a value: its problem is already recorded, and keeping it stops the
 * assembler from adding a second, misleading one ("has no bind" after a bad bind).
 * Confined to one {@link ConfigLoader#load} call.
 */
final class Settings {

    /**
     * One key of the file.
     *
     * @param line  where the key starts
     * @param key   the key as written
     * @param spec  its catalogue entry
     * @param names its placeholder values, in pattern order
     * @param value the parsed value (of {@code spec}'s type); empty when it was bad
     */
    record Setting(int line, String key, KeySpec<?> spec, List<String> names, Optional<Object> value) {
        Setting {
            names = List.copyOf(names);
        }
    }

    private final List<Setting> inOrder = new ArrayList<>();
    private final Map<String, Setting> byKey = new HashMap<>();

    /** Adds a setting; keys are unique (the reader already refused duplicates). */
    void add(Setting setting) {
        inOrder.add(setting);
        byKey.put(setting.key(), setting);
    }

    /** Returns the setting of {@code spec} with these placeholder values, if the file has it. */
    Optional<Setting> setting(KeySpec<?> spec, String... names) {
        return Optional.ofNullable(byKey.get(spec.concrete(names)));
    }

    /** Returns the parsed value of that key; empty when it is absent or its value was bad. */
    <T> Optional<T> value(KeySpec<T> spec, String... names) {
        return setting(spec, names).flatMap(Setting::value).map(v -> cast(spec, v));
    }

    /** Returns the value of a key with a built-in default: its own value or that default. */
    <T> T valueOrDefault(KeySpec<T> spec, String... names) {
        return value(spec, names).or(spec::defaultValue)
                .orElseThrow(() -> new IllegalArgumentException(spec.pattern() + " has no default"));
    }

    /**
     * Returns a frontend's or backend's value of {@code own}, else the file's value of the
     * {@code defaults.*} key {@code parent}, else {@code parent}'s built-in default.
     */
    <T> T inherited(KeySpec<T> own, String name, KeySpec<T> parent) {
        return value(own, name).orElseGet(() -> valueOrDefault(parent));
    }

    /**
     * Returns every setting of {@code spec} whose first placeholder is {@code name}, in file
     * order: the routes of one frontend, the servers of one backend.
     */
    List<Setting> all(KeySpec<?> spec, String name) {
        return inOrder.stream().filter(s -> s.spec() == spec && s.names().getFirst().equals(name)).toList();
    }

    /**
     * Returns the frontend (or backend) names in the order of their first key, each with that
     * first key.
     *
     * @param section {@code "frontend"} or {@code "backend"}
     */
    Map<String, Setting> sections(String section) {
        Map<String, Setting> first = new LinkedHashMap<>();
        for (Setting s : inOrder) {
            if (s.spec().pattern().startsWith(section + ".NAME.")) {
                first.putIfAbsent(s.names().getFirst(), s);
            }
        }
        return first;
    }

    /** Safe: a setting's value was produced by its own spec's parser. */
    @SuppressWarnings("unchecked")
    private static <T> T cast(KeySpec<T> spec, Object value) {
        return (T) value;
    }
}
