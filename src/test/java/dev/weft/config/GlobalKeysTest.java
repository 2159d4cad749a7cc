package dev.weft.config;

import dev.weft.config.GlobalConfig.LogFormat;
import dev.weft.config.GlobalConfig.LogTarget;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class GlobalKeysTest {

    @TempDir
    Path dir;

    @Test
    void usesTheSpecDefaultsWhenNoGlobalKeyIsSet() throws ConfigException {
        GlobalConfig global = new TestConfigs(dir).load(TestConfigs.MINIMAL).global();
        assertThat(global).isEqualTo(new GlobalConfig(10000, new LogTarget.Stdout(), LogFormat.HAPROXY, false,
                Path.of("weft.jfr"), Duration.ofHours(1), 16 * 1024, Duration.ofSeconds(10), Optional.empty()));
    }

    @Test
    void readsEveryGlobalKey() throws ConfigException {
        GlobalConfig global = new TestConfigs(dir).load("""
                global.maxconn = 500
                global.log = /var/log/weft/access.log
                global.log.format = json
                global.jfr = on
                global.jfr.file = /tmp/w.jfr
                global.jfr.max-age = 30m
                global.tune.bufsize = 64k
                global.grace = 2500
                """ + TestConfigs.MINIMAL).global();
        assertThat(global).isEqualTo(new GlobalConfig(500, new LogTarget.File(Path.of("/var/log/weft/access.log")),
                LogFormat.JSON, true, Path.of("/tmp/w.jfr"), Duration.ofMinutes(30), 64 * 1024,
                Duration.ofMillis(2500), Optional.empty()));
    }

    @Test
    void logOffAndStdoutAreWordsNotFiles() throws ConfigException {
        assertThat(new TestConfigs(dir).load("global.log = off\n" + TestConfigs.MINIMAL).global().log())
                .isEqualTo(new LogTarget.Off());
        assertThat(new TestConfigs(dir).load("global.log = stdout\n" + TestConfigs.MINIMAL).global().log())
                .isEqualTo(new LogTarget.Stdout());
    }

    @Test
    void reportsEachBadGlobalValueWithFileLineAndKey() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("""
                global.maxconn = 0
                global.log.format = xml
                global.jfr = yes
                global.jfr.max-age = forever
                global.tune.bufsize = 0
                global.grace = 10 s
                global.log =
                """ + TestConfigs.MINIMAL)).containsExactly(
                t.at(1, "global.maxconn") + "expected a positive integer, got '0'",
                t.at(2, "global.log.format") + "expected one of haproxy, json, got 'xml'",
                t.at(3, "global.jfr") + "expected on or off (or true/false), got 'yes'",
                t.at(4, "global.jfr.max-age") + "expected a duration like 250ms, 5s, 2m or 1h, got 'forever'",
                t.at(5, "global.tune.bufsize") + "expected a positive size, got '0'",
                t.at(6, "global.grace") + "expected a duration like 250ms, 5s, 2m or 1h, got '10 s'",
                t.at(7, "global.log") + "expected a file path, got ''");
    }

    @Test
    void refusesAdminBindAsNotSupportedYet() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("global.admin.bind = 127.0.0.1:8404\n" + TestConfigs.MINIMAL))
                .containsExactly(t.at(1, "global.admin.bind") + "not supported yet");
    }
}
