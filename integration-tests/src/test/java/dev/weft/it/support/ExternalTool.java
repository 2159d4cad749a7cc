package dev.weft.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Runs a command-line client (curl, h2load) and returns its exit status and output. A missing
 * tool FAILS the test with a message saying what to install: these tests prove behaviour only
 * those clients exercise, so skipping would hide a gap.
 */
public final class ExternalTool {

    /** What the command printed and how it exited. */
    public record Result(int exitCode, String stdout, String stderr) {
        @Override
        public String toString() {
            return "exit " + exitCode + "\n--- stdout\n" + stdout + "\n--- stderr\n" + stderr;
        }
    }

    private ExternalTool() {
    }

    /**
     * Runs {@code command} (its first element a program on the PATH or an absolute path) and waits
     * at most {@code timeout}.
     *
     * @throws AssertionError when the program is not installed or does not finish in time
     */
    public static Result run(Duration timeout, String... command) throws IOException, InterruptedException {
        requireInstalled(command[0]);
        Path out = Files.createTempFile("tool-out", ".txt");
        Path err = Files.createTempFile("tool-err", ".txt");
        try {
            Process p = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile()).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new AssertionError(String.join(" ", command) + " did not finish within " + timeout
                        + "\n--- stdout\n" + Files.readString(out) + "\n--- stderr\n" + Files.readString(err));
            }
            return new Result(p.exitValue(), Files.readString(out, StandardCharsets.UTF_8),
                    Files.readString(err, StandardCharsets.UTF_8));
        } finally {
            Files.deleteIfExists(out);
            Files.deleteIfExists(err);
        }
    }

    /** Fails (not skips) when {@code program} cannot be found. */
    public static void requireInstalled(String program) {
        if (program.contains("/") ? Files.isExecutable(Path.of(program)) : onPath(program)) {
            return;
        }
        throw new AssertionError(program + " is not installed: this test needs it (Debian/Ubuntu: apt-get install "
                + (program.endsWith("h2load") ? "nghttp2-client" : program) + ")");
    }

    private static boolean onPath(String program) {
        String path = System.getenv("PATH");
        List<String> dirs = new ArrayList<>(List.of(path == null ? new String[0] : path.split(":")));
        dirs.add("/usr/bin");
        return dirs.stream().anyMatch(d -> Files.isExecutable(Path.of(d, program)));
    }
}
