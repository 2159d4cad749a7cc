package dev.weft.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ProblemReportingTest {

    @TempDir
    Path dir;

    @Test
    void formatsAProblemAsFileLineKeyMessage() {
        ConfigProblem p = new ConfigProblem(Path.of("conf/x.properties"), 12, "backend.app.retries",
                "expected a non-negative integer, got 'three'");
        assertThat(p).hasToString("conf/x.properties:12: key 'backend.app.retries': expected a non-negative integer, got 'three'");
        assertThat(new ConfigProblem(Path.of("x"), 3, null, "m")).hasToString("x:3: m");
        assertThat(new ConfigProblem(Path.of("x"), 0, null, "m")).hasToString("x: m");
    }

    @Test
    void reportsEveryProblemOfTheFileAtOnceInLineOrder() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("""
                frontend.web.bind = 127.0.0.1:8080
                frontend.web.default-backend = app
                frontend.web.default_backend = app
                backend.app.server.s1 = 127.0.0.1:9001 weight=0
                backend.app.retries = three
                global.maxconn = lots
                backend.app.retries = 4
                backend.app.check = http
                """)).containsExactly(
                t.at(3, "frontend.web.default_backend") + "unknown key; did you mean 'frontend.web.default-backend'?",
                t.at(4, "backend.app.server.s1") + "weight: 0 (expected: 1..256)",
                t.at(5, "backend.app.retries") + "expected a non-negative integer, got 'three'",
                t.at(6, "global.maxconn") + "expected a positive integer, got 'lots'",
                t.at(7, "backend.app.retries") + "duplicate key; first set on line 5",
                t.at(8, "backend.app.check") + "not supported yet");
    }

    @Test
    void theExceptionMessageIsEveryProblemOnePerLine() {
        TestConfigs t = new TestConfigs(dir);
        t.write("global.maxconn = 0\nglobal.jfr = maybe\n" + TestConfigs.MINIMAL);
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> new ConfigLoader(k -> null).load(t.file()))
                .withMessage(t.at(1, "global.maxconn") + "expected a positive integer, got '0'\n"
                        + t.at(2, "global.jfr") + "expected on or off (or true/false), got 'maybe'");
    }

    @Test
    void namesTheFileExactlyAsGivenToLoad() throws IOException {
        Path absolute = Files.writeString(dir.resolve("rel.properties"), "global.maxconn = 0\n" + TestConfigs.MINIMAL);
        Path relative = Path.of("").toAbsolutePath().relativize(absolute);
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> new ConfigLoader(k -> null).load(relative))
                .satisfies(e -> assertThat(e.problems().getFirst().file()).isEqualTo(relative))
                .withMessage(relative + ":1: key 'global.maxconn': expected a positive integer, got '0'");
    }

    @Test
    void theLoadedConfigKeepsThePathAsGiven() throws ConfigException {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.load(TestConfigs.MINIMAL).file()).isEqualTo(t.file());
    }

    @Test
    void suggestsTheClosestKeyForAnUnknownKeyOrNothingWhenNoneIsClose() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems(TestConfigs.MINIMAL + """
                backend.app.servr.s2 = 127.0.0.1:9002
                defaults.timeout.conect = 1s
                listen.web.bind = 127.0.0.1:80
                """)).containsExactly(
                t.at(4, "backend.app.servr.s2") + "unknown key; did you mean 'backend.app.server.s2'?",
                t.at(5, "defaults.timeout.conect") + "unknown key; did you mean 'defaults.timeout.connect'?",
                t.at(6, "listen.web.bind") + "unknown key");
    }

    @Test
    void expandsEnvironmentVariablesFromTheInjectedEnvironment() throws ConfigException {
        TestConfigs t = new TestConfigs(dir, Map.of("APP_HOST", "10.1.2.3", "APP_PORT", "9001", "W", "5"));
        WeftConfig config = t.load("""
                frontend.web.bind = 127.0.0.1:8080
                frontend.web.default-backend = app
                backend.app.server.s1 = ${APP_HOST}:${APP_PORT} weight=${W}
                """);
        ServerConfig s1 = config.backend("app").orElseThrow().servers().getFirst();
        assertThat(s1.address()).isEqualTo(new HostPort("10.1.2.3", 9001));
        assertThat(s1.weight()).isEqualTo(5);
    }

    @Test
    void reportsAMissingEnvironmentVariableByName() {
        TestConfigs t = new TestConfigs(dir, Map.of("APP_HOST", "10.1.2.3"));
        assertThat(t.problems("""
                frontend.web.bind = 127.0.0.1:${WEB_PORT}
                frontend.web.default-backend = app
                backend.app.server.s1 = ${APP_HOST}:${APP_PORT}
                """)).containsExactly(
                t.at(1, "frontend.web.bind") + "environment variable 'WEB_PORT' is not set",
                t.at(3, "backend.app.server.s1") + "environment variable 'APP_PORT' is not set");
    }

    @Test
    void readsContinuationLinesAndReportsTheLineWhereTheKeyStarts() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("""
                frontend.web.bind = 127.0.0.1:8080
                frontend.web.route.1 = path-prefix /api \\
                    and method GET \\
                    -> nowhere
                frontend.web.default-backend = app
                backend.app.server.s1 = 127.0.0.1:9001
                """)).containsExactly(t.at(2, "frontend.web.route.1") + "unknown backend 'nowhere'");
    }

    @Test
    void refusesAFileWithoutFrontend() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("backend.app.server.s1 = 127.0.0.1:9001\n"))
                .containsExactly(t.file() + ": no frontend: nothing to do (expected: frontend.NAME.bind and somewhere to send requests)");
    }

    @Test
    void refusesAMissingFile() {
        Path missing = dir.resolve("nope.properties");
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> new ConfigLoader(k -> null).load(missing))
                .withMessage(missing + ": no such file");
    }

    @Test
    void refusesAFileThatIsNotUtf8() throws IOException {
        Path latin1 = Files.write(dir.resolve("latin1.properties"), new byte[] {'a', '=', (byte) 0xE9, '\n'});
        assertThatExceptionOfType(ConfigException.class).isThrownBy(() -> new ConfigLoader(k -> null).load(latin1))
                .withMessage(latin1 + ": not valid UTF-8");
    }

    @Test
    void ignoresAByteOrderMark() throws ConfigException {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.load("\uFEFF" + TestConfigs.MINIMAL).frontends()).hasSize(1);
    }

    @Test
    void aConfigExceptionNeedsAProblem() {
        assertThatExceptionOfType(IllegalArgumentException.class).isThrownBy(() -> new ConfigException(List.of()));
    }
}
