package dev.weft.it.fcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;

import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.ResponseHead;
import dev.weft.it.support.Sha256;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A 10 MiB PHP response streams through weft with bounded memory: weft runs with a 16 MiB heap
 * (and exits on OOM), and the first MiB reaches the client while the script is still held back
 * before producing the rest (it waits for a gate file the test creates only after reading that
 * MiB), so weft relays STDOUT as it comes instead of collecting it until END_REQUEST. The
 * response has no length (none is known before END_REQUEST): the client gets it chunked.
 */
@ExtendWith(WeftDiagnostics.class)
class FcgiLargeResponseIT {
    private static final String CONFIG = "conf/fcgi/php.properties";
    private static final String[] SMALL_HEAP = {"-Xmx16m", "-XX:+ExitOnOutOfMemoryError"};
    private static final int BLOCK = 64 * 1024;
    private static final int BLOCKS = 160;
    private static final int FIRST_PART = 16 * BLOCK;

    @Test
    void streamsTenMebibytesInBoundedMemoryAsTheScriptProducesThem() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(2).script("big.php", PhpScripts.TEN_MIB);
             WeftProcess weft = WeftProcess.config(CONFIG).set("FPM_PORT", fpm.port()).set("MAXCONN", 0)
                     .set("DOCROOT", fpm.docroot()).jvmOptions(SMALL_HEAP).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort(), 64 * 1024)) {
            Path gate = fpm.docroot().resolve("gate");

            client.send(RawHttpConnection.head("GET /big.php?gate=" + gate + " HTTP/1.1", "Host: localhost"));
            ResponseHead head = client.readHead();
            assertThat(head.status()).as(() -> weft.diagnostics() + fpm.diagnostics()).isEqualTo(200);
            assertThat(head.chunked()).as("no length is known before END_REQUEST").isTrue();

            MessageDigest digest = Sha256.newDigest();
            long read;
            try (InputStream body = client.body(head, "GET")) {
                read = Sha256.copy(body, digest, FIRST_PART);
                assertThat(read).as("the first MiB, relayed while the script waits for the gate").isEqualTo(FIRST_PART);
                Files.createFile(gate);
                read += Sha256.copy(body, digest, Long.MAX_VALUE);
            }

            assertThat(read).as(weft::diagnostics).isEqualTo((long) BLOCK * BLOCKS);
            assertThat(Sha256.hex(digest)).isEqualTo(expectedSha256());
            assertThat(weft.isAlive()).as(() -> "weft died relaying 10 MiB with a 16 MiB heap" + weft.diagnostics()).isTrue();
        }
    }

    private static String expectedSha256() {
        MessageDigest digest = Sha256.newDigest();
        byte[] block = "0123456789abcdef".repeat(BLOCK / 16).getBytes(StandardCharsets.US_ASCII);
        for (int i = 0; i < BLOCKS; i++) {
            digest.update(block);
        }
        return Sha256.hex(digest);
    }
}
