package dev.weft.it.support;

import java.io.IOException;
import java.nio.charset.StandardCharsets;

/**
 * What a {@link ScriptedPeer} does with each connection weft opens to it. The peer closes the
 * socket when {@link #play} returns or throws.
 */
@FunctionalInterface
public interface PeerScript {

    /** Junk that no HTTP/1.x parser can take for a status line, ending in an empty line. */
    byte[] JUNK = ("SSH-2.0-OpenSSH_9.6 definitely not http\r\n\u0000\u00ff\u00fe garbage \u0007\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);

    /** Plays the script on one accepted connection. */
    void play(PeerConnection connection) throws IOException;

    /**
     * Accept, read the request head, close without a byte of response: an empty response (502,
     * {@code SH}). Reading first makes the close a clean FIN after the request, not a reset racing it.
     */
    static PeerScript acceptAndClose() {
        return PeerConnection::readRequestHead;
    }

    /** Accept, read the request head, never answer; hold the socket until weft closes it (504, {@code sH}). */
    static PeerScript stall() {
        return connection -> {
            connection.readRequestHead();
            connection.holdUntilClosedByProxy();
        };
    }

    /** Answer the request with {@link #JUNK}, then hold the socket until weft closes it (502, {@code PH}). */
    static PeerScript junk() {
        return connection -> {
            if (connection.readRequestHead() != null) {
                connection.write(JUNK);
                connection.holdUntilClosedByProxy();
            }
        };
    }

    /**
     * Answer every request on the connection with {@code rawResponse} (ISO-8859-1, CRLFs included),
     * keeping the connection open between requests.
     */
    static PeerScript respond(String rawResponse) {
        byte[] bytes = rawResponse.getBytes(StandardCharsets.ISO_8859_1);
        return connection -> {
            while (connection.readRequestHead() != null) {
                connection.write(bytes);
            }
        };
    }

    /**
     * Answer every request on the connection with {@code status reason} and {@code body} as
     * {@code text/plain} with its {@code Content-Length}, keeping the connection open.
     */
    static PeerScript respond(int status, String reason, String body) {
        byte[] text = body.getBytes(StandardCharsets.UTF_8);
        return respond("HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/plain; charset=utf-8\r\n"
                + "Content-Length: " + text.length + "\r\n\r\n" + new String(text, StandardCharsets.ISO_8859_1));
    }

    /** Answer {@code 200} with {@code Content-Length: 100}, send 10 body bytes, close. */
    static PeerScript shortBody() {
        return connection -> {
            if (connection.readRequestHead() != null) {
                connection.write(("HTTP/1.1 200 OK\r\nContent-Type: application/octet-stream\r\n"
                        + "Content-Length: 100\r\n\r\n0123456789").getBytes(StandardCharsets.ISO_8859_1));
            }
        };
    }
}
