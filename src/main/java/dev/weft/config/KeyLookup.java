package dev.weft.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;

/**
 * Finds the {@link KeyCatalogue} entry of a key as written, and a close catalogue key when
 * there is none. Stateless.
 */
final class KeyLookup {

    /**
     * A key matched to its catalogue entry.
     *
     * @param spec  the entry
     * @param names the user's values of the placeholders, in pattern order (e.g. {@code [app, s1]})
     */
    record Match(KeySpec<?> spec, List<String> names) {
        Match {
            names = List.copyOf(names);
        }
    }

    private KeyLookup() {}

    /**
     * Returns the catalogue entry whose pattern has the same segments as {@code key}, literal
     * segments equal and placeholders standing for any non-empty segment; empty when none does.
     * Placeholder values are not validated here.
     */
    static Optional<Match> match(String key) {
        List<String> segments = Arrays.asList(key.split("\\.", -1));
        for (KeySpec<?> spec : KeyCatalogue.ALL) {
            List<String> names = matchNames(spec.segments(), segments);
            if (names != null) {
                return Optional.of(new Match(spec, names));
            }
        }
        return Optional.empty();
    }

    /**
     * Returns the catalogue key closest to an unknown {@code key}, with its placeholders filled
     * from the user's segments at the same position (so {@code frontend.web.default-backnd}
     * suggests {@code frontend.web.default-backend}); empty when nothing is close.
     */
    static Optional<String> suggest(String key) {
        List<String> segments = Arrays.asList(key.split("\\.", -1));
        Set<String> candidates = new LinkedHashSet<>();
        for (KeySpec<?> spec : KeyCatalogue.ALL) {
            candidates.add(fill(spec.segments(), segments));
        }
        return DidYouMean.closest(key, candidates);
    }

    private static List<String> matchNames(List<String> pattern, List<String> segments) {
        if (pattern.size() != segments.size()) {
            return null;
        }
        List<String> names = new ArrayList<>();
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            String s = segments.get(i);
            if (KeySpec.PLACEHOLDERS.contains(p)) {
                if (s.isEmpty()) {
                    return null;
                }
                names.add(s);
            } else if (!p.equals(s)) {
                return null;
            }
        }
        return names;
    }

    private static String fill(List<String> pattern, List<String> segments) {
        List<String> filled = new ArrayList<>(pattern.size());
        for (int i = 0; i < pattern.size(); i++) {
            String p = pattern.get(i);
            boolean fillable = KeySpec.PLACEHOLDERS.contains(p) && i < segments.size() && !segments.get(i).isEmpty();
            filled.add(fillable ? segments.get(i) : p);
        }
        return String.join(".", filled);
    }
}
