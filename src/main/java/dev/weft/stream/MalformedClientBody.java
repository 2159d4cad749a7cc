package dev.weft.stream;

/**
 * Marks a client-side IOException as a request body that breaks HTTP framing (a chunk size that
 * is not hex, a bad last chunk): the client gets a 400 and {@code PD} is logged, rather than
 * {@code CD} for a client that went away. Implemented by the frontend's exception type.
 */
public interface MalformedClientBody {
}
