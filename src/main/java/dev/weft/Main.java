package dev.weft;

import dev.weft.backend.Backends;
import dev.weft.backend.Connector;
import dev.weft.config.ConfigException;
import dev.weft.config.ConfigLoader;
import dev.weft.config.ConfigProblem;
import dev.weft.config.WeftConfig;
import dev.weft.frontend.FrontendListener;
import dev.weft.frontend.Frontends;
import dev.weft.frontend.HelidonRegistry;
import dev.weft.observe.AccessLog;
import dev.weft.observe.AccessLogs;
import dev.weft.observe.JfrRecording;
import dev.weft.stream.IoWatchdog;
import dev.weft.stream.StreamEnv;

import java.io.IOException;
import java.io.PrintStream;
import java.text.ParseException;
import java.nio.file.Path;
import java.util.concurrent.CountDownLatch;

import sun.misc.Signal;

/**
 * {@code java -jar weft.jar [CONFIG]} runs the proxy ({@code conf/weft.properties} by default);
 * {@code java -jar weft.jar check CONFIG} only validates. Exit status: 0 after a clean stop
 * (SIGTERM or SIGINT: stop accepting, let in-flight streams finish within {@code global.grace}),
 * 2 for a bad configuration or usage, 1 when the proxy cannot start (an address in use).
 */
public final class Main {
    private static final int EXIT_CONFIG = 2;
    private static final int EXIT_START = 1;

    private Main() {
    }

    public static void main(String[] args) throws InterruptedException {
        PrintStream err = System.err;
        boolean checkOnly = args.length > 0 && args[0].equals("check");
        if (args.length > 2 || (checkOnly && args.length != 2) || (!checkOnly && args.length == 2)) {
            err.println("usage: java -jar weft.jar [CONFIG] | check CONFIG");
            System.exit(EXIT_CONFIG);
        }
        Path file = Path.of(checkOnly ? args[1] : args.length == 1 ? args[0] : "conf/weft.properties");
        WeftConfig config;
        try {
            config = new ConfigLoader(System::getenv).load(file);
        } catch (ConfigException e) {
            for (ConfigProblem p : e.problems()) {
                err.println(p);
            }
            err.println("weft: " + e.problems().size() + " problem(s) in " + file + "; nothing started");
            System.exit(EXIT_CONFIG);
            return;
        }
        if (checkOnly) {
            err.println(file + ": configuration valid");
            System.exit(0);
        }
        System.exit(run(config, err));
    }

    /** Runs until SIGTERM/SIGINT; returns the exit status. */
    private static int run(WeftConfig config, PrintStream err) throws InterruptedException {
        HelidonRegistry.install(); // first: before Helidon makes its own, with discovery
        AccessLog log;
        try {
            log = AccessLogs.open(config.global());
        } catch (IOException e) {
            err.println("weft: cannot open the access log: " + e.getMessage());
            return EXIT_START;
        }
        JfrRecording jfr = null;
        if (config.global().jfr()) {
            try {
                jfr = JfrRecording.start(config.global());
            } catch (IOException | ParseException e) {
                err.println("weft: cannot start the JFR recording: " + e.getMessage());
                log.close();
                return EXIT_START;
            }
        }
        Backends backends = new Backends(config);
        IoWatchdog watchdog = new IoWatchdog();
        Connector connector = new Connector(64 * 1024, watchdog);
        StreamEnv env = new StreamEnv(connector, log, config.global().bufsize(), watchdog);
        Frontends frontends = new Frontends(config, backends, env);
        try {
            frontends.start();
        } catch (RuntimeException e) {
            err.println("weft: cannot start: " + e.getMessage());
            backends.close();
            connector.close();
            log.close();
            if (jfr != null) {
                jfr.close();
            }
            return EXIT_START;
        }
        for (FrontendListener l : frontends.listeners()) {
            err.println("weft: frontend " + l.name() + " listening, port " + l.port());
        }
        CountDownLatch stop = new CountDownLatch(1);
        Signal.handle(new Signal("TERM"), s -> stop.countDown());
        Signal.handle(new Signal("INT"), s -> stop.countDown());
        stop.await();
        err.println("weft: stopping; in-flight streams have " + config.global().grace().toSeconds() + "s");
        frontends.stop();
        // before the watchdog: closing an HTTP/2 connection writes its GOAWAY, bounded by the sweep
        backends.close();
        connector.close();
        watchdog.close();
        log.close();
        if (jfr != null) {
            jfr.close();
            err.println("weft: JFR recording written to " + config.global().jfrFile());
        }
        err.println("weft: stopped");
        return 0;
    }
}
