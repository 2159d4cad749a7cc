package dev.weft.mux;

import dev.weft.http.HeaderList;
import dev.weft.http.RequestHead;
import dev.weft.http.ResponseHead;

import java.nio.ByteBuffer;

/**
 * One request/response exchange on a {@link Mux}. Confined to the owning stream's virtual
 * thread. Every failure is a {@link MuxException} carrying a typed
 * {@link dev.weft.failure.StreamFailure}, classified by the mux that saw it.
 */
public interface MuxStream {

    /**
     * Sends the request head. {@code bodyLength} says what follows: 0 no body, &gt; 0 exactly that
     * many bytes, -1 a body of unknown length (chunked on HTTP/1.1).
     */
    void sendHead(RequestHead head, long bodyLength) throws MuxException;

    /** Sends body bytes (all remaining in {@code data}); {@code last} ends the request body. */
    void sendBody(ByteBuffer data, boolean last) throws MuxException;

    /**
     * Blocks for the next response head, bounded by {@code timeout.server}. Interim 1xx heads are
     * returned as such; call again for the final one.
     */
    ResponseHead receiveHead() throws MuxException;

    /**
     * Reads body bytes into {@code into}; returns how many, or -1 at the end of the body. Never
     * returns 0 unless {@code into} has no room. Short bodies (fewer bytes than announced) fail.
     */
    int receiveBody(ByteBuffer into) throws MuxException;

    /** Trailer fields, after receiveBody returned -1 (empty when none). */
    HeaderList trailers();

    /** True once any request byte was handed to the socket: retries are gated on this. */
    boolean requestStarted();

    /** True once any response byte was received. */
    boolean responseStarted();

    /** True when the request went out on a connection that had served earlier exchanges. */
    boolean reusedConnection();
}
