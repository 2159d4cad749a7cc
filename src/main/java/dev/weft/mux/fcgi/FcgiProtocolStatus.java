package dev.weft.mux.fcgi;

/**
 * The {@code protocolStatus} of an END_REQUEST record (FastCGI specification 1.0, §5.5): whether
 * the application completed the request or refused it. A refusal means the request was certainly
 * not processed, so it may be retried for any method.
 */
enum FcgiProtocolStatus {
    /** Normal end of request. */
    REQUEST_COMPLETE(0),
    /** The application cannot take a second concurrent request on this connection. */
    CANT_MPX_CONN(1),
    /** The application ran out of a resource (e.g. database connections). */
    OVERLOADED(2),
    /** The application does not know the role asked for. */
    UNKNOWN_ROLE(3);

    private final int code;

    FcgiProtocolStatus(int code) {
        this.code = code;
    }

    int code() {
        return code;
    }

    /** Returns the status with wire value {@code code}, or null for an unknown one. */
    static FcgiProtocolStatus of(int code) {
        for (FcgiProtocolStatus s : values()) {
            if (s.code == code) {
                return s;
            }
        }
        return null;
    }
}
