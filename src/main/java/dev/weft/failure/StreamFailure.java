package dev.weft.failure;

/**
 * Why a backend exchange failed, as a value: the retry decision and the answer to the client
 * are computed from it, never from an exception's message. Each record says the phase, the
 * status the client gets if nothing else is tried, and the termination state to log.
 */
public sealed interface StreamFailure {

    /** The phase the stream was in. */
    Phase phase();

    /** The status answered to the client when this is the final failure. */
    int status();

    /** The termination state logged when this is the final failure. */
    Termination termination();

    /** One line for logs and events. */
    default String describe() {
        return getClass().getSimpleName();
    }

    /** The server refused the connection, or it could not be reached (RST, no route). */
    record ConnectRefused(String detail) implements StreamFailure {
        public Phase phase() { return Phase.CONNECT; }
        public int status() { return 503; }
        public Termination termination() { return new Termination('S', 'C'); }
        public String describe() { return "connection refused: " + detail; }
    }

    /** {@code timeout.connect} expired. */
    record ConnectTimeout() implements StreamFailure {
        public Phase phase() { return Phase.CONNECT; }
        public int status() { return 503; }
        public Termination termination() { return new Termination('s', 'C'); }
    }

    /**
     * The server closed or reset the connection before sending any response byte.
     * {@code reusedConnection} marks the keep-alive race: an idle pooled connection the server
     * had already closed. That is retried whatever {@code retry-on} says, but only when the
     * request was not sent or is idempotent (RFC 9112 §9.3.1: a proxy must not retry a
     * non-idempotent request on its own; the server may have processed it).
     */
    record EmptyResponse(boolean reusedConnection, boolean requestSent, boolean idempotent) implements StreamFailure {
        public Phase phase() { return Phase.HEADERS; }
        public int status() { return 502; }
        public Termination termination() { return new Termination('S', 'H'); }
        public String describe() { return "empty response" + (reusedConnection ? " on a reused connection" : ""); }
    }

    /**
     * The server said it certainly did not process the request: HTTP/2 {@code REFUSED_STREAM} or a
     * stream above a GOAWAY's last-stream-id, FastCGI {@code FCGI_OVERLOADED} or
     * {@code FCGI_CANT_MPX_CONN}. Retried for any method whatever {@code retry-on} says, as long
     * as the request can be sent again whole ({@code requestSent} false, or the body was kept).
     */
    record NotProcessed(String reason, boolean requestSent) implements StreamFailure {
        public Phase phase() { return Phase.CONNECT; }
        public int status() { return 503; }
        public Termination termination() { return new Termination('S', 'C'); }
        public String describe() { return "not processed: " + reason; }
    }

    /** The server closed the connection in the middle of the response head. */
    record TruncatedHead() implements StreamFailure {
        public Phase phase() { return Phase.HEADERS; }
        public int status() { return 502; }
        public Termination termination() { return new Termination('S', 'H'); }
    }

    /** The response head is not HTTP (junk bytes, malformed head, head too large). */
    record JunkResponse(String detail) implements StreamFailure {
        public Phase phase() { return Phase.HEADERS; }
        public int status() { return 502; }
        public Termination termination() { return new Termination('P', 'H'); }
        public String describe() { return "invalid response: " + detail; }
    }

    /** {@code timeout.server} expired before the response head was complete. */
    record ResponseTimeout() implements StreamFailure {
        public Phase phase() { return Phase.HEADERS; }
        public int status() { return 504; }
        public Termination termination() { return new Termination('s', 'H'); }
    }

    /** {@code timeout.queue} expired while waiting for a server slot. */
    record QueueTimeout() implements StreamFailure {
        public Phase phase() { return Phase.QUEUE; }
        public int status() { return 503; }
        public Termination termination() { return new Termination('s', 'Q'); }
    }

    /** No server of the backend can take the stream (all disabled or down). */
    record NoServerAvailable() implements StreamFailure {
        public Phase phase() { return Phase.CONNECT; }
        public int status() { return 503; }
        public Termination termination() { return new Termination('S', 'C'); }
    }

    /** The server answered with a status that {@code retry-on} lists; the response is kept. */
    record RetryableStatus(int code) implements StreamFailure {
        public Phase phase() { return Phase.HEADERS; }
        public int status() { return code; }
        public Termination termination() { return Termination.NORMAL; }
        public String describe() { return "status " + code; }
    }

    /** The server aborted or broke the body (short body, bad chunk, reset) after the head was relayed. */
    record ServerAbortedData(String detail) implements StreamFailure {
        public Phase phase() { return Phase.DATA; }
        public int status() { return 502; }
        public Termination termination() { return new Termination('S', 'D'); }
        public String describe() { return "server aborted the body: " + detail; }
    }

    /** {@code timeout.server} expired while relaying the response body. */
    record DataTimeout() implements StreamFailure {
        public Phase phase() { return Phase.DATA; }
        public int status() { return 504; }
        public Termination termination() { return new Termination('s', 'D'); }
    }

    /** The client went away; {@code phase} says when. */
    record ClientAborted(Phase phase) implements StreamFailure {
        public int status() { return 400; }
        public Termination termination() { return new Termination('C', phase.code()); }
    }

    /** The client sent a request weft refuses (bad body framing, bad header). */
    record BadRequest(String detail) implements StreamFailure {
        public Phase phase() { return Phase.HEADERS; }
        public int status() { return 400; }
        public Termination termination() { return new Termination('P', 'R'); }
        public String describe() { return "bad request: " + detail; }
    }

    /** The client's request body broke HTTP framing while it was relayed (bad chunk size, bad last chunk). */
    record BadRequestBody(String detail) implements StreamFailure {
        public Phase phase() { return Phase.DATA; }
        public int status() { return 400; }
        public Termination termination() { return new Termination('P', 'D'); }
        public String describe() { return "bad request body: " + detail; }
    }
}
