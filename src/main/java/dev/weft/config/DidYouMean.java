package dev.weft.config;

import java.util.Collection;
import java.util.Optional;

/**
 * Finds the candidate closest to a misspelt word by edit distance, for "did you mean"
 * hints on unknown keys and unknown backends. Stateless.
 */
final class DidYouMean {

    private DidYouMean() {}

    /**
     * Returns the candidate with the smallest edit distance to {@code word}, if it is close:
     * at most a fifth of the candidate's length (and at least 1) edits away. Ties go to the
     * earlier candidate; an exact match is not a suggestion.
     */
    static Optional<String> closest(String word, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String candidate : candidates) {
            int d = distance(word, candidate);
            if (d > 0 && d < bestDistance && d <= Math.max(1, candidate.length() / 5)) {
                best = candidate;
                bestDistance = d;
            }
        }
        return Optional.ofNullable(best);
    }

    /** Levenshtein distance: insertions, deletions and substitutions each cost 1. */
    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int substitution = previous[j - 1] + (a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1);
                current[j] = Math.min(substitution, Math.min(previous[j], current[j - 1]) + 1);
            }
            int[] swap = previous;
            previous = current;
            current = swap;
        }
        return previous[b.length()];
    }
}
