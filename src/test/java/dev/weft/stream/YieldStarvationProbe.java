package dev.weft.stream;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.locks.LockSupport;

/**
 * Run in a JVM of its own with one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1}):
 * eight virtual threads loop sending nothing and yielding, as streams do after each request, and
 * one virtual thread reads a socket whose byte has already arrived. Prints {@code woke} if the
 * reader got its byte within five seconds, {@code starved} if not, and exits 0 either way.
 *
 * <p>Argument {@code plain}: the loopers always yield. Argument {@code gate}: they ask a
 * {@link YieldGate} with its 50 ms period, and when refused park for 100 us (as a stream then
 * reads and parks until its answer comes).
 */
public final class YieldStarvationProbe {
    private YieldStarvationProbe() {
    }

    public static void main(String[] args) throws IOException, InterruptedException {
        boolean gated = args[0].equals("gate");
        YieldGate gate = new YieldGate(YieldGate.PERIOD_NANOS, System.nanoTime());
        try (ServerSocket listener = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
                Socket writer = new Socket(listener.getInetAddress(), listener.getLocalPort());
                Socket reader = listener.accept()) {
            CountDownLatch woke = new CountDownLatch(1);
            CountDownLatch readerParked = new CountDownLatch(1);
            Thread.ofVirtual().start(() -> {
                try {
                    InputStream in = reader.getInputStream();
                    readerParked.countDown(); // nothing to read yet: read parks on the poller
                    if (in.read() == 'x') {
                        woke.countDown();
                    }
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException(e);
                }
            });
            readerParked.await();
            Thread.sleep(200); // let the reader park on the poller
            // Started from a virtual thread, the loopers land on the carrier's own queue; a
            // yield made while that queue holds tasks goes back on it.
            Thread.ofVirtual().start(() -> {
                for (int i = 0; i < 8; i++) {
                    Thread.ofVirtual().start(() -> loop(gated, gate));
                }
            }).join();
            OutputStream out = writer.getOutputStream();
            out.write('x');
            out.flush();
            System.out.println(woke.await(5, TimeUnit.SECONDS) ? "woke" : "starved");
            System.out.flush();
            Runtime.getRuntime().halt(0); // the loopers never end
        }
    }

    private static void loop(boolean gated, YieldGate gate) {
        while (true) {
            if (!gated) {
                Thread.yield();
            } else if (!gate.yieldIfOpen(System.nanoTime())) {
                LockSupport.parkNanos(100_000);
            }
        }
    }
}
