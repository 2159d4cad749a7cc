package dev.weft.http;

import java.io.IOException;

/**
 * The peer broke the protocol: junk bytes, a malformed head, a bad chunk size, a head over
 * its size limit. Never our bug (that would be an IllegalStateException). The caller answers
 * 502 for a server and 400 for a client, and closes that connection.
 */
public class ProtocolException extends IOException {
    public ProtocolException(String message) {
        super(message);
    }
}
