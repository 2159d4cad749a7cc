package dev.weft.config;

import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.TestFactory;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

import static org.assertj.core.api.Assertions.assertThatCode;

/**
 * Every {@code .properties} file shipped under the repository's {@code conf/} loads without a
 * single problem, so the examples can never drift from the {@link KeyCatalogue}. No test is
 * produced while {@code conf/} does not exist.
 */
class ShippedConfTest {

    @TestFactory
    Stream<DynamicTest> everyShippedConfigFileLoadsWithoutProblems() throws IOException {
        Path conf = Path.of(System.getProperty("user.dir")).resolve("conf");
        if (!Files.isDirectory(conf)) {
            return Stream.empty();
        }
        List<Path> files;
        try (Stream<Path> walk = Files.walk(conf)) {
            files = walk.filter(p -> p.toString().endsWith(".properties")).sorted().toList();
        }
        return files.stream().map(file -> DynamicTest.dynamicTest(conf.relativize(file).toString(),
                () -> assertThatCode(() -> new ConfigLoader(ShippedConfTest::env).load(file)).doesNotThrowAnyException()));
    }

    /** The environment, plus what shared/bench/run.sh exports to conf/bench.properties. */
    private static String env(String name) {
        String value = System.getenv(name);
        return value == null && name.equals("BENCH_PHP_ROOT") ? "/tmp/bench-www" : value;
    }
}
