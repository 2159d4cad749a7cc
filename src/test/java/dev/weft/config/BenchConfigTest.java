package dev.weft.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * conf/bench-reuse-always.properties is conf/bench.properties with http-reuse always (compared
 * with nginx, whose upstream pool serves any request), so that a change to one bench
 * configuration cannot leave the other behind and make the two comparisons differ in more than
 * that setting. Compared in file order, which weft keeps (frontends start in file order).
 */
class BenchConfigTest {
    private static final String REUSE = "backend.be_h1.http-reuse";

    @Test
    void theReuseAlwaysBenchConfigDiffersOnlyInHttpReuse() throws IOException {
        List<String> safe = pairs(Path.of("conf/bench.properties"));
        List<String> always = pairs(Path.of("conf/bench-reuse-always.properties"));

        assertThat(safe).contains(REUSE + "=safe");
        assertThat(always).contains(REUSE + "=always");
        assertThat(always.stream().filter(p -> !p.startsWith(REUSE + "=")).toList())
                .isNotEmpty()
                .isEqualTo(safe.stream().filter(p -> !p.startsWith(REUSE + "=")).toList());
    }

    /** The file's {@code key=value} pairs in file order, as written (no ${NAME} expansion). */
    private static List<String> pairs(Path file) throws IOException {
        return PropertiesReader.read(Files.readString(file), new Problems(file)).stream()
                .map(line -> line.key() + "=" + line.value())
                .toList();
    }
}
