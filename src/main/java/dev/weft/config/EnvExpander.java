package dev.weft.config;

import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Pattern;

/**
 * Expands {@code ${NAME}} anywhere in a value with an environment variable. A {@code $} not
 * followed by {@code {} is kept as written; expanded text is not expanded again. Stateless
 * apart from the lookup function it is given.
 */
final class EnvExpander {

    private static final Pattern NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private final Function<String, String> env;

    /** @param env returns a variable's value, or null when it is not set */
    EnvExpander(Function<String, String> env) {
        this.env = env;
    }

    /**
     * Returns {@code value} with every {@code ${NAME}} replaced.
     *
     * @throws BadValue naming every variable that is not set, every malformed name, or an
     *                  unterminated {@code ${}
     */
    String expand(String value) throws BadValue {
        int at = value.indexOf("${");
        if (at < 0) {
            return value;
        }
        StringBuilder out = new StringBuilder(value.length());
        List<String> errors = new ArrayList<>();
        int from = 0;
        while (at >= 0) {
            out.append(value, from, at);
            int close = value.indexOf('}', at + 2);
            if (close < 0) {
                errors.add("unterminated '${' (expected: ${NAME})");
                from = value.length();
                break;
            }
            String name = value.substring(at + 2, close);
            String replacement = lookup(name, errors);
            out.append(replacement == null ? "" : replacement);
            from = close + 1;
            at = value.indexOf("${", from);
        }
        out.append(value, from, value.length());
        if (!errors.isEmpty()) {
            throw new BadValue(errors);
        }
        return out.toString();
    }

    private String lookup(String name, List<String> errors) {
        if (!NAME.matcher(name).matches()) {
            errors.add("bad variable name '${" + name + "}' (expected: letters, digits and '_')");
            return null;
        }
        String found = env.apply(name);
        if (found == null) {
            errors.add("environment variable '" + name + "' is not set");
        }
        return found;
    }
}
