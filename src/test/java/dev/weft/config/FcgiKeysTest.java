package dev.weft.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.util.Map;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

/** The {@code backend.NAME.fcgi.*} keys and the {@code proto=fcgi} server option. */
class FcgiKeysTest {

    private static final String FRONTEND = """
            frontend.web.bind = 127.0.0.1:8080
            frontend.web.default-backend = php
            """;

    @TempDir
    Path dir;

    @Test
    void readsEveryFcgiKeyIntoTypedValues() throws ConfigException {
        BackendConfig php = new TestConfigs(dir).load(FRONTEND + """
                backend.php.server.fpm = 127.0.0.1:9000 proto=fcgi maxconn=8
                backend.php.fcgi.docroot = /var/www/php/
                backend.php.fcgi.index = index.php
                backend.php.fcgi.path-info = ^(/.+\\\\.php)(/.*)?$
                backend.php.fcgi.param.APP_ENV = prod
                backend.php.fcgi.param.SERVER_NAME = www.example
                """).backend("php").orElseThrow();

        assertThat(php.servers().getFirst().proto()).isEqualTo(ServerConfig.Proto.FCGI);
        assertThat(php.servers().getFirst().maxconn()).isEqualTo(8);
        FcgiConfig fcgi = php.fcgi().orElseThrow();
        assertThat(fcgi.docroot()).isEqualTo("/var/www/php");
        assertThat(fcgi.index()).contains("index.php");
        assertThat(fcgi.pathInfo().pattern()).isEqualTo("^(/.+\\.php)(/.*)?$");
        assertThat(fcgi.params()).isEqualTo(Map.of("APP_ENV", "prod", "SERVER_NAME", "www.example"));
    }

    @Test
    void defaultsPathInfoToSplittingAfterTheFirstPhpSegment() throws ConfigException {
        BackendConfig php = new TestConfigs(dir).load(FRONTEND + """
                backend.php.server.fpm = 127.0.0.1:9000 proto=fcgi
                backend.php.fcgi.docroot = /
                """).backend("php").orElseThrow();

        FcgiConfig fcgi = php.fcgi().orElseThrow();
        assertThat(fcgi.docroot()).isEmpty();
        assertThat(fcgi.index()).isEmpty();
        assertThat(fcgi.pathInfo().pattern()).isEqualTo(FcgiConfig.DEFAULT_PATH_INFO);
    }

    @Test
    void shipsAnExampleWhosePathInfoIsTheDefaultOnceUnescaped() throws ConfigException {
        Path example = Path.of(System.getProperty("user.dir")).resolve("conf/examples/fcgi.properties");
        FcgiConfig fcgi = new ConfigLoader(System::getenv).load(example).backend("php").orElseThrow().fcgi().orElseThrow();

        assertThat(fcgi.pathInfo().pattern()).isEqualTo(FcgiConfig.DEFAULT_PATH_INFO);
        assertThat(fcgi.docroot()).isEqualTo("/var/www/app/public");
    }

    @Test
    void leavesFcgiEmptyForABackendWithoutFastCgiServers() throws ConfigException {
        BackendConfig app = new TestConfigs(dir).load(FRONTEND + """
                backend.php.server.s = 127.0.0.1:9000
                """).backend("php").orElseThrow();

        assertThat(app.fcgi()).isEqualTo(Optional.empty());
    }

    @Test
    void refusesAFastCgiServerWithoutDocroot() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems(FRONTEND + """
                backend.php.server.fpm = 127.0.0.1:9000 proto=fcgi
                """)).containsExactly(t.at(3, "backend.php.server.fpm")
                + "a proto=fcgi server needs backend.php.fcgi.docroot (the DOCUMENT_ROOT and base of SCRIPT_FILENAME)");
    }

    @Test
    void refusesBadFcgiValuesWithFileLineAndKey() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems(FRONTEND + """
                backend.php.server.fpm = 127.0.0.1:9000 proto=fcgi
                backend.php.fcgi.docroot = var/www
                backend.php.fcgi.index = a/index.php
                backend.php.fcgi.path-info = ^(/.+\\\\.php)$
                backend.php.fcgi.param.BAD-NAME = x
                """)).containsExactly(
                t.at(4, "backend.php.fcgi.docroot") + "expected an absolute path, got 'var/www'",
                t.at(5, "backend.php.fcgi.index") + "expected a file name without '/', got 'a/index.php'",
                t.at(6, "backend.php.fcgi.path-info")
                        + "expected a regex with two groups (script name, path info), got '^(/.+\\.php)$'",
                t.at(7, "backend.php.fcgi.param.BAD-NAME") + "parameter name 'BAD-NAME' (expected: letters, digits and _)");
    }
}
