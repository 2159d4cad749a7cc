package dev.weft.it.config;

import static dev.weft.it.config.ConfigProblems.assertRejected;
import static dev.weft.it.config.ConfigProblems.assertReported;
import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.it.support.PortProbe;
import dev.weft.it.support.Ports;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * {@code java -jar weft.jar check FILE} validates without starting (like {@code haproxy -c}):
 * exit 0 for a valid file, 2 with the same report as a run for an invalid one, and no port bound
 * either way.
 */
@ExtendWith(WeftDiagnostics.class)
class CheckCommandIT {

    @Test
    void validConfigPassesCheckWithoutBinding() throws Exception {
        int frontPort = Ports.free();
        try (PortProbe probe = PortProbe.watch(frontPort);
             WeftProcess check = WeftProcess.config("conf/config/valid.properties").checkOnly()
                     .set("FRONT_PORT", frontPort).set("ORIGIN_PORT", Ports.free()).launch()) {

            int status = check.waitExit(ConfigProblems.EXIT);

            assertThat(status).as(() -> "exit status of check on a valid config" + check.diagnostics()).isZero();
            assertThat(probe.successfulConnects())
                    .as(() -> "check must not bind the frontend port (" + probe + ")" + check.diagnostics())
                    .isZero();
        }
    }

    @Test
    void invalidConfigFailsCheckWithTheFullReport() throws Exception {
        try (WeftProcess check = assertRejected(
                WeftProcess.config("conf/config/bad-several.properties").checkOnly())) {
            assertReported(check, "defaults.timeout.connect", "soon");
            assertReported(check, "backend.app.retries", "three");
            assertReported(check, "backend.app.server.s1", "weight");
        }
    }
}
