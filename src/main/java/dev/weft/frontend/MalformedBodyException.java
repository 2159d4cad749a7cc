package dev.weft.frontend;

import dev.weft.stream.MalformedClientBody;

import java.io.IOException;

/** Helidon refused the request body's framing while weft read it (bad chunk size, bad last chunk). */
final class MalformedBodyException extends IOException implements MalformedClientBody {
    MalformedBodyException(RuntimeException cause) {
        super("malformed request body: " + cause.getMessage(), cause);
    }
}
