package dev.weft.config;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class KeyCatalogueTest {

    @TempDir
    Path dir;

    @Test
    void everyPatternIsListedOnceWithADoc() {
        Set<String> seen = new HashSet<>();
        for (KeySpec<?> spec : KeyCatalogue.ALL) {
            assertThat(seen.add(spec.pattern())).as(spec.pattern()).isTrue();
            assertThat(spec.doc()).as(spec.pattern()).isNotBlank();
            assertThat(spec.defaultText()).as(spec.pattern()).isNotBlank();
        }
    }

    @Test
    void everyKeyMatchesItsOwnEntry() {
        for (KeySpec<?> spec : KeyCatalogue.ALL) {
            String[] names = spec.segments().stream().filter(KeySpec.PLACEHOLDERS::contains).map(p -> p.equals("N") ? "1" : "x")
                    .toArray(String[]::new);
            assertThat(KeyLookup.match(spec.concrete(names))).as(spec.pattern()).get()
                    .satisfies(m -> assertThat(m.spec()).isSameAs(spec));
        }
    }

    @Test
    void builtInTimeoutDefaultsAreTimeoutsDefaults() {
        List<Duration> d = KeyCatalogue.TIMEOUTS.stream()
                .map(name -> KeyCatalogue.DEFAULTS_TIMEOUT.get(name).defaultValue().orElseThrow()).toList();
        assertThat(new Timeouts(d.get(0), d.get(1), d.get(2), d.get(3), d.get(4), d.get(5), d.get(6)))
                .isEqualTo(Timeouts.defaults());
    }

    @Test
    void frontendAndBackendTimeoutsInheritFromDefaults() {
        for (String name : KeyCatalogue.TIMEOUTS) {
            assertThat(KeyCatalogue.FRONTEND_TIMEOUT.get(name).defaultText()).isEqualTo("defaults.timeout." + name);
            assertThat(KeyCatalogue.BACKEND_TIMEOUT.get(name).defaultText()).isEqualTo("defaults.timeout." + name);
        }
    }

    @Test
    void everyUnsupportedKeyIsRefusedAsNotSupportedYet() {
        TestConfigs t = new TestConfigs(dir);
        List<KeySpec<?>> notYet = KeyCatalogue.ALL.stream().filter(s -> !s.supported()).toList();
        assertThat(notYet).isNotEmpty();
        StringBuilder text = new StringBuilder(TestConfigs.MINIMAL);
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < notYet.size(); i++) {
            KeySpec<?> spec = notYet.get(i);
            String key = spec.concrete(spec.segments().stream()
                    .filter(KeySpec.PLACEHOLDERS::contains).map(p -> p.equals("NAME") ? existingName(spec) : "x")
                    .toArray(String[]::new));
            text.append(key).append(" = x\n");
            expected.add(t.at(i + 4, key) + "not supported yet");
        }
        assertThat(t.problems(text.toString())).containsExactlyElementsOf(expected);
    }

    /** Unsupported frontend keys go to frontend 'web' of MINIMAL, backend keys to its backend 'app'. */
    private static String existingName(KeySpec<?> spec) {
        return spec.segments().getFirst().equals("frontend") ? "web" : "app";
    }

    @Test
    void concreteFillsPlaceholdersInOrder() {
        assertThat(KeyCatalogue.BACKEND_SERVER.concrete("app", "s1")).isEqualTo("backend.app.server.s1");
        assertThat(KeyCatalogue.GLOBAL_MAXCONN.concrete()).isEqualTo("global.maxconn");
    }
}
