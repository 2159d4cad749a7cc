package dev.weft.stream;

import java.util.concurrent.locks.LockSupport;

/**
 * Run in a JVM of its own with one carrier ({@code -Djdk.virtualThreadScheduler.parallelism=1}):
 * prints what {@link CarrierQueue} tells a virtual thread, as {@code available=B alone=B
 * behind=B}: whether it can tell at all, whether it sees other tasks queued when it runs alone,
 * and after it has unparked another virtual thread (which the JDK pushes on the carrier's own
 * queue, behind the running one). Exits 0.
 */
public final class CarrierQueueProbe {
    private CarrierQueueProbe() {
    }

    public static void main(String[] args) throws InterruptedException {
        StringBuilder out = new StringBuilder("available=" + CarrierQueue.available());
        Thread.ofVirtual().start(() -> {
            out.append(" alone=").append(CarrierQueue.othersQueued());
            Thread parked = Thread.ofVirtual().unstarted(LockSupport::park);
            parked.start();
            Thread.yield(); // let it run to its park: the queue is empty again after this
            LockSupport.unpark(parked);
            out.append(" behind=").append(CarrierQueue.othersQueued());
        }).join();
        System.out.println(out);
    }
}
