package dev.weft.config;

import dev.weft.config.Condition.PathPrefix;
import dev.weft.config.RetryConfig.RetryOn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

/** The example of {@code shared/spec/config.md}, copied verbatim: what is refused today, and what the rest means. */
class SpecExampleTest {

    private static final String EXAMPLE = """
            global.admin.bind = 127.0.0.1:8404
            global.jfr = on

            defaults.timeout.connect = 2s
            defaults.retries = 3
            defaults.redispatch = on
            defaults.retry-on = conn-failure empty-response response-timeout

            frontend.web.bind = 127.0.0.1:8080
            frontend.web.protocols = h1,h2c
            frontend.web.route.10 = path-prefix /php/ -> php
            frontend.web.default-backend = app

            backend.app.balance = roundrobin
            backend.app.check = http
            backend.app.check.path = /health
            backend.app.server.s1 = 127.0.0.1:9001 weight=10 maxconn=200
            backend.app.server.s2 = 127.0.0.1:9002 proto=h2

            backend.php.server.fpm = 127.0.0.1:9000 proto=fcgi
            backend.php.fcgi.docroot = /var/www/php
            backend.php.fcgi.index = index.php
            """;

    @TempDir
    Path dir;

    @Test
    void refusesExactlyTheNotYetSupportedPartsOfTheSpecExample() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems(EXAMPLE)).containsExactly(
                t.at(1, "global.admin.bind") + "not supported yet",
                t.at(15, "backend.app.check") + "not supported yet",
                t.at(16, "backend.app.check.path") + "not supported yet");
    }

    @Test
    void loadsTheSupportedRestOfTheSpecExample() throws ConfigException {
        String supported = EXAMPLE.lines()
                .filter(l -> !l.startsWith("global.admin") && !l.contains(".check"))
                .reduce("", (a, b) -> a + b + "\n");
        WeftConfig config = new TestConfigs(dir).load(supported);

        assertThat(config.global().jfr()).isTrue();
        FrontendConfig web = config.frontends().getFirst();
        assertThat(web.routes()).containsExactly(new RouteConfig(10, new PathPrefix("/php/"), "php"));
        assertThat(web.defaultBackend()).contains("app");
        assertThat(web.timeouts().connect()).isEqualTo(Duration.ofSeconds(2));
        assertThat(config.backends()).extracting(BackendConfig::name).containsExactly("app", "php");
        BackendConfig app = config.backend("app").orElseThrow();
        assertThat(app.servers()).extracting(ServerConfig::name).containsExactly("s1", "s2");
        assertThat(app.servers().getFirst().weight()).isEqualTo(10);
        assertThat(app.servers().getFirst().maxconn()).isEqualTo(200);
        assertThat(app.servers().get(1).proto()).isEqualTo(ServerConfig.Proto.H2);
        assertThat(app.retry()).isEqualTo(new RetryConfig(3, 1,
                Set.of(RetryOn.CONN_FAILURE, RetryOn.EMPTY_RESPONSE, RetryOn.RESPONSE_TIMEOUT), Set.of()));
        BackendConfig php = config.backend("php").orElseThrow();
        assertThat(php.servers().getFirst().proto()).isEqualTo(ServerConfig.Proto.FCGI);
        assertThat(php.fcgi().orElseThrow().docroot()).isEqualTo("/var/www/php");
        assertThat(php.fcgi().orElseThrow().index()).contains("index.php");
    }
}
