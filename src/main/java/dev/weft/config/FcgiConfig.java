package dev.weft.config;

import java.util.Map;
import java.util.Optional;
import java.util.regex.Pattern;

/**
 * The {@code backend.NAME.fcgi.*} keys of a backend with FastCGI servers (HAProxy's
 * {@code fcgi-app} section). Immutable.
 *
 * @param docroot  {@code fcgi.docroot}: DOCUMENT_ROOT and the base of SCRIPT_FILENAME, without a
 *                 trailing slash (empty for {@code /})
 * @param index    {@code fcgi.index}: the script for paths that end in {@code /}
 * @param pathInfo {@code fcgi.path-info}: a regex whose group 1 is the script name and group 2
 *                 the path info
 * @param params   {@code fcgi.param.P}: extra parameters, added last (they override weft's)
 */
public record FcgiConfig(String docroot, Optional<String> index, Pattern pathInfo, Map<String, String> params) {

    /** The default {@code fcgi.path-info}: split after the first {@code .php} segment. */
    public static final String DEFAULT_PATH_INFO = "^(/.+?\\.php)(/.*)?$";

    public FcgiConfig {
        params = Map.copyOf(params);
    }
}
