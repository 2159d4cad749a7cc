package dev.weft.config;

import dev.weft.config.BackendConfig.Balance;
import dev.weft.config.RetryConfig.RetryOn;
import dev.weft.config.ServerConfig.Proto;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class BackendKeysTest {

    private static final String FRONTEND = """
            frontend.web.bind = 127.0.0.1:8080
            frontend.web.default-backend = app
            """;

    @TempDir
    Path dir;

    private BackendConfig app(String backendKeys) throws ConfigException {
        return new TestConfigs(dir).load(FRONTEND + backendKeys).backend("app").orElseThrow();
    }

    private List<String> problems(TestConfigs t, String backendKeys) {
        return t.problems(FRONTEND + backendKeys);
    }

    @Test
    void keepsServersInFileOrderWithTheirOptions() throws ConfigException {
        BackendConfig app = app("""
                backend.app.server.zz = 127.0.0.1:9003
                backend.app.server.aa = 10.0.0.1:9001 weight=10 maxconn=200 proto=h1
                backend.app.server.mm = [::1]:9002 backup disabled weight=256 maxconn=0
                """);
        assertThat(app.servers()).containsExactly(
                new ServerConfig("zz", new HostPort("127.0.0.1", 9003), Proto.H1, 1, 0, false, false),
                new ServerConfig("aa", new HostPort("10.0.0.1", 9001), Proto.H1, 10, 200, false, false),
                new ServerConfig("mm", new HostPort("::1", 9002), Proto.H1, 256, 0, true, true));
    }

    @Test
    void reportsEveryBadServerOptionInTheHouseFormat() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(problems(t, """
                backend.app.server.s1 = 127.0.0.1:9001 weight=0 maxconn=-1 color=blue
                backend.app.server.s2 = 127.0.0.1:9002 weight=257 weight=3 backup=yes
                backend.app.server.s3 = nohost proto=h3 weight
                backend.app.server.s4 =
                """)).containsExactly(
                t.at(3, "backend.app.server.s1") + "weight: 0 (expected: 1..256)",
                t.at(3, "backend.app.server.s1") + "maxconn: -1 (expected: 0 or more, 0 = unlimited)",
                t.at(3, "backend.app.server.s1") + "unknown server option 'color=blue' (expected: proto=, weight=, maxconn=, backup, disabled)",
                t.at(4, "backend.app.server.s2") + "weight: 257 (expected: 1..256)",
                t.at(4, "backend.app.server.s2") + "server option 'weight' given twice",
                t.at(4, "backend.app.server.s2") + "server option 'backup=yes' takes no value",
                t.at(5, "backend.app.server.s3") + "expected HOST:PORT, got 'nohost'",
                t.at(5, "backend.app.server.s3") + "proto: h3 (expected: h1, h2 or fcgi)",
                t.at(5, "backend.app.server.s3") + "weight: missing (expected: 1..256)",
                t.at(6, "backend.app.server.s4") + "expected HOST:PORT [OPTION...], got ''");
    }

    @Test
    void refusesServerOptionsOfLaterWorkAsNotSupportedYet() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(problems(t, """
                backend.app.server.s1 = 127.0.0.1:9001 proto=h2 proto=fcgi
                backend.app.server.s2 = 127.0.0.1:9002 no-check slowstart=10s tls sni=a.example tls-verify=none
                """)).containsExactly(
                t.at(3, "backend.app.server.s1") + "server option 'proto' given twice",
                t.at(4, "backend.app.server.s2") + "server option 'no-check' not supported yet",
                t.at(4, "backend.app.server.s2") + "server option 'slowstart=10s' not supported yet",
                t.at(4, "backend.app.server.s2") + "server option 'tls' not supported yet",
                t.at(4, "backend.app.server.s2") + "server option 'sni=a.example' not supported yet",
                t.at(4, "backend.app.server.s2") + "server option 'tls-verify=none' not supported yet");
    }

    @Test
    void acceptsProtoH2() throws ConfigException {
        WeftConfig config = new TestConfigs(dir).load("""
                frontend.web.bind = 127.0.0.1:8080
                frontend.web.default-backend = app
                backend.app.server.s1 = 127.0.0.1:9001 proto=h2
                backend.app.server.s2 = 127.0.0.1:9002
                """);
        assertThat(config.backend("app").orElseThrow().servers()).extracting(ServerConfig::proto)
                .containsExactly(ServerConfig.Proto.H2, ServerConfig.Proto.H1);
    }

    @Test
    void refusesABackendWithoutServerAtItsFirstKey() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(problems(t, "backend.app.balance = first\nbackend.app.retries = 2\n"))
                .containsExactly(t.at(3, "backend.app.balance")
                        + "backend 'app' has no server (expected: backend.app.server.NAME = HOST:PORT)");
    }

    @Test
    void aBackendWhoseOnlyServerIsBadGetsNoSecondProblem() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(problems(t, "backend.app.server.s1 = 127.0.0.1:0\n"))
                .containsExactly(t.at(3, "backend.app.server.s1") + "port: 0 (expected: 1..65535) in '127.0.0.1:0'");
    }

    @Test
    void acceptsTheSupportedBalanceAlgorithms() throws ConfigException {
        assertThat(app("backend.app.balance = leastconn\nbackend.app.server.s = h:1\n").balance()).isEqualTo(Balance.LEASTCONN);
        assertThat(app("backend.app.balance = first\nbackend.app.server.s = h:1\n").balance()).isEqualTo(Balance.FIRST);
        assertThat(app("backend.app.balance = roundrobin\nbackend.app.server.s = h:1\n").balance()).isEqualTo(Balance.ROUNDROBIN);
    }

    @ParameterizedTest
    @ValueSource(strings = {"static-rr", "source", "uri", "hdr(X-User)", "random", "random(2)"})
    void refusesHaproxyBalanceAlgorithmsOfLaterWorkAsNotSupportedYet(String balance) {
        TestConfigs t = new TestConfigs(dir);
        assertThat(problems(t, "backend.app.balance = " + balance + "\nbackend.app.server.s = h:1\n"))
                .containsExactly(t.at(3, "backend.app.balance") + "balance '" + balance + "' not supported yet");
    }

    @Test
    void refusesAnUnknownBalanceListingTheValidWords() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(problems(t, "backend.app.balance = round-robin\nbackend.app.server.s = h:1\n"))
                .containsExactly(t.at(3, "backend.app.balance") + "expected one of roundrobin, leastconn, first, got 'round-robin'");
    }

    @Test
    void readsRedispatchAsOnOffEveryNthOrLastOnly() throws ConfigException {
        String server = "backend.app.server.s = h:1\n";
        assertThat(app("backend.app.redispatch = on\n" + server).retry().redispatchInterval()).isEqualTo(1);
        assertThat(app("backend.app.redispatch = off\n" + server).retry().redispatchInterval()).isZero();
        assertThat(app("backend.app.redispatch = 3\n" + server).retry().redispatchInterval()).isEqualTo(3);
        assertThat(app("backend.app.redispatch = -1\n" + server).retry().redispatchInterval()).isEqualTo(-1);
    }

    @Test
    void refusesRedispatchZeroOtherNegativesAndWords() {
        TestConfigs t = new TestConfigs(dir);
        String expected = "expected on, off, a positive N (every Nth retry) or -1 (last retry only), got ";
        assertThat(problems(t, """
                defaults.redispatch = 0
                backend.app.redispatch = -2
                backend.app.server.s = h:1
                backend.b.redispatch = sometimes
                backend.b.server.s = h:1
                """)).containsExactly(t.at(3, "defaults.redispatch") + expected + "'0'",
                t.at(4, "backend.app.redispatch") + expected + "'-2'",
                t.at(6, "backend.b.redispatch") + expected + "'sometimes'");
    }

    @Test
    void readsRetriesAndRefusesANegativeOrWordCount() throws ConfigException {
        assertThat(app("backend.app.retries = 0\nbackend.app.server.s = h:1\n").retry().retries()).isZero();
        TestConfigs t = new TestConfigs(dir);
        assertThat(problems(t, "backend.app.retries = three\nbackend.app.server.s = h:1\n"))
                .containsExactly(t.at(3, "backend.app.retries") + "expected a non-negative integer, got 'three'");
    }

    @Test
    void splitsRetryOnIntoEventsAndStatusCodes() throws ConfigException {
        RetryConfig retry = app("backend.app.retry-on = conn-failure, response-timeout 404 425 503\nbackend.app.server.s = h:1\n").retry();
        assertThat(retry.retryOn()).containsExactlyInAnyOrder(RetryOn.CONN_FAILURE, RetryOn.RESPONSE_TIMEOUT);
        assertThat(retry.retryOnStatus()).containsExactlyInAnyOrder(404, 425, 503);
    }

    @Test
    void expandsAllRetryableErrorsAsHaproxyDoes() throws ConfigException {
        RetryConfig retry = app("backend.app.retry-on = all-retryable-errors 404\nbackend.app.server.s = h:1\n").retry();
        assertThat(retry.retryOn()).containsExactlyInAnyOrder(RetryOn.CONN_FAILURE, RetryOn.EMPTY_RESPONSE,
                RetryOn.JUNK_RESPONSE, RetryOn.RESPONSE_TIMEOUT);
        assertThat(retry.retryOnStatus()).containsExactlyInAnyOrder(404, 500, 502, 503, 504);
    }

    @Test
    void retryOnNoneAloneMeansNothingIsRetried() throws ConfigException {
        RetryConfig retry = app("backend.app.retry-on = none\nbackend.app.server.s = h:1\n").retry();
        assertThat(retry.retryOn()).isEmpty();
        assertThat(retry.retryOnStatus()).isEmpty();
        assertThat(retry).isEqualTo(new RetryConfig(3, 1, Set.of(), Set.of()));
    }

    @Test
    void refusesNoneWithOtherWordsAndUnknownRetryOnWords() {
        TestConfigs t = new TestConfigs(dir);
        String words = "conn-failure empty-response junk-response response-timeout 404 408 425 500 501 502 503 504 all-retryable-errors none";
        assertThat(problems(t, """
                backend.app.retry-on = none conn-failure
                backend.app.server.s = h:1
                backend.b.retry-on = conn-failure 505
                backend.b.server.s = h:1
                backend.c.retry-on =
                backend.c.server.s = h:1
                """)).containsExactly(
                t.at(3, "backend.app.retry-on") + "'none' cannot be combined with other words, got 'none conn-failure'",
                t.at(5, "backend.b.retry-on") + "unknown retry-on word '505' (expected: " + words + ")",
                t.at(7, "backend.c.retry-on") + "expected some of " + words + ", got ''");
    }

    @Test
    void refusesBackendKeysOfLaterWorkAsNotSupportedYet() {
        TestConfigs t = new TestConfigs(dir);
        List<String> keys = List.of("hash-type", "check", "check.path", "check.expect", "check.interval", "check.rise",
                "check.fall", "check.fastinter", "check.downinter", "observe", "error-limit", "on-error", "tls.ca");
        StringBuilder text = new StringBuilder("backend.app.server.s = h:1\n");
        keys.forEach(k -> text.append("backend.app.").append(k).append(" = x\n"));
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < keys.size(); i++) {
            expected.add(t.at(i + 4, "backend.app." + keys.get(i)) + "not supported yet");
        }
        assertThat(problems(t, text.toString())).containsExactlyElementsOf(expected);
    }

    @Test
    void listsBackendsInTheOrderOfTheirFirstKey() throws ConfigException {
        WeftConfig config = new TestConfigs(dir).load(FRONTEND + """
                backend.z.retries = 1
                backend.app.server.s = h:1
                backend.z.server.s = h:2
                backend.b.server.s = h:3
                """);
        assertThat(config.backends()).extracting(BackendConfig::name).containsExactly("z", "app", "b");
    }
}
