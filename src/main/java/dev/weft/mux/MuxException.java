package dev.weft.mux;

import dev.weft.failure.StreamFailure;

import java.io.IOException;

/** A backend exchange failed; {@link #failure()} says how, as a value the retry logic reads. */
public final class MuxException extends IOException {
    private final transient StreamFailure failure;

    public MuxException(StreamFailure failure, Throwable cause) {
        super(failure.describe(), cause);
        this.failure = failure;
    }

    public MuxException(StreamFailure failure) {
        this(failure, null);
    }

    public StreamFailure failure() {
        return failure;
    }
}
