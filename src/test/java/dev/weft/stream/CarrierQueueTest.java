package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

import org.junit.jupiter.api.Test;

/*
 * CarrierQueue on the JDK itself, in a JVM with one carrier (CarrierQueueProbe): with java.lang
 * open (as the jar's manifest opens it) it tells an empty queue from one holding a woken virtual
 * thread; without, it says "queued" every time (every stream yields, as before it existed).
 */
class CarrierQueueTest {
    @Test
    void withJavaLangOpenItSeesWhetherAnotherThreadIsQueued() throws Exception {
        assertThat(probe(true)).isEqualTo("available=true alone=false behind=true");
    }

    @Test
    void withoutItAnswersQueuedEveryTime() throws Exception {
        assertThat(probe(false)).isEqualTo("available=false alone=true behind=true");
    }

    /* Outside a virtual thread there is no carrier queue to ask: the answer is "queued". */
    @Test
    void onAPlatformThreadItAnswersQueued() {
        assertThat(CarrierQueue.othersQueued()).isTrue();
    }

    private static String probe(boolean open) throws IOException, InterruptedException {
        List<String> command = new ArrayList<>(List.of(
                Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Djdk.virtualThreadScheduler.parallelism=1",
                "-Djdk.virtualThreadScheduler.maxPoolSize=1"));
        if (open) {
            command.add("--add-opens=java.base/java.lang=ALL-UNNAMED");
        }
        command.addAll(List.of("-cp", System.getProperty("java.class.path"), CarrierQueueProbe.class.getName()));
        Process p = new ProcessBuilder(command).redirectError(ProcessBuilder.Redirect.DISCARD).start();
        try (InputStream in = p.getInputStream()) {
            if (!p.waitFor(60, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new AssertionError("probe did not end");
            }
            return new String(in.readAllBytes(), StandardCharsets.US_ASCII).strip();
        }
    }
}
