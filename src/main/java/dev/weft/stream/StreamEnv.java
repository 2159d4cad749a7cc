package dev.weft.stream;

import dev.weft.backend.Connector;
import dev.weft.observe.AccessLog;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What every stream of the process shares: the connector, the id counters, the access log, the
 * replay-buffer limit and the body buffers. Thread-safe; owned by {@code dev.weft.Proxy}, which
 * closes what needs closing.
 */
public final class StreamEnv {
    private final Connector connector;
    private final AccessLog accessLog;
    private final long bufsize;
    private final IoWatchdog watchdog;
    private final AtomicLong streamIds = new AtomicLong();
    private final AtomicLong connStreamIds = new AtomicLong();
    /** Body buffers: 64 kept idle (4 MiB), 256 lent at most (16 MiB), then 16 KiB ones. */
    private final BodyBuffers bodyBuffers = new BodyBuffers(64, 256);
    private final YieldGate yieldGate;

    /**
     * @param connector opens server connections
     * @param accessLog where finished streams are logged
     * @param bufsize   {@code global.tune.bufsize}: the most request body kept for replay
     * @param watchdog  bounds blocking client reads and writes ({@code timeout.client})
     */
    public StreamEnv(Connector connector, AccessLog accessLog, long bufsize, IoWatchdog watchdog) {
        this(connector, accessLog, bufsize, watchdog, new YieldGate(YieldGate.PERIOD_NANOS, System.nanoTime()));
    }

    /** As above, with the gate the streams' yields go through (tests give their own). */
    StreamEnv(Connector connector, AccessLog accessLog, long bufsize, IoWatchdog watchdog, YieldGate yieldGate) {
        this.yieldGate = yieldGate;
        this.watchdog = watchdog;
        this.connector = connector;
        this.accessLog = accessLog;
        this.bufsize = bufsize;
    }

    BodyBuffers bodyBuffers() {
        return bodyBuffers;
    }

    /** @return the gate every stream's yields go through */
    YieldGate yieldGate() {
        return yieldGate;
    }

    public Connector connector() {
        return connector;
    }

    public AccessLog accessLog() {
        return accessLog;
    }

    public IoWatchdog watchdog() {
        return watchdog;
    }

    public long bufsize() {
        return bufsize;
    }

    public long nextStreamId() {
        return streamIds.incrementAndGet();
    }

    public long nextConnStreamId() {
        return connStreamIds.incrementAndGet();
    }
}
