package dev.weft.it.retry;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.Ports;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Every server address refuses connections: with {@code retries 3} weft makes the first attempt
 * and three retries, then answers 503, logged {@code SC} with the retries field {@code +3}
 * (redispatched) and the last server tried. The count of retries does not depend on the number
 * of servers: with two dead servers it is still {@code +3}.
 */
@ExtendWith(WeftDiagnostics.class)
class AllServersDeadIT {

    private static final String CONFIG = "conf/retry/all-servers-dead.properties";

    @Test
    void threeDeadServersGive503AfterThreeRetries() throws Exception {
        assertAllRetriesThen503("/three", "three", "s1", "s2", "s3");
    }

    @Test
    void moreRetriesThanServersStillMakesEveryRetry() throws Exception {
        assertAllRetriesThen503("/two/x", "two", "s1", "s2");
    }

    private static void assertAllRetriesThen503(String uri, String backend, String... servers) throws Exception {
        try (WeftProcess weft = WeftProcess.config(CONFIG).set("DEAD1_PORT", Ports.free())
                .set("DEAD2_PORT", Ports.free()).set("DEAD3_PORT", Ports.free()).start();
             RawHttpConnection connection = RawHttpConnection.open(weft.frontPort())) {

            RawResponse unavailable = connection.exchange("GET", uri);

            assertThat(unavailable.status()).as(() -> unavailable + weft.diagnostics()).isEqualTo(503);
            AccessLogLine line = weft.awaitLogLine("for " + uri, l -> l.uri().equals(uri));
            assertThat(line).as(weft::diagnostics)
                    .extracting(AccessLogLine::backend, AccessLogLine::status, AccessLogLine::terminationState,
                            AccessLogLine::retries)
                    .containsExactly(backend, 503, "SC", "+3");
            assertThat(line.server()).as(() -> "the last server tried" + weft.diagnostics()).isIn((Object[]) servers);
        }
    }
}
