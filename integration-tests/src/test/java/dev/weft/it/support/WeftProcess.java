package dev.weft.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.Callable;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicReference;
import java.util.function.Predicate;
import java.util.stream.Stream;

import org.awaitility.core.ConditionTimeoutException;

/**
 * One weft process for one test:
 * {@code java @conf/jvm.options [JVM options] -jar target/weft.jar [check] CONFIG}, as README.md
 * starts it (so a JVM option the file gets wrong fails every test).
 *
 * <p>The config is a {@link ConfigTemplate} written to a private temp directory with its
 * placeholders filled; {@code @FRONT_PORT@} gets a free port and {@code @LOG@} a file in that
 * directory unless the test sets them. Stdout and stderr are drained into memory. Readiness is a
 * bounded poll-connect of the frontend port, never a stdout banner. {@link #diagnostics()} gives
 * the config, stderr, stdout and access log tails for assertion messages.
 *
 * <p>Closing stops the process (SIGTERM, then SIGKILL after 15s) and deletes the temp directory;
 * a JVM shutdown hook kills it too if the test JVM dies first. Use from the test thread; the
 * read accessors ({@link #stderr()}, {@link #accessLog()}, {@link #diagnostics()}) are safe from
 * any thread.
 */
public final class WeftProcess implements AutoCloseable {

    /** How long weft may take to start listening. */
    public static final Duration READY_TIMEOUT = Duration.ofSeconds(20);
    /** How long a log line may take to appear after its stream ended. */
    public static final Duration LOG_TIMEOUT = Duration.ofSeconds(10);

    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(15);
    private static final Duration POLL = Duration.ofMillis(50);
    /** Processes launched since the last {@link #forgetLaunched()}: what {@link WeftDiagnostics} reports. */
    private static final List<WeftProcess> LAUNCHED = new CopyOnWriteArrayList<>();

    private final Process process;
    private final List<String> command;
    private final Path tempDir;
    private final Path configFile;
    private final String configArgument;
    private final Map<String, String> values;
    private final OutputCapture stdout;
    private final OutputCapture stderr;
    private final Thread killOnJvmExit;
    private volatile String diagnosticsAtClose;

    private WeftProcess(Process process, List<String> command, Path tempDir, Path configFile,
                        String configArgument, Map<String, String> values) {
        this.process = process;
        this.command = List.copyOf(command);
        this.tempDir = tempDir;
        this.configFile = configFile;
        this.configArgument = configArgument;
        this.values = Map.copyOf(values);
        this.stdout = OutputCapture.drain(process.getInputStream(), "stdout-" + process.pid());
        this.stderr = OutputCapture.drain(process.getErrorStream(), "stderr-" + process.pid());
        this.killOnJvmExit = new Thread(process::destroyForcibly, "kill-weft-" + process.pid());
        Runtime.getRuntime().addShutdownHook(killOnJvmExit);
        LAUNCHED.add(this);
    }

    /** Prepares a run of the test resource {@code resource} (e.g. {@code conf/http/get-post.properties}). */
    public static Builder config(String resource) {
        return new Builder(ConfigTemplate.fromResource(resource), null, null);
    }

    /**
     * Prepares a run of an existing file, passed to weft exactly as {@code configArgument}, with
     * {@code workDir} as the working directory (e.g. the repository root and {@code conf/weft.properties}).
     */
    public static Builder existingConfig(Path workDir, String configArgument) {
        return new Builder(null, workDir, configArgument);
    }

    /** The repository root (system property {@code weft.basedir}, else the working directory). */
    public static Path basedir() {
        String property = System.getProperty("weft.basedir");
        return (property != null ? Path.of(property) : Path.of("")).toAbsolutePath();
    }

    /** The jar under test (system property {@code weft.jar}, else {@code target/weft.jar}). */
    public static Path jar() {
        String property = System.getProperty("weft.jar");
        Path jar = property != null ? Path.of(property) : basedir().resolve("target/weft.jar");
        if (!Files.isRegularFile(jar)) {
            throw new IllegalStateException("weft jar not found at " + jar.toAbsolutePath()
                    + ": run `mvn verify`, which packages target/weft.jar before the integration tests");
        }
        return jar.toAbsolutePath();
    }

    /** The value a placeholder was filled with (e.g. {@code FRONT_PORT}, {@code LOG}). */
    public String value(String placeholder) {
        String value = values.get(placeholder);
        if (value == null) {
            throw new IllegalStateException("placeholder @" + placeholder + "@ was not used by " + configArgument);
        }
        return value;
    }

    /** The {@code @FRONT_PORT@} value. */
    public int frontPort() {
        return Integer.parseInt(value("FRONT_PORT"));
    }

    /** {@code http://127.0.0.1:FRONT_PORT} + {@code pathAndQuery}. */
    public URI uri(String pathAndQuery) {
        return URI.create("http://127.0.0.1:" + frontPort() + pathAndQuery);
    }

