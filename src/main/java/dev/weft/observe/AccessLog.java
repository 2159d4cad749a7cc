package dev.weft.observe;

import dev.weft.stream.StreamRecord;

/** Where finished streams are logged. Thread-safe: called by every stream thread. */
public interface AccessLog extends AutoCloseable {

    /** Logs one finished stream; never blocks on I/O for long (implementations buffer). */
    void log(StreamRecord record);

    /**
     * False when every record is dropped ({@code global.log = off}): callers skip building one,
     * which is work on every request.
     */
    default boolean enabled() {
        return true;
    }

    /** Flushes and closes; later log() calls are dropped. */
    @Override
    void close();

    /** An access log that drops everything ({@code global.log = off}). */
    static AccessLog off() {
        return new AccessLog() {
            @Override
            public void log(StreamRecord record) {
            }

            @Override
            public boolean enabled() {
                return false;
            }

            @Override
            public void close() {
            }
        };
    }
}
