package dev.weft.config;

import dev.weft.config.Condition.And;
import dev.weft.config.Condition.Header;
import dev.weft.config.Condition.Method;
import dev.weft.config.Condition.Not;
import dev.weft.config.Condition.PathPrefix;
import dev.weft.config.Condition.PathRegex;
import dev.weft.config.FrontendConfig.FrontendProtocol;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Optional;

import static org.assertj.core.api.Assertions.assertThat;

class FrontendKeysTest {

    private static final String BACKENDS = """
            backend.app.server.s1 = 127.0.0.1:9001
            backend.api.server.s1 = 127.0.0.1:9002
            """;

    @TempDir
    Path dir;

    @Test
    void readsAFrontendWithEveryKey() throws ConfigException {
        FrontendConfig web = new TestConfigs(dir).load("""
                frontend.web.bind = 127.0.0.1:8080, [::1]:8080 0.0.0.0:8081
                frontend.web.protocols = h1
                frontend.web.default-backend = app
                frontend.web.route.10 = path-prefix /api/ -> api
                frontend.web.maxconn = 100
                frontend.web.timeout.client = 5s
                """ + BACKENDS).frontends().getFirst();
        assertThat(web.name()).isEqualTo("web");
        assertThat(web.binds()).containsExactly(new HostPort("127.0.0.1", 8080), new HostPort("::1", 8080),
                new HostPort("0.0.0.0", 8081));
        assertThat(web.protocols()).containsExactly(FrontendProtocol.H1);
        assertThat(web.defaultBackend()).contains("app");
        assertThat(web.routes()).containsExactly(new RouteConfig(10, new PathPrefix("/api/"), "api"));
        assertThat(web.returns()).isEmpty();
        assertThat(web.maxconn()).isEqualTo(100);
        assertThat(web.timeouts().client()).isEqualTo(Duration.ofSeconds(5));
    }

    @Test
    void sortsRoutesByAscendingNumberNotFileOrder() throws ConfigException {
        FrontendConfig web = new TestConfigs(dir).load("""
                frontend.web.bind = 127.0.0.1:8080
                frontend.web.route.20 = path /b -> app
                frontend.web.route.3 = path /c -> app
                frontend.web.route.100 = path /a -> app
                frontend.web.route.0 = path /d -> api
                """ + BACKENDS).frontends().getFirst();
        assertThat(web.routes()).extracting(RouteConfig::order).containsExactly(0, 3, 20, 100);
        assertThat(web.defaultBackend()).isEmpty();
    }

    @Test
    void parsesRouteConditionsWithAndNotRegexAndHeaderValue() throws ConfigException {
        FrontendConfig web = new TestConfigs(dir).load("""
                frontend.web.bind = 127.0.0.1:8080
                frontend.web.route.1 = path-prefix /api and not method GET -> api
                frontend.web.route.2 = header X-Canary yes -> api
                frontend.web.route.3 = path-regex ^/v[0-9]+/ -> app
                frontend.web.route.4 = path-regex ^/x\\\\d+$ -> app
                """ + BACKENDS).frontends().getFirst();
        assertThat(web.routes().get(0).condition())
                .isEqualTo(new And(List.of(new PathPrefix("/api"), new Not(new Method("GET")))));
        assertThat(web.routes().get(1).condition()).isEqualTo(new Header("X-Canary", "yes"));
        assertThat(((PathRegex) web.routes().get(2).condition()).regex().pattern()).isEqualTo("^/v[0-9]+/");
        assertThat(((PathRegex) web.routes().get(3).condition()).regex().pattern()).isEqualTo("^/x\\d+$");
    }

