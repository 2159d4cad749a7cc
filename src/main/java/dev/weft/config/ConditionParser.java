package dev.weft.config;

import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parses {@code frontend.NAME.route.N} values, {@code CONDITION -> BACKEND}, with the grammar
 * of {@link Condition}:
 * <pre>
 * condition := term ( "and" term )*
 * term      := "not" term | atom
 * atom      := "path-prefix" P | "path" P | "path-regex" RE | "host" NAME
 *            | "header" NAME VALUE | "method" M
 * </pre>
 * Words are separated by blanks, so an argument cannot contain one (use {@code \s} in a regex;
 * in a {@code .properties} file that is written {@code \\s}). Each instance parses one
 * condition and is then thrown away.
 */
final class ConditionParser {

    private static final String ATOMS = "path-prefix, path, path-regex, host, header, method, not";
    private static final Pattern TOKEN = Pattern.compile("[!#$%&'*+.^_`|~0-9A-Za-z-]+");

    private final List<String> words;
    private int next;

    /**
     * A parsed route value; {@link RouteConfig} adds the order N from the key.
     *
     * @param condition when the route applies
     * @param backend   the backend name, not yet checked to exist
     */
    record RouteTarget(Condition condition, String backend) {}

    private ConditionParser(String condition) {
        this.words = Arrays.stream(condition.trim().split("\\s+")).filter(w -> !w.isEmpty()).toList();
    }

    /**
     * Parses {@code CONDITION -> BACKEND}. The last {@code ->} splits the value, so a regex may
     * contain {@code ->}.
     *
     * @throws BadValue for a missing arrow, condition or backend, or a bad condition
     */
    static RouteTarget route(String value) throws BadValue {
        int arrow = value.lastIndexOf("->");
        if (arrow < 0) {
            throw new BadValue("expected CONDITION -> BACKEND, got '" + value + "'");
        }
        String condition = value.substring(0, arrow).trim();
        String backend = value.substring(arrow + 2).trim();
        if (condition.isEmpty() || backend.isEmpty()) {
            throw new BadValue("expected CONDITION -> BACKEND, got '" + value + "'");
        }
        return new RouteTarget(condition(condition), Values.backendName(backend));
    }

    /**
     * Parses a condition alone; a single term is returned as itself, several as {@link Condition.And}.
     *
     * @throws BadValue for an unknown word, a missing argument, a bad regex, or words not joined by {@code and}
     */
    static Condition condition(String text) throws BadValue {
        return new ConditionParser(text).parseAll();
    }

    private Condition parseAll() throws BadValue {
        if (words.isEmpty()) {
            throw new BadValue("condition: empty (expected: " + ATOMS + ")");
        }
        List<Condition> terms = new ArrayList<>();
        terms.add(term());
        while (next < words.size()) {
            String word = words.get(next++);
            if (!word.equals("and")) {
                throw new BadValue("condition: '" + word + "' (expected: 'and' between conditions)");
            }
            if (next == words.size()) {
                throw new BadValue("condition: 'and' at the end (expected: a condition after it)");
            }
            terms.add(term());
        }
        return terms.size() == 1 ? terms.getFirst() : new Condition.And(terms);
    }

    private Condition term() throws BadValue {
        String word = words.get(next++);
        if (word.equals("not")) {
            if (next == words.size()) {
                throw new BadValue("condition: 'not' at the end (expected: a condition after it)");
            }
            return new Condition.Not(term());
        }
        return switch (word) {
            case "path-prefix" -> new Condition.PathPrefix(path(word, argument(word)));
            case "path" -> new Condition.PathEquals(path(word, argument(word)));
            case "path-regex" -> new Condition.PathRegex(regex(argument(word)));
            case "host" -> new Condition.Host(argument(word));
            case "header" -> header();
            case "method" -> new Condition.Method(token(word, argument(word)));
            default -> throw new BadValue("condition: unknown word '" + word + "' (expected: " + ATOMS + ")");
        };
    }

    private Condition header() throws BadValue {
        if (next + 2 > words.size()) {
            throw new BadValue("condition: 'header' needs NAME VALUE");
        }
        String name = token("header", words.get(next++));
        return new Condition.Header(name, words.get(next++));
    }

    private String argument(String word) throws BadValue {
        if (next == words.size()) {
            throw new BadValue("condition: '" + word + "' needs a value");
        }
        return words.get(next++);
    }

    /** Refuses a path that cannot match a request path: it must start with '/'. */
    private static String path(String word, String path) throws BadValue {
        if (!path.startsWith("/")) {
            throw new BadValue(word + ": '" + path + "' (expected: a path starting with '/')");
        }
        return path;
    }

    private static Pattern regex(String regex) throws BadValue {
        try {
            return Pattern.compile(regex);
        } catch (PatternSyntaxException e) {
            throw new BadValue("path-regex: bad regex '" + regex + "': " + e.getDescription() + " near index " + e.getIndex());
        }
    }

    /** Refuses a method or header name that is not an HTTP token (RFC 9110 section 5.6.2). */
    private static String token(String word, String value) throws BadValue {
        if (!TOKEN.matcher(value).matches()) {
            throw new BadValue(word + ": '" + value + "' (expected: an HTTP token)");
        }
        return value;
    }
}
