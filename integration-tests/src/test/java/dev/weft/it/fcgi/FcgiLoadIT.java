package dev.weft.it.fcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The load that stalled HAProxy's keep-conn to 0 requests/s (issue 5): 64 concurrent keep-alive
 * clients against php-fpm with {@code pm.max_children = 8}, for 30 s. Every request is answered
 * 200, every client keeps being served, the count of answers grows in every 5 s window (a stall
 * would leave a window empty: weft's {@code timeout.server} is 10 s), no request fails (a
 * connection over php-fpm's capacity would wait in its backlog past {@code timeout.server}: a
 * 504), and php-fpm's backlog never held as many connections as it has children. It may hold
 * one for an instant: under {@code http-reuse safe} a client's first request gets a new
 * connection, for which weft closes an idle one first, and the freed child accepts the new one
 * only once it has seen that close (the load showed {@code max listen queue: 1} once in several
 * runs). Also 10 s without maxconn, where weft cannot know the capacity and uses one connection
 * per request.
 */
@ExtendWith(WeftDiagnostics.class)
class FcgiLoadIT {
    private static final String CONFIG = "conf/fcgi/php.properties";
    private static final int CHILDREN = 8;
    private static final int CLIENTS = 64;
    private static final Duration WINDOW = Duration.ofSeconds(5);

    @Test
    void sixtyFourKeepAliveClientsAgainstEightChildrenForThirtySecondsNeverStall() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(CHILDREN).script("pid.php", PhpScripts.SLOW);
             WeftProcess weft = WeftProcess.config(CONFIG).set("FPM_PORT", fpm.port()).set("MAXCONN", CHILDREN)
                     .set("DOCROOT", fpm.docroot()).start()) {

            runLoad(weft, fpm, 6);

            FpmStatus status = FcgiQueueIT.status(weft);
            assertThat(status.number("max listen queue"))
                    .as(() -> "connections that waited in php-fpm's backlog at once " + status).isLessThan(CHILDREN);
            assertThat(status.number("listen queue")).as(() -> "connections waiting now " + status).isZero();
        }
    }

    @Test
    void sixtyFourClientsWithoutMaxconnUseOneConnectionPerRequestAndNeverStall() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(CHILDREN).script("pid.php", PhpScripts.SLOW);
             WeftProcess weft = WeftProcess.config(CONFIG).set("FPM_PORT", fpm.port()).set("MAXCONN", 0)
                     .set("DOCROOT", fpm.docroot()).start()) {

            runLoad(weft, fpm, 2);
        }
    }

    /** Runs the clients for {@code windows} windows of 5 s; checks progress in each, then no failure. */
    private static void runLoad(WeftProcess weft, PhpFpm fpm, int windows) throws Exception {
        try (FcgiClients clients = new FcgiClients(weft.frontPort(), "/pid.php", CLIENTS)) {
            long before = clients.total();
            for (int w = 0; w < windows; w++) {
                Thread.sleep(WINDOW); // the load's duration, not a wait for an outcome
                long now = clients.total();
                int window = w;
                long from = before;
                assertThat(now).as(() -> "answers in window " + window + " (a stall answers none); failures "
                        + clients.failures() + weft.diagnostics() + fpm.diagnostics()).isGreaterThan(from);
                before = now;
            }
            clients.stopAndAwait(Duration.ofSeconds(40));
            System.out.println("FcgiLoadIT: " + CLIENTS + " clients, " + clients.total() + " answers in "
                    + windows * WINDOW.toSeconds() + " s, " + clients.failures().size() + " failures");
            assertThat(clients.failures()).as(() -> weft.diagnostics() + fpm.diagnostics()).isEmpty();
            assertThat(clients.done()).as("answered requests per client").doesNotContain(0L);
        }
    }
}
