package dev.weft.it.fcgi;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

import dev.weft.it.support.Ports;

/**
 * A real php-fpm (Debian's {@code php8.2-fpm}, installed by CI) run by a test: its own prefix
 * directory with a generated config ({@code -y conf -F -p prefix}), listening on a free loopback
 * port, {@code pm = static} with the children asked for, serving the PHP scripts the test writes
 * into its docroot. Run as the current user ({@code -R} when that is root). {@link #restart()}
 * stops it and starts it again on the same port. A missing php-fpm fails the test with a message
 * saying how to install it: CI installs it, so a skip would hide a broken setup.
 * Not thread-safe: driven by the test thread.
 */
final class PhpFpm implements AutoCloseable {
    /** Where Debian puts it; {@code WEFT_PHP_FPM} overrides. */
    static final Path DEFAULT_BINARY = Path.of("/usr/sbin/php-fpm8.2");
    private static final Duration START_TIMEOUT = Duration.ofSeconds(20);
    private static final Duration STOP_TIMEOUT = Duration.ofSeconds(20);

    private final Path binary;
    private final Path prefix;
    private final Path docroot;
    private final int port;
    private final int children;
    private Process process;

    private PhpFpm(Path binary, Path prefix, int port, int children) {
        this.binary = binary;
        this.prefix = prefix;
        this.docroot = prefix.resolve("www");
        this.port = port;
        this.children = children;
    }

    /** Starts php-fpm with {@code children} static workers; returns once its port accepts connections. */
    static PhpFpm start(int children) throws IOException {
        Path binary = binary();
        Path prefix = Files.createTempDirectory("weft-it-php-fpm-");
        Files.createDirectories(prefix.resolve("www"));
        PhpFpm fpm = new PhpFpm(binary, prefix, Ports.free(), children);
        fpm.writeConfig();
        fpm.launch();
        return fpm;
    }

    private static Path binary() {
        String override = System.getenv("WEFT_PHP_FPM");
        Path binary = override != null ? Path.of(override) : DEFAULT_BINARY;
        if (!Files.isExecutable(binary)) {
            throw new IllegalStateException("php-fpm not found at " + binary + ": the FastCGI integration tests need a real"
                    + " php-fpm (Debian/Ubuntu: apt-get install php8.2-fpm; .ci/run installs it), or set WEFT_PHP_FPM");
        }
        return binary;
    }

    private void writeConfig() throws IOException {
        String conf = String.join("\n",
                "[global]",
                "error_log = " + prefix.resolve("php-fpm.log"),
                "pid = " + prefix.resolve("php-fpm.pid"),
                "daemonize = no",
                "[www]",
                "listen = 127.0.0.1:" + port,
                "listen.backlog = 511",
                "pm = static",
                "pm.max_children = " + children,
                "pm.status_path = /fpm-status",
                "php_admin_value[output_buffering] = 0",
                "php_admin_value[memory_limit] = 64M",
                "php_admin_value[post_max_size] = 16M",
                "php_admin_flag[log_errors] = on",
                "");
        Files.writeString(prefix.resolve("php-fpm.conf"), conf, StandardCharsets.UTF_8);
    }

    private void launch() throws IOException {
        List<String> command = new ArrayList<>(List.of(binary.toString(), "-y", prefix.resolve("php-fpm.conf").toString(),
                "-F", "-p", prefix.toString()));
        if ("root".equals(System.getProperty("user.name"))) {
            command.add("-R");
        }
        process = new ProcessBuilder(command).redirectErrorStream(true)
                .redirectOutput(prefix.resolve("php-fpm.out").toFile()).start();
        try {
            await("php-fpm listening on 127.0.0.1:" + port).atMost(START_TIMEOUT).pollInterval(Duration.ofMillis(50))
                    .until(() -> !process.isAlive() || Ports.accepts(port));
        } catch (RuntimeException e) {
            process.destroyForcibly();
            throw new IllegalStateException("php-fpm did not start" + diagnostics(), e);
        }
        if (!process.isAlive()) {
            throw new IllegalStateException("php-fpm exited at start with status " + process.exitValue() + diagnostics());
        }
    }

    /** The port php-fpm listens on. */
    int port() {
        return port;
    }

    /** The directory scripts go in (fcgi.docroot of weft's config). */
    Path docroot() {
        return docroot;
    }

    /** Workers ({@code pm.max_children}). */
    int children() {
        return children;
    }

    /** Writes {@code docroot/name} with {@code php} as its content. */
    PhpFpm script(String name, String php) {
        try {
            Path file = docroot.resolve(name);
            Files.createDirectories(file.getParent());
            Files.writeString(file, php, StandardCharsets.UTF_8);
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Stops php-fpm (SIGTERM: in-flight requests are cut) and waits for it to exit. */
    void stop() throws InterruptedException {
        if (process == null) {
            return;
        }
        process.destroy();
        if (!process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS)) {
            process.destroyForcibly();
            process.waitFor(STOP_TIMEOUT.toSeconds(), TimeUnit.SECONDS);
        }
        process = null;
    }

    /** Stops php-fpm and starts it again on the same port with the same config. */
    void restart() throws IOException, InterruptedException {
        stop();
        launch();
    }

    /** php-fpm's own log and output, for assertion messages. */
    String diagnostics() {
        StringBuilder text = new StringBuilder();
        for (String name : List.of("php-fpm.log", "php-fpm.out")) {
            Path file = prefix.resolve(name);
            text.append("\n--- ").append(file).append('\n');
            try {
                List<String> lines = Files.exists(file) ? Files.readAllLines(file) : List.of("(none)");
                lines.subList(Math.max(0, lines.size() - 40), lines.size()).forEach(l -> text.append(l).append('\n'));
            } catch (IOException e) {
                text.append("(unreadable: ").append(e).append(")\n");
            }
        }
        return text.toString();
    }

    @Override
    public void close() throws InterruptedException {
        stop();
        try (Stream<Path> files = Files.walk(prefix)) {
            files.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
        } catch (IOException e) {
            // a leftover temp directory is harmless
        }
    }
}
