package dev.weft.observe;

import dev.weft.stream.StreamRecord;

/** Where finished streams are logged. Thread-safe: called by every stream thread. */
public interface AccessLog extends AutoCloseable {

    /** Logs one finished stream; never blocks on I/O for long (implementations buffer). */
    void log(StreamRecord record);

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
            public void close() {
            }
        };
    }
}
