package dev.weft.it.fcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.List;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.DeterministicBytes;
import dev.weft.it.support.Http11;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * FCGI_OVERLOADED means the application did not process the request: weft retries it, even a
 * POST, on the other server (redispatch), with the kept body. Round robin over a FastCGI server
 * that refuses everything and a real php-fpm: every POST gets php-fpm's 200 with the right
 * checksum, and the refused ones show {@code +1} in the access log. {@code retry-on} is left at
 * its default ({@code conn-failure}): a refusal is retried whatever it says. (The config is the
 * dead-server one; its second server, {@code dead}, is the refusing peer here.)
 */
@ExtendWith(WeftDiagnostics.class)
class FcgiOverloadedIT {
    private static final int POSTS = 10;

    @Test
    void retriesAPostRefusedWithOverloadedOnTheOtherServer() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(2).script("sum.php", PhpScripts.CHECKSUM);
             OverloadedPeer busy = new OverloadedPeer();
             WeftProcess weft = WeftProcess.config("conf/fcgi/php-and-dead.properties").set("FPM_PORT", fpm.port())
                     .set("DEAD_PORT", busy.port()).set("MAXCONN", 2).set("DOCROOT", fpm.docroot()).start();
             HttpClient client = Http11.client()) {

            byte[] body = DeterministicBytes.array(4096);
            for (int i = 0; i < POSTS; i++) {
                HttpResponse<String> response = client.send(Http11.request(weft.uri("/sum.php?n=" + i))
                        .POST(HttpRequest.BodyPublishers.ofByteArray(body)).build(), BodyHandlers.ofString());
                assertThat(response.statusCode()).as(() -> response.body() + weft.diagnostics()).isEqualTo(200);
                assertThat(response.body()).isEqualTo(DeterministicBytes.sha256(4096) + " 4096");
            }

            List<AccessLogLine> lines = weft.awaitLogLines("the POSTs", l -> l.uri().startsWith("/sum.php"), POSTS);
            assertThat(lines).extracting(AccessLogLine::server).containsOnly("fpm");
            assertThat(busy.refused()).as("requests the overloaded server refused").isPositive();
            assertThat(lines.stream().filter(l -> l.retries().startsWith("+")).count())
                    .as(() -> "streams retried after FCGI_OVERLOADED" + weft.diagnostics()).isEqualTo(busy.refused());
        }
    }
}
