package dev.weft.config;

import dev.weft.config.BackendConfig.Balance;
import dev.weft.config.BackendConfig.HttpReuse;
import dev.weft.config.BackendValues.RetryOnSet;
import dev.weft.config.ConditionParser.RouteTarget;
import dev.weft.config.FrontendConfig.FrontendProtocol;
import dev.weft.config.GlobalConfig.LogFormat;
import dev.weft.config.GlobalConfig.LogTarget;
import dev.weft.config.ServerParser.ServerOptions;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Every key weft knows, once, with its type, default and one-line doc: the single source the
 * loader checks keys against, parses values with, and takes defaults from (the way Helidon's
 * config blueprints and Armeria's {@code Flags} declare options). Keys weft knows but does not
 * implement yet are listed too, so that they are refused with {@code not supported yet}
 * rather than {@code unknown key}. The spec is {@code shared/spec/config.md}.
 *
 * <p>Immutable: only constants.
 */
final class KeyCatalogue {

    // Value types: each one is a description and a parser.
    static final ValueType<Integer> POSITIVE_INT = new ValueType<>("integer > 0", Values::positiveInt);
    static final ValueType<Integer> NON_NEGATIVE_INT = new ValueType<>("integer >= 0", Values::nonNegativeInt);
    static final ValueType<Duration> DURATION = new ValueType<>("duration (250ms, 5s, 2m, 1h; bare = ms)", Values::duration);
    static final ValueType<Long> POSITIVE_SIZE = new ValueType<>("size > 0 (512, 16k, 1m, 1g)", Values::positiveSize);
    static final ValueType<Boolean> BOOL = new ValueType<>("on|off", Values::bool);
    static final ValueType<Path> PATH = new ValueType<>("file path", Values::path);
    static final ValueType<LogTarget> LOG_TARGET = new ValueType<>("stdout|off|file path", KeyCatalogue::logTarget);
    static final ValueType<LogFormat> LOG_FORMAT = new ValueType<>("haproxy|json", v -> Values.keyword(v, LogFormat.class));
    static final ValueType<List<HostPort>> BINDS = new ValueType<>("HOST:PORT list", FrontendValues::binds);
    static final ValueType<Set<FrontendProtocol>> PROTOCOLS = new ValueType<>("list of h1, h2c", FrontendValues::protocols);
    static final ValueType<String> BACKEND_NAME = new ValueType<>("backend name", Values::backendName);
    static final ValueType<RouteTarget> ROUTE = new ValueType<>("CONDITION -> BACKEND", ConditionParser::route);
    static final ValueType<ReturnConfig> RETURN = new ValueType<>("STATUS CONTENT-TYPE TEXT...", FrontendValues::returns);
    static final ValueType<Balance> BALANCE = new ValueType<>("roundrobin|leastconn|first", BackendValues::balance);
    static final ValueType<ServerOptions> SERVER = new ValueType<>("HOST:PORT [OPTION...]", ServerParser::parse);
    static final ValueType<Integer> REDISPATCH = new ValueType<>("on|off|N|-1", BackendValues::redispatch);
    static final ValueType<RetryOnSet> RETRY_ON = new ValueType<>("retry-on words", BackendValues::retryOn);
    static final ValueType<String> DOCROOT = new ValueType<>("absolute path", FcgiValues::docroot);
    static final ValueType<String> INDEX = new ValueType<>("file name", FcgiValues::index);
    static final ValueType<Pattern> PATH_INFO = new ValueType<>("regex with two groups", FcgiValues::pathInfo);
    static final ValueType<String> TEXT = new ValueType<>("text", FcgiValues::paramValue);
    static final ValueType<HttpReuse> HTTP_REUSE = new ValueType<>("never|safe|aggressive|always", v -> Values.keyword(v, HttpReuse.class));

    /** The timeout names, in the order of {@link Timeouts}' components. */
    static final List<String> TIMEOUTS = List.of("connect", "client", "server", "queue", "http-request", "http-keep-alive", "check");

    // global
    static final KeySpec<Integer> GLOBAL_MAXCONN = key("global.maxconn", POSITIVE_INT, "10000",
            "concurrent client connections; beyond it new ones wait in the accept backlog");
    static final KeySpec<String> GLOBAL_ADMIN_BIND = notYet("global.admin.bind", "HOST:PORT", "unset (off)",
            "admin listener: stats page, /stats.csv, /metrics, runtime API");
    static final KeySpec<LogTarget> GLOBAL_LOG = key("global.log", LOG_TARGET, "stdout", "access log target");
    static final KeySpec<LogFormat> GLOBAL_LOG_FORMAT = key("global.log.format", LOG_FORMAT, "haproxy",
            "HAProxy's HTTP log format (timers, termination state) or one JSON object per line");
    static final KeySpec<Boolean> GLOBAL_JFR = key("global.jfr", BOOL, "off", "start a JFR recording of weft events at boot");
    static final KeySpec<Path> GLOBAL_JFR_FILE = key("global.jfr.file", PATH, "weft.jfr",
            "where that recording is written (on exit and on the runtime API's dump)");
    static final KeySpec<Duration> GLOBAL_JFR_MAX_AGE = key("global.jfr.max-age", DURATION, "1h",
            "how much history the recording keeps");
    static final KeySpec<Long> GLOBAL_BUFSIZE = key("global.tune.bufsize", POSITIVE_SIZE, "16k",
            "the most request body kept for replay by L7 retries; larger bodies are not retried once sent");
    static final KeySpec<Duration> GLOBAL_GRACE = key("global.grace", DURATION, "10s",
            "weft's own: how long SIGTERM waits for in-flight streams before closing them");

    // defaults
    static final Map<String, KeySpec<Duration>> DEFAULTS_TIMEOUT = defaultsTimeouts();
    static final KeySpec<Integer> DEFAULTS_RETRIES = key("defaults.retries", NON_NEGATIVE_INT, "3",
            "extra attempts after a failed one (retries)");
    static final KeySpec<Integer> DEFAULTS_REDISPATCH = key("defaults.redispatch", REDISPATCH, "on",
            "on: a retry may go to another server; off; N: every Nth retry; -1: only the last (option redispatch)");
    static final KeySpec<RetryOnSet> DEFAULTS_RETRY_ON = key("defaults.retry-on", RETRY_ON, "conn-failure",
            "what may be retried: conn-failure empty-response junk-response response-timeout 404 408 425 500 501 502 503 504 all-retryable-errors none");
    static final KeySpec<HttpReuse> DEFAULTS_HTTP_REUSE = key("defaults.http-reuse", HTTP_REUSE, "safe",
            "idle server connection sharing between client connections (http-reuse)");
    static final KeySpec<Boolean> DEFAULTS_FORWARDFOR = key("defaults.forwardfor", BOOL, "on",
            "add X-Forwarded-For (option forwardfor)");

    // frontend.NAME
    static final KeySpec<List<HostPort>> FRONTEND_BIND = required("frontend.NAME.bind", BINDS,
            "one or more HOST:PORT to listen on, comma separated");
    static final KeySpec<Set<FrontendProtocol>> FRONTEND_PROTOCOLS = key("frontend.NAME.protocols", PROTOCOLS, "h1,h2c",
            "h1, h2c (HTTP/2 cleartext: prior knowledge and Upgrade)");
    static final KeySpec<String> FRONTEND_TLS_CERT = notYet("frontend.NAME.tls.cert", "PEM files", "unset",
            "certificates (chosen by SNI); turn on TLS with ALPN");
    static final KeySpec<String> FRONTEND_TLS_KEY = notYet("frontend.NAME.tls.key", "PEM files", "unset",
            "private keys of tls.cert");
    static final KeySpec<String> FRONTEND_DEFAULT_BACKEND = optional("frontend.NAME.default-backend", BACKEND_NAME,
            "backend for requests that match no route");
    static final KeySpec<RouteTarget> FRONTEND_ROUTE = optional("frontend.NAME.route.N", ROUTE,
            "CONDITION -> BACKEND; routes are tried in ascending N, first match wins");
    static final KeySpec<ReturnConfig> FRONTEND_RETURN = optional("frontend.NAME.return", RETURN,
            "answer every request directly, no backend (http-request return)");
    static final KeySpec<Integer> FRONTEND_MAXCONN = new KeySpec<>("frontend.NAME.maxconn", POSITIVE_INT, Optional.of(0),
            "unset (global.maxconn only)", "per-frontend connection limit", true);
    static final KeySpec<Integer> FRONTEND_H2_MAX_STREAMS = key("frontend.NAME.h2.max-concurrent-streams", POSITIVE_INT,
            "100", "streams one HTTP/2 client connection may have open at once (SETTINGS_MAX_CONCURRENT_STREAMS)");
    static final Map<String, KeySpec<Duration>> FRONTEND_TIMEOUT = overrideTimeouts("frontend.NAME.timeout.");

    // backend.NAME
    static final KeySpec<Balance> BACKEND_BALANCE = key("backend.NAME.balance", BALANCE, "roundrobin",
            "load-balancing algorithm (roundrobin is weighted)");
    static final KeySpec<String> BACKEND_HASH_TYPE = notYet("backend.NAME.hash-type", "map-based|consistent", "map-based",
            "hashing for the hash-based balance algorithms");
    static final KeySpec<ServerOptions> BACKEND_SERVER = optional("backend.NAME.server.SNAME", SERVER,
            "HOST:PORT [proto=h1|h2|fcgi] [weight=N] [maxconn=N] [backup] [disabled]; kept in file order");
    static final KeySpec<Integer> BACKEND_RETRIES = inherits("backend.NAME.retries", DEFAULTS_RETRIES);
    static final KeySpec<Integer> BACKEND_REDISPATCH = inherits("backend.NAME.redispatch", DEFAULTS_REDISPATCH);
    static final KeySpec<RetryOnSet> BACKEND_RETRY_ON = inherits("backend.NAME.retry-on", DEFAULTS_RETRY_ON);
    static final KeySpec<HttpReuse> BACKEND_HTTP_REUSE = inherits("backend.NAME.http-reuse", DEFAULTS_HTTP_REUSE);
    static final KeySpec<Boolean> BACKEND_FORWARDFOR = inherits("backend.NAME.forwardfor", DEFAULTS_FORWARDFOR);
    static final Map<String, KeySpec<Duration>> BACKEND_TIMEOUT = overrideTimeouts("backend.NAME.timeout.");
    static final List<KeySpec<?>> BACKEND_NOT_YET = List.of(
            notYet("backend.NAME.check", "off|tcp|http", "off", "active health checks"),
            notYet("backend.NAME.check.path", "path", "/", "path of http checks"),
            notYet("backend.NAME.check.expect", "status 200[-399]", "status 200", "what an http check expects"),
            notYet("backend.NAME.check.interval", "duration", "2s", "time between checks (inter)"),
            notYet("backend.NAME.check.rise", "integer", "2", "successes before a server is up (rise)"),
            notYet("backend.NAME.check.fall", "integer", "3", "failures before a server is down (fall)"),
            notYet("backend.NAME.check.fastinter", "duration", "check.interval", "interval while a server changes state"),
            notYet("backend.NAME.check.downinter", "duration", "check.interval", "interval while a server is down"),
            notYet("backend.NAME.observe", "off|layer4|layer7", "off", "passive checks on live traffic"),
            notYet("backend.NAME.error-limit", "integer", "10", "consecutive errors before on-error acts"),
            notYet("backend.NAME.on-error", "fastinter|fail-check|mark-down", "fail-check", "what too many errors do"),
            notYet("backend.NAME.tls.ca", "PEM file", "JDK trust store", "CAs that verify servers with the tls option"));
    static final KeySpec<String> BACKEND_FCGI_DOCROOT = optional("backend.NAME.fcgi.docroot", DOCROOT,
            "DOCUMENT_ROOT and base of SCRIPT_FILENAME (fcgi-app docroot); required with a proto=fcgi server");
    static final KeySpec<String> BACKEND_FCGI_INDEX = optional("backend.NAME.fcgi.index", INDEX,
            "script for paths that end in / (index)");
    static final KeySpec<Pattern> BACKEND_FCGI_PATH_INFO = key("backend.NAME.fcgi.path-info", PATH_INFO,
            FcgiConfig.DEFAULT_PATH_INFO, "split of script name (group 1) and path info (group 2) (path-info)");
    static final KeySpec<String> BACKEND_FCGI_PARAM = optional("backend.NAME.fcgi.param.P", TEXT,
            "extra FastCGI parameter P, overriding weft's own (set-param)");

    /** Every key, in documentation order. */
    static final List<KeySpec<?>> ALL = all();

    private KeyCatalogue() {}

    private static LogTarget logTarget(String value) throws BadValue {
        return switch (value) {
            case "stdout" -> new LogTarget.Stdout();
            case "off" -> new LogTarget.Off();
            default -> new LogTarget.File(Values.path(value));
        };
    }

    /** A key with a built-in default, given as text and parsed by the key's own type. */
    private static <T> KeySpec<T> key(String pattern, ValueType<T> type, String defaultText, String doc) {
        try {
            return new KeySpec<>(pattern, type, Optional.of(type.parse(defaultText)), defaultText, doc, true);
        } catch (BadValue e) {
            throw new IllegalStateException("catalogue default of " + pattern + " does not parse: " + e.getMessage(), e);
        }
    }

    private static <T> KeySpec<T> required(String pattern, ValueType<T> type, String doc) {
        return new KeySpec<>(pattern, type, Optional.empty(), "required", doc, true);
    }

    private static <T> KeySpec<T> optional(String pattern, ValueType<T> type, String doc) {
        return new KeySpec<>(pattern, type, Optional.empty(), "unset", doc, true);
    }

    /** A frontend or backend key that overrides {@code parent}, a {@code defaults.*} key. */
    private static <T> KeySpec<T> inherits(String pattern, KeySpec<T> parent) {
        return new KeySpec<>(pattern, parent.type(), Optional.empty(), parent.pattern(), "overrides " + parent.pattern(), true);
    }

    private static KeySpec<String> notYet(String pattern, String type, String defaultText, String doc) {
        return new KeySpec<>(pattern, ValueType.describedOnly(type), Optional.empty(), defaultText, doc, false);
    }

    private static Map<String, KeySpec<Duration>> defaultsTimeouts() {
        List<String> defaults = List.of("5s", "30s", "30s", "30s", "10s", "5s", "2s");
        List<String> docs = List.of(
                "one connection attempt to a server (timeout connect)",
                "client inactivity (timeout client)",
                "server inactivity, incl. waiting for the response (timeout server)",
                "time a stream may wait for a server slot (timeout queue)",
                "time to receive a complete request head (timeout http-request)",
                "idle time between requests on a client connection (timeout http-keep-alive)",
                "one health check (timeout check)");
        Map<String, KeySpec<Duration>> map = new LinkedHashMap<>();
        for (int i = 0; i < TIMEOUTS.size(); i++) {
            map.put(TIMEOUTS.get(i), key("defaults.timeout." + TIMEOUTS.get(i), DURATION, defaults.get(i), docs.get(i)));
        }
        return Collections.unmodifiableMap(map);
    }

    private static Map<String, KeySpec<Duration>> overrideTimeouts(String prefix) {
        Map<String, KeySpec<Duration>> map = new LinkedHashMap<>();
        for (String name : TIMEOUTS) {
            map.put(name, inherits(prefix + name, DEFAULTS_TIMEOUT.get(name)));
        }
        return Collections.unmodifiableMap(map);
    }

    private static List<KeySpec<?>> all() {
        List<KeySpec<?>> all = new ArrayList<>(List.of(GLOBAL_MAXCONN, GLOBAL_ADMIN_BIND, GLOBAL_LOG, GLOBAL_LOG_FORMAT,
                GLOBAL_JFR, GLOBAL_JFR_FILE, GLOBAL_JFR_MAX_AGE, GLOBAL_BUFSIZE, GLOBAL_GRACE));
        all.addAll(DEFAULTS_TIMEOUT.values());
        all.addAll(List.of(DEFAULTS_RETRIES, DEFAULTS_REDISPATCH, DEFAULTS_RETRY_ON, DEFAULTS_HTTP_REUSE, DEFAULTS_FORWARDFOR));
        all.addAll(List.of(FRONTEND_BIND, FRONTEND_PROTOCOLS, FRONTEND_TLS_CERT, FRONTEND_TLS_KEY,
                FRONTEND_DEFAULT_BACKEND, FRONTEND_ROUTE, FRONTEND_RETURN, FRONTEND_MAXCONN,
                FRONTEND_H2_MAX_STREAMS));
        all.addAll(FRONTEND_TIMEOUT.values());
        all.addAll(List.of(BACKEND_BALANCE, BACKEND_HASH_TYPE, BACKEND_SERVER, BACKEND_RETRIES, BACKEND_REDISPATCH,
                BACKEND_RETRY_ON, BACKEND_HTTP_REUSE, BACKEND_FORWARDFOR));
        all.addAll(BACKEND_TIMEOUT.values());
        all.addAll(BACKEND_NOT_YET);
        all.addAll(List.of(BACKEND_FCGI_DOCROOT, BACKEND_FCGI_INDEX, BACKEND_FCGI_PATH_INFO, BACKEND_FCGI_PARAM));
        return List.copyOf(all);
    }
}
