package dev.weft.it.h2;

import static org.assertj.core.api.Assertions.assertThat;


import dev.weft.it.support.Backpressure;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A slow client behind an HTTP/2 server: weft (48 MiB heap, exits on OOM) reads the server's
 * DATA only as the client takes the bytes, so HTTP/2 flow control stops the server instead of
 * weft buffering a 64 MiB response; the body then arrives intact.
 */
@ExtendWith(WeftDiagnostics.class)
class H2SlowClientIT {

    private static final String[] SMALL_HEAP = {"-Xmx48m", "-XX:+ExitOnOutOfMemoryError"};
    private static final long DOWNLOAD = 64L << 20;
    private static final int MIB = 1 << 20;

    @Test
    void aClientThatPausesStopsTheHttp2ServerInsteadOfFillingWeftsMemory() throws Exception {
        try (JettyOrigin origin = JettyOrigin.startH2c(100);
             WeftProcess weft = WeftProcess.config(H2BackendIT.CONFIG).set("ORIGIN_PORT", origin.port())
                     .jvmOptions(SMALL_HEAP).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort(), 64 * 1024)) {

            long pushed = Backpressure.pausedDownload(weft, client, DOWNLOAD, origin::bytesSent);
            assertThat(pushed)
                    .as(() -> "the HTTP/2 server pushed " + pushed + " bytes while the client had read 1 MiB and"
                            + " paused: weft must follow the client's pace" + weft.diagnostics())
                    .isLessThan(DOWNLOAD / 4);
        }
    }
}
