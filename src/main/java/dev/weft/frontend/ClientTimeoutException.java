package dev.weft.frontend;

import dev.weft.stream.ClientTimeout;

import java.io.IOException;

/** {@code timeout.client} expired during a blocking client read or write; the connection is closed. */
final class ClientTimeoutException extends IOException implements ClientTimeout {
    ClientTimeoutException() {
        super("timeout.client expired");
    }
}
