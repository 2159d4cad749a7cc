package dev.weft.mux.fcgi;

import dev.weft.config.FcgiConfig;
import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import dev.weft.http.RequestHead;
import dev.weft.stream.Session;

import java.io.ByteArrayOutputStream;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;

/**
 * Builds the FastCGI parameters of one request the way HAProxy's {@code fcgi-app} does
 * ({@code mux_fcgi.c}, {@code fcgi_set_default_param}), with the CGI meta-variables of RFC 3875 §4.1:
 * <pre>
 * GATEWAY_INTERFACE  CGI/1.1              SERVER_SOFTWARE  weft
 * REQUEST_METHOD     GET                  REQUEST_URI      /app.php/a%20b?x=1   (as received)
 * QUERY_STRING       x=1                  DOCUMENT_URI     /app.php/a b         (decoded path)
 * SCRIPT_NAME        /app.php             PATH_INFO        /a b                 (fcgi.path-info split)
 * SCRIPT_FILENAME    DOCROOT/app.php      PATH_TRANSLATED  DOCROOT/a b          (only with PATH_INFO)
 * DOCUMENT_ROOT      DOCROOT              CONTENT_TYPE, CONTENT_LENGTH          (when there is a body)
 * SERVER_NAME        Host without port    SERVER_PORT, SERVER_ADDR              (where the client connected)
 * REMOTE_ADDR        client IP            REMOTE_PORT      client port
 * SERVER_PROTOCOL    HTTP/1.1             HTTPS            on                   (only over TLS)
 * HTTP_*             every request field but Proxy (httpoxy, CVE-2016-5385), Content-Type and
 *                    Content-Length (given above) and names with '_' (they would alias '-' names)
 * fcgi.param.P       added last: overrides any of the above
 * </pre>
 * A path that ends in {@code /} gets {@code fcgi.index} appended to its script name. The path is
 * percent-decoded for the script name; a path whose decoded form has a {@code .} or {@code ..}
 * segment, a NUL or invalid UTF-8 is refused (it could name a script outside the docroot).
 * Stateless.
 */
final class FcgiParams {
    static final String SOFTWARE = "weft";

    private FcgiParams() {}

    /**
     * Returns the parameters in the order they are sent.
     *
     * @param head       the request as forwarded (X-Forwarded-For already added)
     * @param bodyLength 0 none, &gt; 0 exactly, -1 unknown (no CONTENT_LENGTH: only for checking the
     *                   path early; {@link FcgiStream} sends a spooled body's real length)
     * @param session    the client connection
     * @param app        the backend's fcgi settings
     * @throws ProtocolException when the path cannot name a script safely (see above)
     */
    static Map<String, String> build(RequestHead head, long bodyLength, Session session, FcgiConfig app)
            throws ProtocolException {
        String path = decodePath(head.path());
        String scriptName = path;
        String pathInfo = null;
        Matcher m = app.pathInfo().matcher(path);
        if (m.matches() && m.groupCount() >= 2 && m.group(1) != null) {
            scriptName = m.group(1);
            pathInfo = m.group(2);
        }
        if (scriptName.endsWith("/") && app.index().isPresent()) {
            scriptName = scriptName + app.index().get();
        }
        Map<String, String> p = new LinkedHashMap<>();
        p.put("GATEWAY_INTERFACE", "CGI/1.1");
        p.put("SERVER_SOFTWARE", SOFTWARE);
        p.put("DOCUMENT_ROOT", app.docroot());
        p.put("SCRIPT_NAME", scriptName);
        p.put("SCRIPT_FILENAME", app.docroot() + scriptName);
        if (pathInfo != null && !pathInfo.isEmpty()) {
            p.put("PATH_INFO", pathInfo);
            p.put("PATH_TRANSLATED", app.docroot() + pathInfo);
        }
        p.put("REQUEST_METHOD", head.method());
        p.put("REQUEST_URI", head.target());
        p.put("QUERY_STRING", head.query());
        p.put("DOCUMENT_URI", path);
        contentFields(p, head.headers(), bodyLength);
        p.put("SERVER_NAME", serverName(head.headers().first("Host"), session));
        p.put("SERVER_PORT", Integer.toString(session.localPort()));
        p.put("SERVER_ADDR", session.localIp());
        p.put("REMOTE_ADDR", session.clientIp());
        p.put("REMOTE_PORT", Integer.toString(session.clientPort()));
        p.put("SERVER_PROTOCOL", session.protocol());
        if (session.tls()) {
            p.put("HTTPS", "on");
        }
        httpFields(p, head.headers());
        p.putAll(app.params());
        return p;
    }

