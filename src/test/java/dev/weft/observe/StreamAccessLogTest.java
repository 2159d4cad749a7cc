package dev.weft.observe;

import static org.assertj.core.api.Assertions.assertThat;
import static org.awaitility.Awaitility.await;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.IntStream;

import org.junit.jupiter.api.Test;

/** The writer thread: order, wake-ups, the bound on waiting lines. Records are not formatted here (null). */
class StreamAccessLogTest {
    private static final Duration BOUND = Duration.ofSeconds(10);

    /** Collects what the writer writes; synchronized, since the test reads while the writer writes. */
    private static class Sink extends OutputStream {
        private final ByteArrayOutputStream bytes = new ByteArrayOutputStream();

        @Override
        public synchronized void write(int b) {
            bytes.write(b);
        }

        @Override
        public synchronized void write(byte[] b, int off, int len) {
            bytes.write(b, off, len);
        }

        synchronized String text() {
            return bytes.toString(StandardCharsets.UTF_8);
        }
    }

    @Test
    void linesAreWrittenInTheOrderLoggedAndCloseWritesTheRest() {
        Sink sink = new Sink();
        AtomicInteger n = new AtomicInteger();
        StreamAccessLog log = new StreamAccessLog(sink, false, r -> "line " + n.incrementAndGet());
        for (int i = 0; i < 5000; i++) {
            log.log(null);
        }
        log.close();
        assertThat(sink.text().lines()).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 5000).mapToObj(i -> "line " + i).toList());
    }

    @Test
    void aLineLoggedWhileTheWriterSleepsIsWrittenWithoutWaitingForClose() throws Exception {
        Sink sink = new Sink();
        AtomicInteger n = new AtomicInteger();
        StreamAccessLog log = new StreamAccessLog(sink, false, r -> "line " + n.incrementAndGet());
        try {
            log.log(null);
            await().atMost(BOUND).until(() -> sink.text().equals("line 1\n"));
            Thread.sleep(100); // the writer has found nothing more and parked
            log.log(null);
            await().atMost(BOUND).until(() -> sink.text().equals("line 1\nline 2\n"));
        } finally {
            log.close();
        }
    }

    @Test
    void linesBeyondTheCapacityAreDroppedWhileTheWriterIsStuck() throws Exception {
        CountDownLatch writing = new CountDownLatch(1);
        CountDownLatch release = new CountDownLatch(1);
        Sink sink = new Sink() {
            @Override
            public synchronized void write(byte[] b, int off, int len) {
                writing.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
                super.write(b, off, len);
            }
        };
        AtomicInteger n = new AtomicInteger();
        StreamAccessLog log = new StreamAccessLog(sink, false, r -> "line " + n.incrementAndGet(), 10);
        log.log(null);
        assertThat(writing.await(BOUND.toSeconds(), TimeUnit.SECONDS)).isTrue(); // the writer holds line 1
        for (int i = 0; i < 100; i++) {
            log.log(null);
        }
        release.countDown();
        log.close();
        assertThat(sink.text().lines()).containsExactlyElementsOf(
                IntStream.rangeClosed(1, 11).mapToObj(i -> "line " + i).toList());
    }

    @Test
    void closeOfAFileClosesIt() throws IOException {
        AtomicInteger closes = new AtomicInteger();
        Sink sink = new Sink() {
            @Override
            public void close() {
                closes.incrementAndGet();
            }
        };
        new StreamAccessLog(sink, true, r -> "x").close();
        assertThat(closes.get()).isEqualTo(1);
    }
}