    /** The config file argument exactly as passed to weft (the {@code FILE} of its error messages). */
    public String configArgument() {
        return configArgument;
    }

    /** The config file weft runs with. */
    public Path configFile() {
        return configFile;
    }

    /** The 1-based line of the config file assigning {@code key}. */
    public int lineOf(String key) {
        return ConfigTemplate.lineOf(configFile, key);
    }

    /** Waits (bounded by {@link #READY_TIMEOUT}) until {@code 127.0.0.1:port} accepts; fails at once if weft exits. */
    public void awaitListening(int port) {
        awaitOrFail("weft to accept connections on 127.0.0.1:" + port, READY_TIMEOUT, () -> {
            if (!process.isAlive()) {
                throw new IllegalStateException("weft exited with status " + process.exitValue()
                        + " before listening on " + port + "\n" + diagnostics());
            }
            return Ports.accepts(port);
        });
    }

    /** Whether the process is still running. */
    public boolean isAlive() {
        return process.isAlive();
    }

    /** Sends SIGTERM ({@link Process#destroy()} on Linux): weft must drain and exit 0. */
    public void sigterm() {
        process.destroy();
    }

    /**
     * Waits for the process to exit and returns its status.
     *
     * @throws AssertionError if it is still running after {@code timeout}
     */
    public int waitExit(Duration timeout) throws InterruptedException {
        if (!process.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
            throw new AssertionError("weft did not exit within " + timeout.toSeconds() + "s\n" + diagnostics());
        }
        stdout.awaitEnd(Duration.ofSeconds(5));
        stderr.awaitEnd(Duration.ofSeconds(5));
        return process.exitValue();
    }

    /** Everything weft wrote to stderr so far. */
    public String stderr() {
        return String.join("\n", stderr.lines());
    }

    /** Stderr so far, line by line. */
    public List<String> stderrLines() {
        return stderr.lines();
    }

    /** Stdout so far, line by line. */
    public List<String> stdoutLines() {
        return stdout.lines();
    }

    /** The access log lines written so far: from the {@code @LOG@} file, else from stdout. */
    public List<AccessLogLine> accessLog() {
        return rawLogLines().stream().map(AccessLogLine::parse).flatMap(Optional::stream).toList();
    }

    /** Waits (bounded by {@link #LOG_TIMEOUT}) for an access log line matching {@code match} and returns it. */
    public AccessLogLine awaitLogLine(String description, Predicate<AccessLogLine> match) {
        return awaitLogLines(description, match, 1).getFirst();
    }

    /** Waits (bounded by {@link #LOG_TIMEOUT}) until {@code count} lines match {@code match}; returns them all. */
    public List<AccessLogLine> awaitLogLines(String description, Predicate<AccessLogLine> match, int count) {
        AtomicReference<List<AccessLogLine>> found = new AtomicReference<>(List.of());
        awaitOrFail(count + " access log line(s) " + description, LOG_TIMEOUT, () -> {
            found.set(accessLog().stream().filter(match).toList());
            return found.get().size() >= count;
        });
        return found.get();
    }

    /**
     * Waits until {@code condition} holds, bounded by {@code timeout}; on timeout fails with
     * {@code what} and the {@link #diagnostics()}.
     */
    public void awaitOrFail(String what, Duration timeout, Callable<Boolean> condition) {
        try {
            await().atMost(timeout).pollInterval(POLL).until(condition);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("waited " + timeout.toMillis() + "ms for " + what + "\n" + diagnostics(), e);
        }
    }

    /**
     * The command, state, numbered config, and the tails of stderr, stdout and the access log;
     * after {@link #close()}, the same as it was when the process was stopped.
     */
    public String diagnostics() {
        String atClose = diagnosticsAtClose;
        return atClose != null ? atClose : currentDiagnostics();
    }

    /** Stops weft (SIGTERM, then SIGKILL) and deletes its temp directory, keeping its {@link #diagnostics()}. */
    @Override
    public void close() {
        try {
            stop();
        } finally {
            diagnosticsAtClose = currentDiagnostics();
            forgetShutdownHook();
            deleteTempDir();
        }
    }

    /** Diagnostics of every process launched since {@link #forgetLaunched()}, empty if none. */
    static String launchedDiagnostics() {
        StringBuilder text = new StringBuilder();
        LAUNCHED.forEach(weft -> text.append(weft.diagnostics()));
        return text.toString();
    }

    /** Starts a new test's record of launched processes. */
    static void forgetLaunched() {
        LAUNCHED.clear();
    }

    private String currentDiagnostics() {
        StringBuilder text = new StringBuilder("\n=== weft ").append(String.join(" ", command))
                .append(process.isAlive() ? " (running)" : " (exited with " + process.exitValue() + ")")
                .append("\n=== config ").append(configFile).append('\n');
        appendNumbered(text, configFile);
        text.append("=== stderr (tail)\n").append(stderr.tail(80))
                .append("\n=== stdout (tail)\n").append(stdout.tail(40));
        if (values.containsKey("LOG")) {
            List<String> log = rawLogLines();
            text.append("\n=== access log (tail)\n")
                    .append(String.join("\n", log.subList(Math.max(0, log.size() - 40), log.size())));
        }
        return text.append('\n').toString();
    }

