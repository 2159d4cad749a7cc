package dev.weft.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.Reader;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.Properties;
import org.junit.jupiter.api.Test;

/**
 * conf/bench-reuse-always.properties is conf/bench.properties with http-reuse always (compared
 * with nginx, whose upstream pool serves any request), so that a change to one bench
 * configuration cannot leave the other behind and make the two comparisons differ in more than
 * that setting.
 */
class BenchConfigTest {

    @Test
    void theReuseAlwaysBenchConfigDiffersOnlyInHttpReuse() throws IOException {
        Map<String, String> safe = keys(Path.of("conf/bench.properties"));
        Map<String, String> always = keys(Path.of("conf/bench-reuse-always.properties"));

        assertThat(safe).containsEntry("backend.be_h1.http-reuse", "safe");
        assertThat(always).containsEntry("backend.be_h1.http-reuse", "always");
        safe.remove("backend.be_h1.http-reuse");
        always.remove("backend.be_h1.http-reuse");
        assertThat(always).isEqualTo(safe);
    }

    /** The file's keys and values as written (no ${NAME} expansion). */
    private static Map<String, String> keys(Path file) throws IOException {
        Properties properties = new Properties();
        try (Reader in = Files.newBufferedReader(file)) {
            properties.load(in);
        }
        Map<String, String> keys = new HashMap<>();
        properties.stringPropertyNames().forEach(k -> keys.put(k, properties.getProperty(k)));
        return keys;
    }
}
