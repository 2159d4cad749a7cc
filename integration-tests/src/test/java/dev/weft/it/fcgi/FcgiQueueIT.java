package dev.weft.it.fcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * More concurrent requests than php-fpm has children: 32 clients against {@code pm.max_children
 * = 4}, each request holding its child 50 ms. None fails. With {@code maxconn=4} (the capacity
 * known) weft keeps its connections and queues the streams beyond 4 itself: php-fpm's status page
 * shows that at most a hand-over ever waited in its accept backlog ({@code max listen queue} at
 * most 4, where the 28 streams beyond the capacity would have waited there): under http-reuse
 * safe a client's first request gets a new connection, so weft closes an idle one and opens
 * another, which waits an instant until the child that had the closed one has seen its end
 * (as FcgiLoadIT).
 * Without maxconn (php-fpm does not report FCGI_MAX_CONNS) every request has its own connection,
 * closed after END_REQUEST, and the backlog drains in order. (php-fpm's {@code accepted conn} and
 * {@code active processes} are not usable here: with keep-conn connections php-fpm 8.2 counts
 * two accepted connections per request and more active processes than it has children.)
 */
@ExtendWith(WeftDiagnostics.class)
class FcgiQueueIT {
    private static final String CONFIG = "conf/fcgi/php.properties";
    private static final int CHILDREN = 4;
    private static final int CLIENTS = 32;
    private static final int REQUESTS = 400;

    @Test
    void queuesStreamsBeyondMaxconnInWeftNotInPhpFpmsBacklog() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(CHILDREN).script("slow.php", PhpScripts.SLOW);
             WeftProcess weft = WeftProcess.config(CONFIG).set("FPM_PORT", fpm.port()).set("MAXCONN", CHILDREN)
                     .set("DOCROOT", fpm.docroot()).start()) {

            runClients(weft, fpm);

            FpmStatus status = status(weft);
            assertThat(status.number("max listen queue"))
                    .as(() -> "connections that waited in php-fpm's backlog: weft must queue them itself " + status)
                    .isLessThanOrEqualTo(CHILDREN);
        }
    }

    @Test
    void servesEveryRequestWithOneConnectionEachWhenTheCapacityIsUnknown() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(CHILDREN).script("slow.php", PhpScripts.SLOW);
             WeftProcess weft = WeftProcess.config(CONFIG).set("FPM_PORT", fpm.port()).set("MAXCONN", 0)
                     .set("DOCROOT", fpm.docroot()).start()) {

            runClients(weft, fpm);
        }
    }

    private static void runClients(WeftProcess weft, PhpFpm fpm) throws Exception {
        try (FcgiClients clients = new FcgiClients(weft.frontPort(), "/slow.php?ms=50", CLIENTS)) {
            weft.awaitOrFail(REQUESTS + " answered requests", Duration.ofSeconds(90),
                    () -> clients.total() >= REQUESTS || !clients.failures().isEmpty());
            clients.stopAndAwait(Duration.ofSeconds(40));
            assertThat(clients.failures()).as(() -> weft.diagnostics() + fpm.diagnostics()).isEmpty();
            assertThat(clients.done()).as("answered requests per client").doesNotContain(0L);
        }
    }

    /** php-fpm's status page, fetched through weft. */
    static FpmStatus status(WeftProcess weft) throws Exception {
        try (RawHttpConnection c = RawHttpConnection.open(weft.frontPort())) {
            RawResponse page = c.exchange("GET", "/fpm-status");
            assertThat(page.status()).as(() -> page.bodyText() + weft.diagnostics()).isEqualTo(200);
            return FpmStatus.parse(page.bodyText());
        }
    }
}
