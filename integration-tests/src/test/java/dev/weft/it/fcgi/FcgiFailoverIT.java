package dev.weft.it.fcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.util.List;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.Ports;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * FastCGI servers that fail: a dead one beside a live php-fpm (refused connects redispatched, no
 * client sees an error), and php-fpm restarted under load (no client hangs; a request fails only
 * if it was in flight when php-fpm went down, so at most one per client).
 */
@ExtendWith(WeftDiagnostics.class)
class FcgiFailoverIT {
    private static final int CLIENTS = 16;

    @Test
    void redispatchesFromADeadFastCgiServerToTheLiveOne() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(4).script("slow.php", PhpScripts.SLOW);
             WeftProcess weft = WeftProcess.config("conf/fcgi/php-and-dead.properties").set("FPM_PORT", fpm.port())
                     .set("DEAD_PORT", Ports.free()).set("MAXCONN", 4).set("DOCROOT", fpm.docroot()).start();
             FcgiClients clients = new FcgiClients(weft.frontPort(), "/slow.php", CLIENTS)) {

            weft.awaitOrFail("320 answered requests", Duration.ofSeconds(60),
                    () -> clients.total() >= 320 || !clients.failures().isEmpty());
            clients.stopAndAwait(Duration.ofSeconds(40));

            assertThat(clients.failures()).as(() -> weft.diagnostics() + fpm.diagnostics()).isEmpty();
            List<AccessLogLine> lines = weft.awaitLogLines("the requests", l -> l.uri().startsWith("/slow.php"), 320);
            assertThat(lines).extracting(AccessLogLine::server).containsOnly("fpm");
            assertThat(lines).as(() -> "streams redispatched from 'dead' (retries +N)" + weft.diagnostics())
                    .anySatisfy(l -> assertThat(l.retries()).startsWith("+"));
        }
    }

    @Test
    void survivesAPhpFpmRestartUnderLoadWithoutHungClients() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(4).script("slow.php", PhpScripts.SLOW);
             WeftProcess weft = WeftProcess.config("conf/fcgi/php.properties").set("FPM_PORT", fpm.port())
                     .set("MAXCONN", 4).set("DOCROOT", fpm.docroot()).start();
             FcgiClients clients = new FcgiClients(weft.frontPort(), "/slow.php?ms=20", CLIENTS)) {

            weft.awaitOrFail("100 requests before the restart", Duration.ofSeconds(60), () -> clients.total() >= 100);
            fpm.restart();
            long atRestart = clients.total();
            weft.awaitOrFail("100 more requests after the restart", Duration.ofSeconds(60),
                    () -> clients.total() >= atRestart + 100);
            clients.stopAndAwait(Duration.ofSeconds(40));
            System.out.println("FcgiFailoverIT: php-fpm restarted under load; " + clients.total() + " answers, failures: "
                    + clients.failures());

            assertThat(clients.failures())
                    .as(() -> "at most the requests in flight when php-fpm went down (one per client)"
                            + weft.diagnostics() + fpm.diagnostics())
                    .hasSizeLessThanOrEqualTo(CLIENTS);
            assertThat(clients.done()).as("answered requests per client").doesNotContain(0L);
        }
    }
}
