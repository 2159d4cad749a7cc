package dev.weft.mux;

import dev.weft.failure.StreamFailure;

import java.io.IOException;

/**
 * A backend exchange failed; {@link #failure()} says how, as a value the retry logic reads.
 * Carries no stack trace of its own: it is how a refused connect or a reset travels to the
 * retry decision (thousands a second when a server is down), and where it was thrown says
 * nothing the failure and its cause (which keeps its trace) do not.
 */
public final class MuxException extends IOException {
    private final transient StreamFailure failure;

    public MuxException(StreamFailure failure, Throwable cause) {
        super(failure.describe(), cause);
        this.failure = failure;
    }

    @Override
    public synchronized Throwable fillInStackTrace() {
        return this;
    }

    public MuxException(StreamFailure failure) {
        this(failure, null);
    }

    public StreamFailure failure() {
        return failure;
    }
}
