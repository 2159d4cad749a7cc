package dev.weft.config;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;

/**
 * Writes config text into a test's temporary directory and loads it. The environment is the
 * map given, never the real one.
 */
final class TestConfigs {

    /** The smallest valid file: one frontend, one backend, one server. */
    static final String MINIMAL = """
            frontend.web.bind = 127.0.0.1:8080
            frontend.web.default-backend = app
            backend.app.server.s1 = 127.0.0.1:9001
            """;

    private final Path dir;
    private final Map<String, String> env;

    TestConfigs(Path dir) {
        this(dir, Map.of());
    }

    TestConfigs(Path dir, Map<String, String> env) {
        this.dir = dir;
        this.env = env;
    }

    /** The file every {@link #load} writes to. */
    Path file() {
        return dir.resolve("weft.properties");
    }

    /** Writes {@code text} as the config file and returns its path. */
    Path write(String text) {
        try {
            return Files.writeString(file(), text);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Loads {@code text}; fails the test with the problems if it does not load. */
    WeftConfig load(String text) throws ConfigException {
        return new ConfigLoader(env::get).load(write(text));
    }

    /** Loads {@code text}, expects it to be refused, and returns the problems as printed. */
    List<String> problems(String text) {
        write(text);
        try {
            new ConfigLoader(env::get).load(file());
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
        throw new AssertionError("expected problems, but the file loaded:\n" + text);
    }

    /** The prefix of a problem of line {@code line} and key {@code key}: {@code FILE:LINE: key 'KEY': }. */
    String at(int line, String key) {
        return file() + ":" + line + ": key '" + key + "': ";
    }
}
