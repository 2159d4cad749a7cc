package dev.weft.config;

import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * Parsers of the {@code backend.NAME.fcgi.*} values (HAProxy's {@code fcgi-app} directives
 * {@code docroot}, {@code index}, {@code path-info}, {@code set-param}). Stateless.
 */
final class FcgiValues {
    /** A FastCGI parameter name as {@code fcgi.param.P} may give it: CGI meta-variable syntax. */
    private static final Pattern PARAM_NAME = Pattern.compile("[A-Za-z_][A-Za-z0-9_]*");

    private FcgiValues() {}

    /**
     * Accepts an absolute path (on the FastCGI server's file system, not checked here); returns it
     * without a trailing slash, so {@code /} gives the empty string.
     */
    static String docroot(String value) throws BadValue {
        if (!value.startsWith("/") || value.indexOf('\0') >= 0) {
            throw new BadValue("expected an absolute path, got '" + value + "'");
        }
        String v = value;
        while (v.endsWith("/")) {
            v = v.substring(0, v.length() - 1);
        }
        return v;
    }

    /** Accepts a file name (no slash), e.g. {@code index.php}. */
    static String index(String value) throws BadValue {
        if (value.isEmpty() || value.indexOf('/') >= 0 || value.equals(".") || value.equals("..")) {
            throw new BadValue("expected a file name without '/', got '" + value + "'");
        }
        return value;
    }

    /** Accepts a regex with at least two groups: the script name and the path info. */
    static Pattern pathInfo(String value) throws BadValue {
        Pattern p;
        try {
            p = Pattern.compile(value);
        } catch (PatternSyntaxException e) {
            throw new BadValue("expected a regex, got '" + value + "': " + e.getDescription());
        }
        if (p.matcher("").groupCount() < 2) {
            throw new BadValue("expected a regex with two groups (script name, path info), got '" + value + "'");
        }
        return p;
    }

    /** Accepts any text (the parameter's value, possibly empty). */
    static String paramValue(String value) {
        return value;
    }

    /** True when {@code name} may be the P of {@code fcgi.param.P}. */
    static boolean validParamName(String name) {
        return PARAM_NAME.matcher(name).matches();
    }
}