    private List<String> rawLogLines() {
        String log = values.get("LOG");
        if (log == null) {
            return stdout.lines();
        }
        Path file = Path.of(log);
        if (!Files.exists(file)) {
            return List.of();
        }
        try {
            return new String(Files.readAllBytes(file), StandardCharsets.UTF_8).lines().toList();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read the access log " + file, e);
        }
    }

    private void stop() {
        if (!process.isAlive()) {
            return;
        }
        process.destroy();
        try {
            if (!process.waitFor(STOP_TIMEOUT.toMillis(), TimeUnit.MILLISECONDS)) {
                process.destroyForcibly().waitFor(5, TimeUnit.SECONDS);
            }
        } catch (InterruptedException e) {
            process.destroyForcibly();
            Thread.currentThread().interrupt();
        }
    }

    private void forgetShutdownHook() {
        try {
            Runtime.getRuntime().removeShutdownHook(killOnJvmExit);
        } catch (IllegalStateException jvmAlreadyShuttingDown) {
            // the hook is running or about to: it kills the process, which is what we want
        }
    }

    private void deleteTempDir() {
        try (Stream<Path> paths = Files.walk(tempDir)) {
            for (Path path : paths.sorted(Comparator.reverseOrder()).toList()) {
                Files.deleteIfExists(path);
            }
        } catch (IOException e) {
            throw new UncheckedIOException("cannot delete " + tempDir, e);
        }
    }

    private static void appendNumbered(StringBuilder text, Path file) {
        if (!Files.isRegularFile(file)) {
            text.append("(missing)\n");
            return;
        }
        try {
            List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
            for (int i = 0; i < lines.size(); i++) {
                text.append(String.format("%3d  %s%n", i + 1, lines.get(i)));
            }
        } catch (IOException e) {
            text.append("(unreadable: ").append(e).append(")\n");
        }
    }

    /**
     * What to run: the config, placeholder values, JVM options, and whether to {@code check} only.
     * Not thread-safe; use once.
     */
    public static final class Builder {

        private final ConfigTemplate template;
        private final Path workDir;
        private final String existingArgument;
        private final Map<String, String> values = new LinkedHashMap<>();
        private final List<String> jvmOptions = new ArrayList<>();
        private boolean checkOnly;

        private Builder(ConfigTemplate template, Path workDir, String existingArgument) {
            this.template = template;
            this.workDir = workDir;
            this.existingArgument = existingArgument;
        }

        /** Fills {@code @placeholder@} with {@code value} (its {@code toString()}). */
        public Builder set(String placeholder, Object value) {
            values.put(placeholder, String.valueOf(value));
            return this;
        }

        /** Adds JVM options such as {@code -Xmx48m}. */
        public Builder jvmOptions(String... options) {
            jvmOptions.addAll(List.of(options));
            return this;
        }

        /** Runs {@code weft.jar check CONFIG} (validate only) instead of the proxy. */
        public Builder checkOnly() {
            checkOnly = true;
            return this;
        }

        /** Starts the process without waiting for anything. */
        public WeftProcess launch() throws IOException {
            Path tempDir = Files.createTempDirectory("weft-it-");
            Map<String, String> filled = new LinkedHashMap<>(values);
            Path configFile;
            String argument;
            Path directory;
            if (template != null) {
                Set<String> used = template.placeholders();
                if (used.contains("FRONT_PORT")) {
                    filled.putIfAbsent("FRONT_PORT", String.valueOf(Ports.free()));
                }
                if (used.contains("LOG")) {
                    filled.putIfAbsent("LOG", tempDir.resolve("access.log").toString());
                }
                configFile = tempDir.resolve(Path.of(template.resource()).getFileName());
                Files.writeString(configFile, template.fill(filled), StandardCharsets.UTF_8);
                argument = configFile.toString();
                directory = tempDir;
            } else {
                configFile = workDir.resolve(existingArgument);
                argument = existingArgument;
                directory = workDir;
            }
            List<String> command = new ArrayList<>();
            command.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
            command.add("@" + basedir().resolve("conf/jvm.options"));
            command.addAll(jvmOptions);
            command.add("-jar");
            command.add(jar().toString());
            if (checkOnly) {
                command.add("check");
            }
            command.add(argument);
            Process process = new ProcessBuilder(command).directory(directory.toFile()).start();
            return new WeftProcess(process, command, tempDir, configFile, argument, filled);
        }

        /** Starts the process and waits until its {@code @FRONT_PORT@} accepts connections. */
        public WeftProcess start() throws IOException {
            WeftProcess weft = launch();
            try {
                weft.awaitListening(weft.frontPort());
                return weft;
            } catch (RuntimeException | Error e) {
                weft.close();
                throw e;
            }
        }
    }
}
