package dev.weft.config;

import dev.weft.config.BackendConfig.HttpReuse;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;
import org.junit.jupiter.params.provider.ValueSource;

import java.time.Duration;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ValuesTest {

    @ParameterizedTest
    @CsvSource({"250ms, 250", "5s, 5000", "2m, 120000", "1h, 3600000", "1d, 86400000", "1500, 1500", "0, 0"})
    void parsesDurationsWithUnitsAndBareMilliseconds(String text, long millis) throws BadValue {
        assertThat(Values.duration(text)).isEqualTo(Duration.ofMillis(millis));
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "five", "5 s", "-5s", "1.5s", "5S", "5sec", "s"})
    void refusesBadDurationsSayingWhatIsExpected(String text) {
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.duration(text))
                .withMessage("expected a duration like 250ms, 5s, 2m or 1h, got '" + text + "'");
    }

    @Test
    void refusesADurationTooLargeToRepresent() {
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.duration("99999999999999999999d"))
                .withMessageStartingWith("duration too large");
    }

    @ParameterizedTest
    @CsvSource({"512, 512", "16k, 16384", "16K, 16384", "1m, 1048576", "1g, 1073741824", "0, 0"})
    void parsesSizesInBinaryMultiples(String text, long bytes) throws BadValue {
        assertThat(Values.size(text)).isEqualTo(bytes);
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "big", "16kb", "1.5m", "-1", "1t"})
    void refusesBadSizes(String text) {
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.size(text))
                .withMessage("expected a size like 512, 16k, 1m or 1g, got '" + text + "'");
    }

    @Test
    void positiveSizeRefusesZero() {
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.positiveSize("0"))
                .withMessage("expected a positive size, got '0'");
    }

    @Test
    void refusesASizeThatOverflows() {
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.size("9999999999999g"))
                .withMessageStartingWith("size too large");
    }

    @Test
    void parsesBooleansOnOffTrueFalse() throws BadValue {
        assertThat(List.of(Values.bool("on"), Values.bool("true"), Values.bool("off"), Values.bool("false")))
                .containsExactly(true, true, false, false);
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.bool("yes"))
                .withMessage("expected on or off (or true/false), got 'yes'");
    }

    @Test
    void parsesIntegersAndRefusesSignsOverflowAndWords() throws BadValue {
        assertThat(Values.nonNegativeInt("0")).isZero();
        assertThat(Values.positiveInt("42")).isEqualTo(42);
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.nonNegativeInt("three"))
                .withMessage("expected a non-negative integer, got 'three'");
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.nonNegativeInt("-1"))
                .withMessage("expected a non-negative integer, got '-1'");
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.positiveInt("0"))
                .withMessage("expected a positive integer, got '0'");
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.positiveInt("99999999999"))
                .withMessage("expected a positive integer, got '99999999999'");
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.positiveInt("+3"));
    }

    @Test
    void splitsListsOnSpacesAndCommas() {
        assertThat(Values.list(" a, b  c,,d ")).containsExactly("a", "b", "c", "d");
        assertThat(Values.list("")).isEmpty();
    }

    @Test
    void parsesKeywordsOfAnEnumInLowerCase() throws BadValue {
        assertThat(Values.keyword("aggressive", HttpReuse.class)).isEqualTo(HttpReuse.AGGRESSIVE);
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.keyword("SAFE", HttpReuse.class))
                .withMessage("expected one of never, safe, aggressive, always, got 'SAFE'");
    }

    @Test
    void parsesHostPortIncludingBracketedIpv6() throws BadValue {
        assertThat(Values.hostPort("127.0.0.1:8080")).isEqualTo(new HostPort("127.0.0.1", 8080));
        assertThat(Values.hostPort("example.com:1")).isEqualTo(new HostPort("example.com", 1));
        assertThat(Values.hostPort("[::1]:65535")).isEqualTo(new HostPort("::1", 65535));
        assertThat(Values.hostPort("[::1]:80")).hasToString("[::1]:80");
    }

    @Test
    void refusesBadHostPorts() {
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.hostPort("localhost"))
                .withMessage("expected HOST:PORT, got 'localhost'");
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.hostPort(":80"))
                .withMessage("expected HOST:PORT, got ':80' (empty host)");
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.hostPort("h:0"))
                .withMessage("port: 0 (expected: 1..65535) in 'h:0'");
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.hostPort("h:65536"))
                .withMessage("port: 65536 (expected: 1..65535) in 'h:65536'");
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.hostPort("h:"))
                .withMessage("port: '' (expected: 1..65535) in 'h:'");
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.hostPort("::1:80"))
                .withMessage("IPv6 addresses need brackets, like [::1]:80, got '::1:80'");
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.hostPort("[::1]80"))
                .withMessage("expected [IPV6]:PORT, got '[::1]80'");
    }

    @Test
    void namesAreLettersDigitsDashAndUnderscore() throws BadValue {
        assertThat(Values.isName("app-2_x")).isTrue();
        assertThat(Values.isName("a b")).isFalse();
        assertThat(Values.isName("")).isFalse();
        assertThat(Values.backendName("app")).isEqualTo("app");
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> Values.backendName("a/b"))
                .withMessage("expected a backend name (letters, digits, '-' or '_'), got 'a/b'");
    }
}
