package dev.weft.http;

/**
 * Token lists in field values, such as {@code Connection: keep-alive, close} (RFC 9110 §5.6.1:
 * elements separated by commas, with optional whitespace around them, empty elements allowed),
 * searched in place: no split, no copy, no stream. Helidon's {@code Headers.containsToken}
 * tokenizes every value into a new list through a stream and was 5 % of weft's samples under
 * h1-close, where every request carries {@code Connection: close} (BENCHMARKS.md, session 16).
 */
public final class FieldTokens {

    private FieldTokens() {
    }

    /**
     * True when the comma-separated list {@code value} holds an element equal to {@code token},
     * ignoring case and the spaces and tabs around it; false for {@code closed} when looking for
     * {@code close}. Accepts any strings; {@code token} holds no comma and no surrounding space.
     */
    public static boolean contains(String value, String token) {
        int n = value.length();
        int start = 0;
        while (start <= n) {
            int comma = value.indexOf(',', start);
            int end = comma < 0 ? n : comma;
            int s = start;
            int e = end;
            while (s < e && isOws(value.charAt(s))) {
                s++;
            }
            while (e > s && isOws(value.charAt(e - 1))) {
                e--;
            }
            if (e - s == token.length() && value.regionMatches(true, s, token, 0, e - s)) {
                return true;
            }
            start = end + 1;
        }
        return false;
    }

    private static boolean isOws(char c) {
        return c == ' ' || c == '\t';
    }
}
