package dev.weft.mux.fcgi;

import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import dev.weft.http.ResponseHead;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Turns the start of a FastCGI STDOUT stream, a CGI response head (RFC 3875 §6), into a
 * {@link ResponseHead}: header lines ended by LF or CRLF up to an empty line. The status comes
 * from the CGI {@code Status:} field ({@code Status: 404 Not Found}), else 302 when a
 * {@code Location} is given (a CGI client redirect), else 200. {@code Status} is removed, as is
 * {@code Transfer-Encoding} (CGI output is not framed; the proxy frames the body itself).
 * Repeated fields (Set-Cookie) are kept in order. Bytes may arrive in any split.
 * Confined to one stream's thread; one instance per response.
 */
final class CgiHeadParser {
    /** RFC 9110 §5.6.2: the visible ASCII characters a token may not hold. */
    private static final String DELIMITERS = "\"(),/:;<=>?@[\\]{}";
    private final int maxHead;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private final HeaderList headers = new HeaderList();
    private int size;

    /** @param maxHead the largest head accepted, in bytes */
    CgiHeadParser(int maxHead) {
        this.maxHead = maxHead;
    }

    /**
     * Consumes head bytes from {@code in} (read mode), up to and including the empty line that
     * ends the head; body bytes after it are left in {@code in}.
     *
     * @return the head once complete, else null (all of {@code in} consumed)
     * @throws ProtocolException for a line without a colon, a name that is not a token, a value
     *         with a control byte (but HTAB), a bad Status, or a head over the limit
     */
    ResponseHead feed(ByteBuffer in) throws ProtocolException {
        while (in.hasRemaining()) {
            byte b = in.get();
            if (++size > maxHead) {
                throw new ProtocolException("CGI response head larger than " + maxHead + " bytes");
            }
            if (b != '\n') {
                line.write(b);
                continue;
            }
            String text = line.toString(StandardCharsets.ISO_8859_1);
            line.reset();
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.isEmpty()) {
                return head();
            }
            field(text);
        }
        return null;
    }

    private void field(String text) throws ProtocolException {
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new ProtocolException("CGI header line without a name: '" + shorten(text) + "'");
        }
        String name = text.substring(0, colon).trim();
        if (!isToken(name)) {
            throw new ProtocolException("CGI header line with a bad name: '" + shorten(text) + "'");
        }
        String value = text.substring(colon + 1).trim();
        if (!isFieldValue(value)) {
            // a CR or NUL inside a value would be written to an HTTP/1.1 client as is
            throw new ProtocolException("CGI header value with a control byte: '" + shorten(text) + "'");
        }
        headers.add(name, value);
    }

    /**
     * RFC 9110 §5.6.2 token: one or more visible ASCII characters but the delimiters. The same
     * check as frontend.HelidonExchange's, kept twice on purpose: one shared class for both
     * measured about 5 % less h2-front req/s in both orders of scripts/paired.sh (8 pairs each),
     * as session 13's FieldSyntax did (BENCHMARKS.md, session 14's second reading).
     */
    private static boolean isToken(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= ' ' || c >= 0x7F || DELIMITERS.indexOf(c) >= 0) {
                return false;
            }
        }
        return !s.isEmpty();
    }

    /** RFC 9110 §5.5 field value (ISO-8859-1 text): HTAB, SP, visible ASCII and obs-text; no other control byte. */
    private static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < ' ' && c != '\t') || c == 0x7F || c > 0xFF) {
                return false;
            }
        }
        return true;
    }

    private ResponseHead head() throws ProtocolException {
        String status = headers.first("Status");
        headers.remove("Status");
        headers.remove("Transfer-Encoding");
        if (status != null) {
            return statusLine(status);
        }
        if (headers.contains("Location")) {
            return new ResponseHead(302, "Found", "HTTP/1.1", headers);
        }
        return new ResponseHead(200, "OK", "HTTP/1.1", headers);
    }

    /** {@code Status: 404 Not Found} or {@code Status: 404}. */
    private ResponseHead statusLine(String value) throws ProtocolException {
        int sp = value.indexOf(' ');
        String code = sp < 0 ? value : value.substring(0, sp);
        if (code.length() != 3 || !code.chars().allMatch(Character::isDigit)) {
            throw new ProtocolException("CGI Status '" + shorten(value) + "' (expected: 3 digits and a reason)");
        }
        int status = Integer.parseInt(code);
        if (status < 200 || status > 599) {
            throw new ProtocolException("CGI Status " + status + " (expected: 200..599; CGI has no interim responses)");
        }
        return new ResponseHead(status, sp < 0 ? "" : value.substring(sp + 1).trim(), "HTTP/1.1", headers);
    }

    private static String shorten(String s) {
        return s.length() > 60 ? s.substring(0, 60) + "..." : s;
    }
}
