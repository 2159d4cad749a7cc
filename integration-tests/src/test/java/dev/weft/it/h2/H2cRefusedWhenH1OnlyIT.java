package dev.weft.it.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.weft.it.support.ExternalTool;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** {@code frontend.NAME.protocols = h1} refuses h2c: no HTTP/2 by prior knowledge, no Upgrade. */
@ExtendWith(WeftDiagnostics.class)
class H2cRefusedWhenH1OnlyIT {

    private static final String CONFIG = "conf/h2/h1-only-frontend.properties";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(30);

    @Test
    void priorKnowledgeHttp2IsRefused() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start()) {

            ExternalTool.Result r = ExternalTool.run(TOOL_TIMEOUT, "curl", "-sS", "-i", "--max-time", "10",
                    "--http2-prior-knowledge", weft.uri("/echo/pk").toString());

            assertThat(r.stdout()).as(() -> r + weft.diagnostics()).doesNotStartWith("HTTP/2");
            assertThat(origin.requests()).as("no request may reach the server over a refused protocol").isEmpty();
        }
    }

    @Test
    void anUpgradeToH2cIsIgnoredAndAnsweredInHttp11() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start()) {

            ExternalTool.Result r = ExternalTool.run(TOOL_TIMEOUT, "curl", "-sS", "-i", "--http2",
                    weft.uri("/echo/up").toString());

            assertThat(r.exitCode()).as(() -> r + weft.diagnostics()).isZero();
            assertThat(r.stdout()).as(r::toString).startsWith("HTTP/1.1 200").doesNotContain("HTTP/1.1 101");
        }
    }
}