    private static void contentFields(Map<String, String> p, HeaderList headers, long bodyLength) {
        String type = headers.first("Content-Type");
        if (type != null) {
            p.put("CONTENT_TYPE", type);
        }
        if (bodyLength > 0) {
            p.put("CONTENT_LENGTH", Long.toString(bodyLength));
        } else if (bodyLength == 0 && type != null) {
            p.put("CONTENT_LENGTH", "0");
        }
    }

    /** HTTP_NAME for each field; repeated fields are joined (RFC 3875 §4.1.18), Cookie with "; ". */
    private static void httpFields(Map<String, String> p, HeaderList headers) {
        for (int i = 0; i < headers.size(); i++) {
            String name = headers.name(i);
            if (name.equalsIgnoreCase("Proxy") || name.equalsIgnoreCase("Content-Type")
                    || name.equalsIgnoreCase("Content-Length") || name.indexOf('_') >= 0) {
                continue;
            }
            String key = "HTTP_" + name.toUpperCase(Locale.ROOT).replace('-', '_');
            String joiner = name.equalsIgnoreCase("Cookie") ? "; " : ", ";
            p.merge(key, headers.value(i), (a, b) -> a + joiner + b);
        }
    }

    /** The Host field without its port ({@code [::1]:80} gives {@code [::1]}), else the local address. */
    static String serverName(String host, Session session) {
        if (host == null || host.isEmpty()) {
            return session.localIp();
        }
        if (host.startsWith("[")) {
            int end = host.indexOf(']');
            return end < 0 ? host : host.substring(0, end + 1);
        }
        int colon = host.indexOf(':');
        return colon < 0 ? host : host.substring(0, colon);
    }

    /**
     * Percent-decodes a request path as UTF-8.
     *
     * @throws ProtocolException for a bad escape, invalid UTF-8, a NUL, or a . or .. segment
     */
    static String decodePath(String raw) throws ProtocolException {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream(raw.length());
        for (int i = 0; i < raw.length(); i++) {
            char c = raw.charAt(i);
            if (c == '%') {
                if (i + 2 >= raw.length() || hex(raw.charAt(i + 1)) < 0 || hex(raw.charAt(i + 2)) < 0) {
                    throw new ProtocolException("bad percent-escape in path '" + raw + "'");
                }
                bytes.write(hex(raw.charAt(i + 1)) * 16 + hex(raw.charAt(i + 2)));
                i += 2;
            } else {
                bytes.writeBytes(String.valueOf(c).getBytes(StandardCharsets.UTF_8));
            }
        }
        String path;
        try {
            path = StandardCharsets.UTF_8.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT)
                    .decode(java.nio.ByteBuffer.wrap(bytes.toByteArray())).toString();
        } catch (CharacterCodingException e) {
            throw new ProtocolException("path '" + raw + "' is not UTF-8 once decoded");
        }
        if (!path.startsWith("/") || path.indexOf('\0') >= 0) {
            throw new ProtocolException("path '" + raw + "' cannot name a script");
        }
        for (String segment : path.split("/", -1)) {
            if (segment.equals(".") || segment.equals("..")) {
                throw new ProtocolException("path '" + raw + "' has a dot segment");
            }
        }
        return path;
    }

    private static int hex(char c) {
        return Character.digit(c, 16);
    }
}
