package dev.weft.frontend;

import dev.weft.backend.Backend;
import dev.weft.config.BackendConfig;
import dev.weft.config.Condition;
import dev.weft.config.RetryConfig;
import dev.weft.config.Timeouts;
import dev.weft.http.HeaderList;
import dev.weft.http.RequestHead;
import org.junit.jupiter.api.Test;

import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

import static org.assertj.core.api.Assertions.assertThat;

class RouterTest {
    private static RequestHead get(String target, String host) {
        return new RequestHead("GET", target, new HeaderList().add("Host", host).add("X-Tenant", "blue"));
    }

    @Test
    void matchesPathConditionsOnThePathWithoutTheQuery() {
        RequestHead h = get("/api/users?page=/admin", "a.example");
        assertThat(Router.matches(new Condition.PathPrefix("/api/"), h)).isTrue();
        assertThat(Router.matches(new Condition.PathPrefix("/admin"), h)).isFalse();
        assertThat(Router.matches(new Condition.PathEquals("/api/users"), h)).isTrue();
        assertThat(Router.matches(new Condition.PathRegex(Pattern.compile("users$")), h)).isTrue();
    }

    @Test
    void matchesTheHostWithoutItsPortIgnoringCase() {
        assertThat(Router.matches(new Condition.Host("a.example"), get("/", "A.Example:8080"))).isTrue();
        assertThat(Router.matches(new Condition.Host("::1"), get("/", "[::1]:80"))).isFalse();
        assertThat(Router.matches(new Condition.Host("[::1]"), get("/", "[::1]:80"))).isTrue();
        assertThat(Router.matches(new Condition.Host("b.example"), get("/", "a.example"))).isFalse();
    }

    @Test
    void combinesWithAndAndNot() {
        Condition c = new Condition.And(List.of(new Condition.Method("GET"),
                new Condition.Not(new Condition.Header("X-Tenant", "red"))));
        assertThat(Router.matches(c, get("/", "a"))).isTrue();
        assertThat(Router.matches(new Condition.Not(c), get("/", "a"))).isFalse();
        assertThat(Router.matches(new Condition.Header("x-tenant", "blue"), get("/", "a"))).isTrue();
    }

    private static Backend backend(String name) {
        BackendConfig config = new BackendConfig(name, BackendConfig.Balance.ROUNDROBIN, List.of(),
                new RetryConfig(0, 0, Set.of(), Set.of()), BackendConfig.HttpReuse.SAFE, true, Timeouts.defaults());
        return new Backend(config, List.of(), null);
    }

    @Test
    void triesRoutesInAscendingOrderFirstMatchWinsThenTheDefault() {
        Backend api = backend("api");
        Backend apiV2 = backend("api-v2");
        Backend fallback = backend("fallback");
        Router r = new Router(List.of(
                new Router.Route(new Condition.PathPrefix("/api/"), api),
                new Router.Route(new Condition.PathPrefix("/api/v2/"), apiV2)), fallback);
        assertThat(r.route(get("/api/v2/x", "h"))).as("first match wins, not the longest").isSameAs(api);
        assertThat(r.route(get("/other", "h"))).isSameAs(fallback);
        assertThat(new Router(List.of(new Router.Route(new Condition.PathPrefix("/api/"), api)), null)
                .route(get("/other", "h"))).as("no route, no default").isNull();
    }
}
