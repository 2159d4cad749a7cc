package dev.weft.config;

import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;

class KeyLookupTest {

    @Test
    void matchesLiteralKeysAndFillsPlaceholders() {
        assertThat(KeyLookup.match("global.log.format")).get()
                .satisfies(m -> assertThat(m.spec()).isSameAs(KeyCatalogue.GLOBAL_LOG_FORMAT));
        assertThat(KeyLookup.match("backend.app.server.s1")).get()
                .satisfies(m -> {
                    assertThat(m.spec()).isSameAs(KeyCatalogue.BACKEND_SERVER);
                    assertThat(m.names()).containsExactly("app", "s1");
                });
    }

    @Test
    void doesNotMatchUnknownOrPartialKeysOrEmptyNames() {
        assertThat(KeyLookup.match("global")).isEmpty();
        assertThat(KeyLookup.match("global.log.format.x")).isEmpty();
        assertThat(KeyLookup.match("frontend..bind")).isEmpty();
        assertThat(KeyLookup.match("frontend.web.default_backend")).isEmpty();
    }

    @Test
    void suggestsTheClosestKeyWithTheUsersNames() {
        assertThat(KeyLookup.suggest("frontend.web.default_backend")).contains("frontend.web.default-backend");
        assertThat(KeyLookup.suggest("backend.app.servers.s1")).contains("backend.app.server.s1");
        assertThat(KeyLookup.suggest("defaults.timeout.conect")).contains("defaults.timeout.connect");
        assertThat(KeyLookup.suggest("frontend.web.timeout-client")).contains("frontend.web.timeout.client");
        assertThat(KeyLookup.suggest("global.maxcon")).contains("global.maxconn");
    }

    @Test
    void suggestsNothingWhenNothingIsClose() {
        assertThat(KeyLookup.suggest("listen.web.bind")).isEmpty();
        assertThat(KeyLookup.suggest("x")).isEmpty();
    }

    @Test
    void editDistanceCountsInsertionsDeletionsAndSubstitutions() {
        assertThat(DidYouMean.distance("kitten", "sitting")).isEqualTo(3);
        assertThat(DidYouMean.distance("", "abc")).isEqualTo(3);
        assertThat(DidYouMean.distance("same", "same")).isZero();
        assertThat(DidYouMean.closest("ap", List.of("web", "app"))).contains("app");
        assertThat(DidYouMean.closest("zzz", List.of("web", "app"))).isEmpty();
    }
}
