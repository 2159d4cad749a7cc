package dev.weft.it.config;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.fail;

import java.io.IOException;
import java.io.Reader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.Properties;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.Http11;
import dev.weft.it.support.Ports;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The shipped {@code conf/weft.properties} works out of the box, run as is from the repository
 * root: a frontend on {@code 127.0.0.1:8080} proxies to a backend whose server is a second
 * frontend of the same process answering with {@code return}; {@code GET /} on 8080 answers 200
 * and the access log (stdout) shows a real backend/server for the 8080 frontend.
 */
@ExtendWith(WeftDiagnostics.class)
class DefaultConfigIT {

    private static final String DEFAULT_CONFIG = "conf/weft.properties";
    private static final int DEFAULT_PORT = 8080;

    @Test
    void defaultConfigAnswersOn8080ThroughABackend() throws Exception {
        Path basedir = WeftProcess.basedir();
        Properties conf = load(basedir.resolve(DEFAULT_CONFIG));
        assertThat(conf.getProperty("global.log", "stdout"))
                .as("this test reads the access log from stdout, the default of global.log")
                .isEqualTo("stdout");
        String frontend = frontendBoundTo(conf, DEFAULT_PORT);
        failIfAnyBindIsBusy(conf);

        try (WeftProcess weft = WeftProcess.existingConfig(basedir, DEFAULT_CONFIG).launch();
             HttpClient client = Http11.client()) {
            weft.awaitListening(DEFAULT_PORT);

            HttpResponse<String> response = client.send(
                    Http11.request(URI.create("http://127.0.0.1:" + DEFAULT_PORT + "/")).build(),
                    BodyHandlers.ofString());

            assertThat(response.statusCode()).as(weft::diagnostics).isEqualTo(200);
            AccessLogLine line = weft.awaitLogLine("from frontend " + frontend + " for /",
                    l -> l.frontend().equals(frontend) && l.uri().equals("/"));
            assertThat(line.noServer())
                    .as(() -> "the 8080 frontend must proxy through a backend, not answer locally: " + line
                            + weft.diagnostics())
                    .isFalse();
            assertThat(conf.stringPropertyNames())
                    .as("the logged backend/server %s/%s is declared in %s", line.backend(), line.server(), DEFAULT_CONFIG)
                    .contains("backend." + line.backend() + ".server." + line.server());
            assertThat(line.status()).isEqualTo(200);
            assertThat(line.terminationState()).isEqualTo("--");
        }
    }

    private static Properties load(Path file) throws IOException {
        assertThat(file).as("the repository ships %s", DEFAULT_CONFIG).isRegularFile();
        Properties properties = new Properties();
        try (Reader reader = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            properties.load(reader);
        }
        return properties;
    }

    /** The name of the frontend whose {@code bind} includes {@code :port}. */
    private static String frontendBoundTo(Properties conf, int port) {
        for (String key : conf.stringPropertyNames()) {
            if (key.matches("frontend\\.[^.]+\\.bind")
                    && binds(conf.getProperty(key)).stream().anyMatch(b -> b.port() == port)) {
                return key.substring("frontend.".length(), key.length() - ".bind".length());
            }
        }
        return fail("no frontend in " + DEFAULT_CONFIG + " binds port " + port + ": " + conf);
    }

    /** Fails with a clear message if another process already listens where weft will bind. */
    private static void failIfAnyBindIsBusy(Properties conf) {
        for (String key : conf.stringPropertyNames()) {
            if (!key.matches("frontend\\.[^.]+\\.bind") && !key.equals("global.admin.bind")) {
                continue;
            }
            for (Bind bind : binds(conf.getProperty(key))) {
                if (Ports.accepts(bind.connectHost(), bind.port())) {
                    fail("port " + bind.port() + " (" + key + " in " + DEFAULT_CONFIG + ") is already in use by"
                            + " another process; stop it (e.g. `ss -ltnp 'sport = :" + bind.port() + "'`) and rerun");
                }
            }
        }
    }

    private static List<Bind> binds(String value) {
        List<Bind> binds = new ArrayList<>();
        for (String address : value.split("[,\\s]+")) {
            int colon = address.lastIndexOf(':');
            if (colon > 0) {
                binds.add(new Bind(address.substring(0, colon), Integer.parseInt(address.substring(colon + 1))));
            }
        }
        return binds;
    }

    /** One {@code host:port} of a bind list. */
    private record Bind(String host, int port) {

        /** Where to probe: loopback for wildcard binds, the host without IPv6 brackets otherwise. */
        String connectHost() {
            String bare = host.replace("[", "").replace("]", "");
            return Optional.of(bare).filter(h -> !h.isEmpty() && !h.equals("*") && !h.equals("0.0.0.0")
                    && !h.equals("::")).orElse("127.0.0.1");
        }
    }
}
