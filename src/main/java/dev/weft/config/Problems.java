package dev.weft.config;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;

/**
 * Collects the problems of one {@link ConfigLoader#load} call, so that every problem in the
 * file is reported at once instead of stopping at the first. Confined to that call.
 */
final class Problems {

    private final Path file;
    private final List<ConfigProblem> found = new ArrayList<>();

    /** @param file the path as given to {@code load}, used verbatim in every problem */
    Problems(Path file) {
        this.file = file;
    }

    /** Records one problem; {@code key} may be null, {@code line} 0 for the whole file. */
    void add(int line, String key, String message) {
        found.add(new ConfigProblem(file, line, key, message));
    }

    /** Records each message as a problem of the same line and key. */
    void addAll(int line, String key, List<String> messages) {
        for (String message : messages) {
            add(line, key, message);
        }
    }

    /** True when nothing was found wrong so far. */
    boolean isEmpty() {
        return found.isEmpty();
    }

    /**
     * Throws when any problem was recorded; problems are sorted by line (stable, so problems of
     * one line keep the order they were found in).
     */
    void throwIfAny() throws ConfigException {
        if (!found.isEmpty()) {
            List<ConfigProblem> sorted = new ArrayList<>(found);
            sorted.sort(Comparator.comparingInt(ConfigProblem::line));
            throw new ConfigException(sorted);
        }
    }
}
