package dev.weft.stream;

import dev.weft.backend.Connector;
import dev.weft.observe.AccessLog;

import java.util.concurrent.atomic.AtomicLong;

/**
 * What every stream of the process shares: the connector, the id counters, the access log and
 * the replay-buffer limit. Thread-safe; owned by {@code dev.weft.Proxy}, which closes what
 * needs closing.
 */
public final class StreamEnv {
    private final Connector connector;
    private final AccessLog accessLog;
    private final long bufsize;
    private final AtomicLong streamIds = new AtomicLong();
    private final AtomicLong connStreamIds = new AtomicLong();

    /**
     * @param connector opens server connections
     * @param accessLog where finished streams are logged
     * @param bufsize   {@code global.tune.bufsize}: the most request body kept for replay
     */
    public StreamEnv(Connector connector, AccessLog accessLog, long bufsize) {
        this.connector = connector;
        this.accessLog = accessLog;
        this.bufsize = bufsize;
    }

    public Connector connector() {
        return connector;
    }

    public AccessLog accessLog() {
        return accessLog;
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
