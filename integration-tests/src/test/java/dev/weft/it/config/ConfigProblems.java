package dev.weft.it.config;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.weft.it.support.Ports;
import dev.weft.it.support.PortProbe;
import dev.weft.it.support.WeftProcess;

/**
 * Checks on weft's config error report: {@code FILE:LINE: key 'KEY': MESSAGE} on stderr, FILE as
 * given on the command line, LINE where the file assigns KEY. Stateless.
 */
final class ConfigProblems {

    /** How long a rejected config may take to exit (a JVM start plus validation). */
    static final Duration EXIT = Duration.ofSeconds(20);

    private ConfigProblems() {
    }

    /**
     * Launches {@code builder} (a run or a {@code check}) with a fresh frontend port, watching its frontend port the whole time;
     * asserts exit status 2 and that the port never accepted a connection; returns the exited process.
     * The caller closes it.
     */
    static WeftProcess assertRejected(WeftProcess.Builder builder) throws Exception {
        int frontPort = Ports.free();
        WeftProcess weft = null;
        try (PortProbe probe = PortProbe.watch(frontPort)) {
            weft = builder.set("FRONT_PORT", frontPort).set("ORIGIN_PORT", Ports.free()).launch();
            checkRejected(weft, probe, frontPort);
            return weft;
        } catch (Exception | Error failure) {
            if (weft != null) {
                weft.close();
            }
            throw failure;
        }
    }

    private static void checkRejected(WeftProcess weft, PortProbe probe, int frontPort) throws InterruptedException {
        int status = weft.waitExit(EXIT);
        assertThat(status).as(() -> "exit status of a bad config" + weft.diagnostics()).isEqualTo(2);
        assertThat(probe.successfulConnects())
                .as(() -> "weft accepted connections on the frontend port of a bad config (" + probe + ")"
                        + weft.diagnostics())
                .isZero();
        assertThat(Ports.accepts(frontPort)).as("frontend port %d bound after a bad config", frontPort).isFalse();
    }

    /**
     * Asserts that stderr has a line {@code FILE:LINE: key 'KEY': ...} for {@code key}, containing
     * each of {@code mentions}; returns that line.
     */
    static String assertReported(WeftProcess weft, String key, String... mentions) {
        String prefix = weft.configArgument() + ":" + weft.lineOf(key) + ": key '" + key + "':";
        List<String> lines = weft.stderrLines().stream().filter(l -> l.contains(prefix)).toList();
        assertThat(lines).as(() -> "stderr must report '" + prefix + " ...'" + weft.diagnostics()).isNotEmpty();
        String line = lines.getFirst();
        for (String mention : mentions) {
            assertThat(line).as(() -> "the report for " + key + " should mention '" + mention + "'" + weft.diagnostics())
                    .contains(mention);
        }
        return line;
    }
}
