package dev.weft.stream;

import java.lang.invoke.MethodHandle;
import java.lang.invoke.MethodHandles;
import java.lang.invoke.MethodType;
import java.util.concurrent.ForkJoinWorkerThread;

/**
 * Whether other tasks wait in the current virtual thread's carrier's own queue: the streams a
 * yield would let run first.
 *
 * <p>Why: a virtual thread that yields while that queue is empty is submitted to the pool from
 * outside (JDK 25 {@code VirtualThread.afterYield}), where it waits until the carrier's own
 * queue is empty again (a worker runs its queue dry before outside work). Under load the read
 * poller keeps that queue busy, and such a yield cost a stream hundreds of milliseconds
 * (BENCHMARKS.md, "A stream can wait seconds"); it buys nothing either, since no ready stream was
 * waiting for the carrier. So a stream yields only when this says true.
 *
 * <p>How: the carrier is {@code Thread.currentCarrierThread()}, which is not public; reaching it
 * needs {@code java.lang} opened to weft (the jar's manifest says {@code Add-Opens:
 * java.base/java.lang}, so {@code java -jar} opens it). Without it (another launcher) weft warns
 * once and answers true: every stream yields, as before this check. Thread-safe; stateless.
 */
final class CarrierQueue {
    private static final System.Logger LOG = System.getLogger(CarrierQueue.class.getName());
    /** Thread.currentCarrierThread(), or null when java.lang is not open to weft. */
    private static final MethodHandle CURRENT_CARRIER = currentCarrier();

    private CarrierQueue() {
    }

    private static MethodHandle currentCarrier() {
        try {
            return MethodHandles.privateLookupIn(Thread.class, MethodHandles.lookup())
                    .findStatic(Thread.class, "currentCarrierThread", MethodType.methodType(Thread.class));
        } catch (IllegalAccessException | NoSuchMethodException e) {
            LOG.log(System.Logger.Level.WARNING, "java.lang is not open to weft (start it with java -jar, or"
                    + " --add-opens java.base/java.lang=ALL-UNNAMED): every stream yields after its request,"
                    + " even with no other stream to let in (" + e + ")");
            return null;
        }
    }

    /** Whether this can tell (java.lang is open to weft); if not, {@link #othersQueued} is always true. */
    static boolean available() {
        return CURRENT_CARRIER != null;
    }

    /**
     * @return true if the current thread is a virtual thread whose carrier's queue holds other
     *         tasks, or if that cannot be told (not a pool carrier, or no access); false if the
     *         queue is empty
     */
    static boolean othersQueued() {
        if (CURRENT_CARRIER == null) {
            return true;
        }
        Thread carrier;
        try {
            carrier = (Thread) CURRENT_CARRIER.invokeExact();
        } catch (RuntimeException | Error e) {
            throw e;
        } catch (Throwable t) {
            throw new IllegalStateException("Thread.currentCarrierThread() threw a checked exception", t);
        }
        return !(carrier instanceof ForkJoinWorkerThread worker) || worker.getQueuedTaskCount() > 0;
    }
}
