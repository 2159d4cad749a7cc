package dev.weft;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.lang.reflect.Method;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * conf/jvm.options names weft's methods in compiler commands, which the JVM ignores silently
 * when the name matches nothing: a rename would quietly bring back the compilation storm the
 * file prevents. (That the JVM accepts the file at all is proven by every black-box test, which
 * starts weft with it.)
 */
class JvmOptionsTest {
    private static final Path OPTIONS = Path.of("conf/jvm.options");
    private static final String COMPILE_COMMAND = "-XX:CompileCommand=";

    @Test
    void everyMethodACompilerCommandNamesExists() throws IOException {
        List<String> patterns = methodPatterns();
        assertThat(patterns).contains("dev.weft.frontend.FrontendHandler::handle");
        for (String pattern : patterns) {
            String[] parts = pattern.split("::", 2);
            assertThat(declares(parts[0], parts[1])).as(pattern + " in " + OPTIONS).isTrue();
        }
    }

    @Test
    void aMisspelledMethodIsNotFound() {
        assertThat(declares("dev.weft.frontend.FrontendHandler", "handel")).isFalse();
        assertThat(declares("dev.weft.frontend.FrontendHandlr", "handle")).isFalse();
    }

    /**
     * The {@code Class::method} patterns of the file's compiler commands that name one (those of
     * the form {@code -XX:CompileCommand=COMMAND,PATTERN}); comments after '#' are dropped.
     */
    private static List<String> methodPatterns() throws IOException {
        return Files.readAllLines(OPTIONS).stream()
                .map(line -> line.replaceFirst("#.*", "").strip())
                .filter(line -> line.startsWith(COMPILE_COMMAND))
                .map(line -> line.substring(COMPILE_COMMAND.length()))
                .filter(command -> command.contains(","))
                .map(command -> command.substring(command.indexOf(',') + 1))
                .toList();
    }

    /** Whether the class {@code className} exists and declares a method called {@code method}. */
    private static boolean declares(String className, String method) {
        try {
            Class<?> type = Class.forName(className, false, JvmOptionsTest.class.getClassLoader());
            return Arrays.stream(type.getDeclaredMethods()).map(Method::getName).anyMatch(method::equals);
        } catch (ClassNotFoundException e) {
            return false;
        }
    }
}
