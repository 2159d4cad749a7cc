package dev.weft.config;

import dev.weft.config.BackendValues.RetryOnSet;
import dev.weft.config.Settings.Setting;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

import static dev.weft.config.KeyCatalogue.*;

/**
 * Turns parsed {@link Settings} into the records: applies built-in defaults and
 * {@code defaults.*} inheritance, and makes the checks that span keys (a backend has a
 * server, a frontend has somewhere to send requests). Frontends are
 * {@link FrontendAssembler}'s. Records built from a file with problems are incomplete and
 * are thrown away by the loader. Confined to one {@link ConfigLoader#load} call.
 */
final class ConfigAssembler {

    private final Path file;
    private final Settings settings;
    private final Problems problems;

    ConfigAssembler(Path file, Settings settings, Problems problems) {
        this.file = file;
        this.settings = settings;
        this.problems = problems;
    }

    /**
     * Builds the config; records a problem when no frontend exists (nothing to do, as
     * HAProxy's "no &lt;listen&gt; line") and for every frontend or backend problem.
     *
     * @return the config, meaningful only if no problem was recorded
     */
    WeftConfig assemble() {
        Map<String, Setting> frontendSections = settings.sections("frontend");
        Map<String, Setting> backendSections = settings.sections("backend");
        if (frontendSections.isEmpty()) {
            problems.add(0, null, "no frontend: nothing to do (expected: frontend.NAME.bind and somewhere to send requests)");
        }
        List<BackendConfig> backends = new ArrayList<>();
        backendSections.forEach((name, first) -> backends.add(backend(name, first)));
        FrontendAssembler frontendAssembler = new FrontendAssembler(settings, problems, backendSections.keySet());
        List<FrontendConfig> frontends = new ArrayList<>();
        frontendSections.forEach((name, first) -> frontends.add(frontendAssembler.frontend(name, first)));
        return new WeftConfig(file, global(), frontends, backends);
    }

    private GlobalConfig global() {
        return new GlobalConfig(
                settings.valueOrDefault(GLOBAL_MAXCONN),
                settings.valueOrDefault(GLOBAL_LOG),
                settings.valueOrDefault(GLOBAL_LOG_FORMAT),
                settings.valueOrDefault(GLOBAL_JFR),
                settings.valueOrDefault(GLOBAL_JFR_FILE),
                settings.valueOrDefault(GLOBAL_JFR_MAX_AGE),
                settings.valueOrDefault(GLOBAL_BUFSIZE),
                settings.valueOrDefault(GLOBAL_GRACE),
                Optional.empty()); // global.admin.bind is refused as not supported yet
    }

    /** Builds one backend; {@code first} is its first key, where section-wide problems are reported. */
    private BackendConfig backend(String name, Setting first) {
        List<Setting> serverSettings = settings.all(BACKEND_SERVER, name);
        if (serverSettings.isEmpty()) {
            problems.add(first.line(), first.key(), "backend '" + name + "' has no server (expected: backend."
                    + name + ".server.NAME = HOST:PORT)");
        }
        List<ServerConfig> servers = new ArrayList<>();
        for (Setting s : serverSettings) {
            settings.value(BACKEND_SERVER, name, s.names().get(1)).ifPresent(o -> servers.add(o.named(s.names().get(1))));
        }
        RetryOnSet retryOn = settings.inherited(BACKEND_RETRY_ON, name, DEFAULTS_RETRY_ON);
        RetryConfig retry = new RetryConfig(
                settings.inherited(BACKEND_RETRIES, name, DEFAULTS_RETRIES),
                settings.inherited(BACKEND_REDISPATCH, name, DEFAULTS_REDISPATCH),
                retryOn.events(), retryOn.statuses());
        return new BackendConfig(name, settings.valueOrDefault(BACKEND_BALANCE, name), servers, retry,
                settings.inherited(BACKEND_HTTP_REUSE, name, DEFAULTS_HTTP_REUSE),
                settings.inherited(BACKEND_FORWARDFOR, name, DEFAULTS_FORWARDFOR),
                timeouts(settings, BACKEND_TIMEOUT, name), fcgi(name, servers));
    }

    /**
     * The backend's {@code fcgi.*} keys when it has a {@code proto=fcgi} server; records a problem
     * when such a backend has no {@code fcgi.docroot} (SCRIPT_FILENAME needs it, as HAProxy's
     * fcgi-app does) and for a parameter name that is not a CGI meta-variable name.
     */
    private Optional<FcgiConfig> fcgi(String name, List<ServerConfig> servers) {
        Map<String, String> params = new LinkedHashMap<>();
        for (Setting s : settings.all(BACKEND_FCGI_PARAM, name)) {
            String param = s.names().get(1);
            if (!FcgiValues.validParamName(param)) {
                problems.add(s.line(), s.key(), "parameter name '" + param + "' (expected: letters, digits and _)");
            }
            s.value().ifPresent(v -> params.put(param, (String) v));
        }
        Optional<ServerConfig> fastcgi = servers.stream().filter(s -> s.proto() == ServerConfig.Proto.FCGI).findFirst();
        if (fastcgi.isEmpty()) {
            return Optional.empty();
        }
        Optional<String> docroot = settings.value(BACKEND_FCGI_DOCROOT, name);
        if (docroot.isEmpty()) {
            if (settings.setting(BACKEND_FCGI_DOCROOT, name).isEmpty()) {
                Setting server = settings.all(BACKEND_SERVER, name).stream()
                        .filter(s -> s.names().get(1).equals(fastcgi.get().name())).findFirst().orElseThrow();
                problems.add(server.line(), server.key(), "a proto=fcgi server needs backend." + name
                        + ".fcgi.docroot (the DOCUMENT_ROOT and base of SCRIPT_FILENAME)");
            }
            return Optional.empty();
        }
        return Optional.of(new FcgiConfig(docroot.get(), settings.value(BACKEND_FCGI_INDEX, name),
                settings.valueOrDefault(BACKEND_FCGI_PATH_INFO, name), params));
    }

    /**
     * Resolves the seven timeouts of one frontend or backend: its own {@code timeout.*}, else
     * {@code defaults.timeout.*}, else the built-in default.
     *
     * @param own {@link KeyCatalogue#FRONTEND_TIMEOUT} or {@link KeyCatalogue#BACKEND_TIMEOUT}
     */
    static Timeouts timeouts(Settings settings, Map<String, KeySpec<Duration>> own, String name) {
        List<Duration> d = new ArrayList<>();
        for (String timeout : TIMEOUTS) {
            d.add(settings.inherited(own.get(timeout), name, DEFAULTS_TIMEOUT.get(timeout)));
        }
        return new Timeouts(d.get(0), d.get(1), d.get(2), d.get(3), d.get(4), d.get(5), d.get(6));
    }
}
