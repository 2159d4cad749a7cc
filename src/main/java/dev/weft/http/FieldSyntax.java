package dev.weft.http;

/**
 * The characters of HTTP field names and values (RFC 9110 §5.1, §5.5, §5.6.2), checked by every
 * codec that hands a server's header on: the HTTP/1.1 parsers byte by byte, the CGI head parser
 * on the decoded line (ISO-8859-1, one char per byte). What passes here the HTTP/1.1 frontend
 * writes as is (Helidon's response-header validation is off there: FrontendListener).
 */
public final class FieldSyntax {
    private static final String TCHARS =
            "!#$%&'*+-.^_`|~0123456789ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz";
    private static final long TCHAR_LO = bits(TCHARS, 0);
    private static final long TCHAR_HI = bits(TCHARS, 64);

    private FieldSyntax() {
    }

    /** RFC 9110 §5.6.2 tchar: a byte of a field name or a method. */
    public static boolean isTchar(byte b) {
        return b >= 0 && ((b < 64 ? TCHAR_LO >>> b : TCHAR_HI >>> (b - 64)) & 1L) != 0;
    }

    /** HTAB, SP, VCHAR or obs-text: what a field value or a reason phrase may hold. */
    public static boolean isTextByte(byte b) {
        return b < 0 || (b >= 0x20 && b != 0x7F) || b == '\t';
    }

    /** Whether {@code s} (ISO-8859-1 text) is a non-empty token: a valid field name. */
    public static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0x7F || !isTchar((byte) c)) {
                return false;
            }
        }
        return true;
    }

    /** Whether {@code s} (ISO-8859-1 text) holds only field-value bytes: no control byte but HTAB. */
    public static boolean isText(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c > 0xFF || !isTextByte((byte) c)) {
                return false;
            }
        }
        return true;
    }

    /** The bit mask of the chars of {@code chars} from {@code base} to {@code base + 63}. */
    private static long bits(String chars, int base) {
        long mask = 0;
        for (int i = 0; i < chars.length(); i++) {
            int c = chars.charAt(i) - base;
            if (c >= 0 && c < 64) {
                mask |= 1L << c;
            }
        }
        return mask;
    }
}
