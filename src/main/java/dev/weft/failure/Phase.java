package dev.weft.failure;

/** Where in a stream's life a failure happened (HAProxy's STRM_ET_* phases). */
public enum Phase {
    /** Waiting for a server slot in the backend queue. */
    QUEUE('Q'),
    /** Opening the connection to the server. */
    CONNECT('C'),
    /** Sending the request or waiting for / reading the response head. */
    HEADERS('H'),
    /** Relaying the response body. */
    DATA('D');

    private final char code;

    Phase(char code) {
        this.code = code;
    }

    /** The termination-state phase character. */
    public char code() {
        return code;
    }
}
