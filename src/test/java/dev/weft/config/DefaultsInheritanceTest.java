package dev.weft.config;

import dev.weft.config.BackendConfig.HttpReuse;
import dev.weft.config.RetryConfig.RetryOn;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class DefaultsInheritanceTest {

    @TempDir
    Path dir;

    private static final String TWO_OF_EACH = """
            frontend.a.bind = 127.0.0.1:8080
            frontend.a.default-backend = x
            frontend.b.bind = 127.0.0.1:8081
            frontend.b.default-backend = y
            backend.x.server.s1 = 127.0.0.1:9001
            backend.y.server.s1 = 127.0.0.1:9002
            """;

    @Test
    void everyFrontendAndBackendGetsTheBuiltInDefaults() throws ConfigException {
        WeftConfig config = new TestConfigs(dir).load(TestConfigs.MINIMAL);
        BackendConfig app = config.backend("app").orElseThrow();
        assertThat(app.balance()).isEqualTo(BackendConfig.Balance.ROUNDROBIN);
        assertThat(app.retry()).isEqualTo(new RetryConfig(3, 1, Set.of(RetryOn.CONN_FAILURE), Set.of()));
        assertThat(app.httpReuse()).isEqualTo(HttpReuse.SAFE);
        assertThat(app.forwardfor()).isTrue();
        assertThat(app.timeouts()).isEqualTo(Timeouts.defaults());
        FrontendConfig web = config.frontends().getFirst();
        assertThat(web.timeouts()).isEqualTo(Timeouts.defaults());
        assertThat(web.maxconn()).isZero();
        assertThat(web.protocols()).containsExactlyInAnyOrder(FrontendConfig.FrontendProtocol.H1, FrontendConfig.FrontendProtocol.H2C);
    }

    @Test
    void defaultsKeysApplyToEveryFrontendAndBackend() throws ConfigException {
        WeftConfig config = new TestConfigs(dir).load("""
                defaults.timeout.connect = 2s
                defaults.timeout.client = 1m
                defaults.timeout.server = 45s
                defaults.timeout.queue = 3s
                defaults.timeout.http-request = 4s
                defaults.timeout.http-keep-alive = 1s
                defaults.timeout.check = 500
                defaults.retries = 5
                defaults.redispatch = off
                defaults.retry-on = conn-failure 503
                defaults.http-reuse = always
                defaults.forwardfor = off
                """ + TWO_OF_EACH);
        Timeouts expected = new Timeouts(Duration.ofSeconds(2), Duration.ofMinutes(1), Duration.ofSeconds(45),
                Duration.ofSeconds(3), Duration.ofSeconds(4), Duration.ofSeconds(1), Duration.ofMillis(500));
        assertThat(config.frontends()).extracting(FrontendConfig::timeouts).containsOnly(expected);
        assertThat(config.backends()).extracting(BackendConfig::timeouts).containsOnly(expected);
        assertThat(config.backends()).extracting(BackendConfig::retry)
                .containsOnly(new RetryConfig(5, 0, Set.of(RetryOn.CONN_FAILURE), Set.of(503)));
        assertThat(config.backends()).extracting(BackendConfig::httpReuse).containsOnly(HttpReuse.ALWAYS);
        assertThat(config.backends()).extracting(BackendConfig::forwardfor).containsOnly(false);
    }

    @Test
    void aFrontendOrBackendKeyOverridesTheDefaultsKeyForItselfOnly() throws ConfigException {
        WeftConfig config = new TestConfigs(dir).load("""
                defaults.timeout.connect = 2s
                defaults.timeout.client = 1m
                defaults.retries = 5
                defaults.http-reuse = never
                frontend.b.timeout.client = 10s
                backend.y.timeout.connect = 100ms
                backend.y.retries = 0
                backend.y.redispatch = -1
                backend.y.retry-on = none
                backend.y.http-reuse = aggressive
                backend.y.forwardfor = false
                """ + TWO_OF_EACH);
        assertThat(config.frontends()).extracting(FrontendConfig::name).containsExactly("b", "a"); // first key order
        FrontendConfig b = config.frontends().get(0);
        FrontendConfig a = config.frontends().get(1);
        assertThat(a.timeouts().client()).isEqualTo(Duration.ofMinutes(1));
        assertThat(b.timeouts().client()).isEqualTo(Duration.ofSeconds(10));
        assertThat(b.timeouts().connect()).isEqualTo(Duration.ofSeconds(2));

        BackendConfig x = config.backend("x").orElseThrow();
        BackendConfig y = config.backend("y").orElseThrow();
        assertThat(x.timeouts().connect()).isEqualTo(Duration.ofSeconds(2));
        assertThat(x.retry()).isEqualTo(new RetryConfig(5, 1, Set.of(RetryOn.CONN_FAILURE), Set.of()));
        assertThat(x.httpReuse()).isEqualTo(HttpReuse.NEVER);
        assertThat(x.forwardfor()).isTrue();
        assertThat(y.timeouts().connect()).isEqualTo(Duration.ofMillis(100));
        assertThat(y.timeouts().client()).isEqualTo(Duration.ofMinutes(1));
        assertThat(y.retry()).isEqualTo(new RetryConfig(0, -1, Set.of(), Set.of()));
        assertThat(y.httpReuse()).isEqualTo(HttpReuse.AGGRESSIVE);
        assertThat(y.forwardfor()).isFalse();
    }

    @Test
    void aBadDefaultsValueIsReportedAtTheDefaultsKey() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("defaults.timeout.connect = soon\ndefaults.http-reuse = sometimes\n" + TestConfigs.MINIMAL))
                .containsExactly(
                        t.at(1, "defaults.timeout.connect") + "expected a duration like 250ms, 5s, 2m or 1h, got 'soon'",
                        t.at(2, "defaults.http-reuse") + "expected one of never, safe, aggressive, always, got 'sometimes'");
    }
}
