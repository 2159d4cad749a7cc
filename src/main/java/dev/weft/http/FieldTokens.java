package dev.weft.http;

/**
 * Token lists in field values, such as {@code Connection: keep-alive, close} (RFC 9110 §5.6.1:
 * elements separated by commas, with optional whitespace around them, empty elements allowed),
 * searched in place: no split, no copy, no stream. Helidon's {@code Headers.containsToken}
 * tokenizes every value into a new list through a stream and was 7 % of weft's samples under
 * h1-close, where every request carries {@code Connection: close} (BENCHMARKS.md, session 16).
 */
public final class FieldTokens {

    private FieldTokens() {
    }

    /**
     * True when the comma-separated list {@code value} holds an element equal to {@code token},
     * ignoring case and the spaces and tabs around it; false for {@code closed} when looking for
     * {@code close}. {@code value} may be any string; {@code token} must hold no comma and no
     * surrounding space (it would never match).
     */
    public static boolean contains(String value, String token) {
        for (int start = 0; start <= value.length(); ) {
            int end = elementEnd(value, start);
            int s = skipOws(value, start, end);
            int e = trimOws(value, s, end);
            if (e - s == token.length() && value.regionMatches(true, s, token, 0, e - s)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    /** The end (exclusive) of the list element of {@code v} that begins at {@code start}: the next comma, or the end of {@code v}. */
    public static int elementEnd(String v, int start) {
        int comma = v.indexOf(',', start);
        return comma < 0 ? v.length() : comma;
    }

    /** The first index in {@code [from, to)} of {@code v} that is not a space or tab ({@code to} if none). */
    public static int skipOws(String v, int from, int to) {
        while (from < to && isOws(v.charAt(from))) {
            from++;
        }
        return from;
    }

    /** The end of {@code v}'s range {@code [from, to)} without its trailing spaces and tabs. */
    public static int trimOws(String v, int from, int to) {
        while (to > from && isOws(v.charAt(to - 1))) {
            to--;
        }
        return to;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
