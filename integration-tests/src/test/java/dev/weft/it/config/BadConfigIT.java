package dev.weft.it.config;

import static dev.weft.it.config.ConfigProblems.assertRejected;
import static dev.weft.it.config.ConfigProblems.assertReported;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A bad config never half-starts: weft exits with status 2 before binding any port (its frontend
 * port is watched from launch to exit), and reports every problem at once as
 * {@code FILE:LINE: key 'KEY': MESSAGE}.
 */
@ExtendWith(WeftDiagnostics.class)
class BadConfigIT {

    @Test
    void everyProblemIsReportedWithFileLineAndKey() throws Exception {
        try (WeftProcess weft = assertRejected(WeftProcess.config("conf/config/bad-several.properties"))) {
            assertReported(weft, "defaults.timeout.connect", "soon");
            assertReported(weft, "backend.app.retries", "three");
            assertReported(weft, "backend.app.server.s1", "weight");
        }
    }

    @Test
    void unknownKeyIsAnErrorWithASuggestion() throws Exception {
        try (WeftProcess weft = assertRejected(WeftProcess.config("conf/config/bad-unknown-key.properties"))) {
            String line = assertReported(weft, "backend.app.retires", "did you mean");
            assertThat(line.substring(line.indexOf("did you mean")))
                    .as("the suggestion for backend.app.retires")
                    .contains("retries");
        }
    }

    @Test
    void referencesToMissingBackendsAreErrors() throws Exception {
        try (WeftProcess weft = assertRejected(WeftProcess.config("conf/config/bad-missing-backend.properties"))) {
            assertReported(weft, "frontend.web.default-backend", "nowhere");
            assertReported(weft, "frontend.web.route.10", "ghost");
        }
    }
}
