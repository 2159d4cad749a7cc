package dev.weft.config;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads {@code .properties} text into key/value lines, keeping file order and the line where
 * each key starts ({@link java.util.Properties} keeps neither, and silently lets a duplicate key
 * overwrite the first).
 *
 * <p>The syntax is {@link java.util.Properties#load(java.io.Reader)}'s, with two differences
 * said in the list below:
 * <ul>
 *   <li>a line whose first non-blank character is {@code #} or {@code !} is a comment; blank
 *       lines are skipped;</li>
 *   <li>a line ending in an odd number of backslashes continues on the next line, whose leading
 *       blanks are dropped;</li>
 *   <li>the key ends at the first unescaped {@code =}, {@code :} or blank; blanks around the
 *       separator are skipped;</li>
 *   <li>escapes {@code \t \n \r \f \\uXXXX} and {@code \x} (= x) work in keys and values;</li>
 *   <li>difference: trailing blanks of a value are dropped (unless escaped);</li>
 *   <li>difference: a second line with the same key is a problem, not an overwrite.</li>
 * </ul>
 * Stateless; every method is a pure function of its arguments.
 */
final class PropertiesReader {

    /**
     * One key/value pair.
     *
     * @param line  1-based line where the key starts
     * @param key   the key, escapes resolved, never empty
     * @param value the value, escapes resolved and trimmed; may be empty
     */
    record Line(int line, String key, String value) {}

    private PropertiesReader() {}

    /**
     * Splits {@code text} into key/value lines in file order.
     *
     * @param text     the whole file; {@code \n}, {@code \r\n} and {@code \r} all end a line
     * @param problems receives a problem for a line without key, a malformed {@code \\uXXXX}
     *                 escape, or a duplicate key (reported at the second occurrence, which is
     *                 then left out of the result)
     * @return the lines with a usable key, in file order
     */
    static List<Line> read(String text, Problems problems) {
        List<Line> lines = new ArrayList<>();
        Map<String, Integer> firstLine = new HashMap<>();
        for (Logical logical : logicalLines(text)) {
            Line line = parse(logical, problems);
            if (line == null) {
                continue;
            }
            Integer first = firstLine.putIfAbsent(line.key(), line.line());
            if (first != null) {
                problems.add(line.line(), line.key(), "duplicate key; first set on line " + first);
                continue;
            }
            lines.add(line);
        }
        return lines;
    }

    /** A logical line: physical lines joined over continuations, comments and blanks removed. */
    private record Logical(int line, String text) {}

    private static List<Logical> logicalLines(String text) {
        String[] physical = text.split("\r\n|\r|\n", -1);
        List<Logical> result = new ArrayList<>();
        StringBuilder pending = null;
        int start = 0;
        for (int i = 0; i < physical.length; i++) {
            String stripped = stripLeadingBlanks(physical[i]);
            if (pending == null) {
                // A comment cannot be continued, and a blank line is nothing: as in Properties.
                if (stripped.isEmpty() || stripped.charAt(0) == '#' || stripped.charAt(0) == '!') {
                    continue;
                }
                pending = new StringBuilder();
                start = i + 1;
            }
            if (endsWithOddBackslashes(stripped)) {
                pending.append(stripped, 0, stripped.length() - 1);
                continue;
            }
            pending.append(stripped);
            result.add(new Logical(start, pending.toString()));
            pending = null;
        }
        if (pending != null) {
            result.add(new Logical(start, pending.toString())); // continuation at end of file
        }
        return result;
    }

    private static Line parse(Logical logical, Problems problems) {
        String s = logical.text();
        int keyEnd = 0;
        while (keyEnd < s.length() && !isSeparator(s.charAt(keyEnd))) {
            keyEnd += s.charAt(keyEnd) == '\\' ? 2 : 1;
        }
        keyEnd = Math.min(keyEnd, s.length());
        int valueStart = skipSeparator(s, keyEnd);
        int valueEnd = s.length();
        while (valueEnd > valueStart && isBlank(s.charAt(valueEnd - 1)) && !isEscaped(s, valueEnd - 1)) {
            valueEnd--;
        }
        if (keyEnd == 0) {
            problems.add(logical.line(), null, "line has no key before its separator");
            return null;
        }
        try {
            return new Line(logical.line(), unescape(s.substring(0, keyEnd)), unescape(s.substring(valueStart, valueEnd)));
        } catch (BadValue e) {
            problems.addAll(logical.line(), s.substring(0, keyEnd), e.messages());
            return null;
        }
    }

    /** Returns where the value starts: after blanks, one optional '=' or ':', and blanks again. */
    private static int skipSeparator(String s, int i) {
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        if (i < s.length() && (s.charAt(i) == '=' || s.charAt(i) == ':')) {
            i++;
        }
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        return i;
    }

    /**
     * Resolves backslash escapes; a lone backslash at the very end is dropped.
     *
     * @throws BadValue for a {@code \\u} not followed by four hex digits
     */
    static String unescape(String s) throws BadValue {
        if (s.indexOf('\\') < 0) {
            return s;
        }
        StringBuilder out = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c != '\\') {
                out.append(c);
                continue;
            }
            if (++i == s.length()) {
                break;
            }
            char e = s.charAt(i);
            switch (e) {
                case 't' -> out.append('\t');
                case 'n' -> out.append('\n');
                case 'r' -> out.append('\r');
                case 'f' -> out.append('\f');
                case 'u' -> {
                    out.append(unicode(s, i + 1));
                    i += 4;
                }
                default -> out.append(e);
            }
        }
        return out.toString();
    }

    private static char unicode(String s, int from) throws BadValue {
        if (from + 4 > s.length()) {
            throw new BadValue("malformed \\uXXXX escape (expected: four hex digits)");
        }
        int code = 0;
        for (int i = from; i < from + 4; i++) {
            int digit = Character.digit(s.charAt(i), 16);
            if (digit < 0) {
                throw new BadValue("malformed \\uXXXX escape (expected: four hex digits)");
            }
            code = code * 16 + digit;
        }
        return (char) code;
    }

    private static String stripLeadingBlanks(String s) {
        int i = 0;
        while (i < s.length() && isBlank(s.charAt(i))) {
            i++;
        }
        return s.substring(i);
    }

    private static boolean endsWithOddBackslashes(String s) {
        int n = 0;
        for (int i = s.length() - 1; i >= 0 && s.charAt(i) == '\\'; i--) {
            n++;
        }
        return n % 2 == 1;
    }

    /** True when the character at {@code i} is preceded by an odd number of backslashes. */
    private static boolean isEscaped(String s, int i) {
        int n = 0;
        for (int j = i - 1; j >= 0 && s.charAt(j) == '\\'; j--) {
            n++;
        }
        return n % 2 == 1;
    }

    private static boolean isSeparator(char c) {
        return c == '=' || c == ':' || isBlank(c);
    }

    private static boolean isBlank(char c) {
        return c == ' ' || c == '\t' || c == '\f';
    }
}
