package dev.weft.config;

import java.util.List;

/**
 * A configuration file that must not be used: carries every problem found in it, in line
 * order. {@link #getMessage()} is those problems in the {@link ConfigProblem} format, one per
 * line, ready to print before exiting with status 2.
 */
public final class ConfigException extends Exception {

    private final List<ConfigProblem> problems;

    /**
     * @param problems at least one problem; copied
     * @throws IllegalArgumentException when {@code problems} is empty (a valid file is not an exception)
     */
    public ConfigException(List<ConfigProblem> problems) {
        super(join(problems));
        if (problems.isEmpty()) {
            throw new IllegalArgumentException("a ConfigException needs at least one problem");
        }
        this.problems = List.copyOf(problems);
    }

    /** Returns every problem, in line order (problems about the whole file first); never empty. */
    public List<ConfigProblem> problems() {
        return problems;
    }

    private static String join(List<ConfigProblem> problems) {
        StringBuilder sb = new StringBuilder();
        for (ConfigProblem p : problems) {
            if (!sb.isEmpty()) {
                sb.append('\n');
            }
            sb.append(p);
        }
        return sb.toString();
    }
}