    @Test
    void reportsBadRoutesAndABadRegex() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("""
                frontend.web.bind = 127.0.0.1:8080
                frontend.web.default-backend = app
                frontend.web.route.1 = path-regex ^/(a -> app
                frontend.web.route.2 = path /a
                frontend.web.route.x = path /a -> app
                frontend.web.route.-1 = path /a -> app
                """ + BACKENDS)).containsExactly(
                t.at(3, "frontend.web.route.1") + "path-regex: bad regex '^/(a': Unclosed group near index 4",
                t.at(4, "frontend.web.route.2") + "expected CONDITION -> BACKEND, got 'path /a'",
                t.at(5, "frontend.web.route.x") + "route number: 'x' (expected: a non-negative integer)",
                t.at(6, "frontend.web.route.-1") + "route number: '-1' (expected: a non-negative integer)");
    }

    @Test
    void refusesTwoRoutesWithTheSameNumber() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("""
                frontend.web.bind = 127.0.0.1:8080
                frontend.web.route.1 = path /a -> app
                frontend.web.route.01 = path /b -> app
                """ + BACKENDS)).containsExactly(t.at(3, "frontend.web.route.01") + "route number 1 is also used on line 2");
    }

    @Test
    void parsesReturnWithEmptyOrSpacedText() throws ConfigException {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.load("frontend.web.bind = 127.0.0.1:8080\nfrontend.web.return = 503 text/plain   Down  for  maintenance\n")
                .frontends().getFirst().returns()).contains(new ReturnConfig(503, "text/plain", "Down  for  maintenance"));
        assertThat(t.load("frontend.web.bind = 127.0.0.1:8080\nfrontend.web.return = 204 text/plain\n")
                .frontends().getFirst().returns()).contains(new ReturnConfig(204, "text/plain", ""));
    }

    @Test
    void reportsBadReturns() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("""
                frontend.a.bind = 127.0.0.1:8080
                frontend.a.return = 42 text/plain hi
                frontend.b.bind = 127.0.0.1:8081
                frontend.b.return = 200
                frontend.c.bind = 127.0.0.1:8082
                frontend.c.return = 200 plain hi
                frontend.d.bind = 127.0.0.1:8083
                frontend.d.return = ok text/plain
                """)).containsExactly(
                t.at(2, "frontend.a.return") + "status: 42 (expected: 100..599)",
                t.at(4, "frontend.b.return") + "expected STATUS CONTENT-TYPE TEXT..., got '200'",
                t.at(6, "frontend.c.return") + "content type: plain (expected: TYPE/SUBTYPE, like text/plain)",
                t.at(8, "frontend.d.return") + "status: ok (expected: 100..599)");
    }

    @Test
    void refusesReturnTogetherWithRoutesOrDefaultBackend() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("""
                frontend.web.bind = 127.0.0.1:8080
                frontend.web.default-backend = app
                frontend.web.return = 200 text/plain ok
                """ + BACKENDS)).containsExactly(t.at(3, "frontend.web.return")
                + "return answers every request itself, so routes and default-backend would never be used; keep one or the other");
    }

    @Test
    void refusesAFrontendWithNowhereToSendRequests() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("frontend.web.bind = 127.0.0.1:8080\nfrontend.web.maxconn = 5\n" + BACKENDS))
                .containsExactly(t.at(1, "frontend.web.bind")
                        + "frontend 'web' has nowhere to send requests (expected: default-backend, route.N or return)");
    }

    @Test
    void refusesAFrontendWithoutBindAtItsFirstKey() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("frontend.web.default-backend = app\n" + BACKENDS))
                .containsExactly(t.at(1, "frontend.web.default-backend")
                        + "frontend 'web' has no bind (expected: frontend.web.bind = HOST:PORT)");
    }

    @Test
    void reportsUnknownBackendsNamedByDefaultBackendAndRoutes() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("""
                frontend.web.bind = 127.0.0.1:8080
                frontend.web.default-backend = ap
                frontend.web.route.1 = path /x -> nowhere
                """ + BACKENDS)).containsExactly(
                t.at(2, "frontend.web.default-backend") + "unknown backend 'ap'; did you mean 'app'?",
                t.at(3, "frontend.web.route.1") + "unknown backend 'nowhere'");
    }

    @Test
    void refusesTheSameBindAddressInTwoFrontends() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("""
                frontend.a.bind = 127.0.0.1:8080
                frontend.a.default-backend = app
                frontend.b.bind = 127.0.0.1:8081 127.0.0.1:8080
                frontend.b.default-backend = app
                """ + BACKENDS)).containsExactly(
                t.at(3, "frontend.b.bind") + "address 127.0.0.1:8080 is already bound by frontend 'a' (line 1)");
    }

    @Test
    void reportsEveryBadBindAddressAndProtocol() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("""
                frontend.web.bind = 127.0.0.1:0, localhost, [::1]:80
                frontend.web.protocols = h1 h2 h3
                frontend.web.default-backend = app
                frontend.x.bind =
                frontend.x.protocols = ,
                frontend.x.default-backend = app
                """ + BACKENDS)).containsExactly(
                t.at(1, "frontend.web.bind") + "port: 0 (expected: 1..65535) in '127.0.0.1:0'",
                t.at(1, "frontend.web.bind") + "expected HOST:PORT, got 'localhost'",
                t.at(2, "frontend.web.protocols") + "protocol 'h2' not supported yet (needs TLS)",
                t.at(2, "frontend.web.protocols") + "unknown protocol 'h3' (expected: h1, h2c)",
                t.at(4, "frontend.x.bind") + "expected one or more HOST:PORT, got ''",
                t.at(5, "frontend.x.protocols") + "expected at least one of h1, h2c, got ''");
    }

    @Test
    void refusesTlsKeysAsNotSupportedYet() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("frontend.web.tls.cert = a.pem\nfrontend.web.tls.key = a.key\n" + TestConfigs.MINIMAL))
                .containsExactly(t.at(1, "frontend.web.tls.cert") + "not supported yet",
                        t.at(2, "frontend.web.tls.key") + "not supported yet");
    }

    @Test
    void refusesAZeroFrontendMaxconnAndBadNames() {
        TestConfigs t = new TestConfigs(dir);
        assertThat(t.problems("frontend.web.maxconn = 0\nfrontend.w@b.maxconn = 1\n" + TestConfigs.MINIMAL))
                .containsExactly(t.at(1, "frontend.web.maxconn") + "expected a positive integer, got '0'",
                        t.at(2, "frontend.w@b.maxconn") + "frontend name: 'w@b' (expected: letters, digits, '-' or '_')");
    }

    @Test
    void listsFrontendsInTheOrderOfTheirFirstKey() throws ConfigException {
        WeftConfig config = new TestConfigs(dir).load("""
                frontend.zeta.default-backend = app
                frontend.alpha.bind = 127.0.0.1:8081
                frontend.alpha.default-backend = app
                frontend.zeta.bind = 127.0.0.1:8080
                frontend.mid.return = 200 text/plain ok
                frontend.mid.bind = 127.0.0.1:8082
                """ + BACKENDS);
        assertThat(config.frontends()).extracting(FrontendConfig::name).containsExactly("zeta", "alpha", "mid");
        assertThat(config.frontends().get(2).defaultBackend()).isEqualTo(Optional.empty());
    }
}
