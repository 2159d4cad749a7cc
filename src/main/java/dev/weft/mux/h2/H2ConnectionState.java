package dev.weft.mux.h2;

/**
 * Where an HTTP/2 connection is, as its {@link H2Mux} sees it (RFC 9113 §6.8 for GOAWAY).
 * <pre>
 *   OPEN ──GOAWAY received──▶ GOING_AWAY ──last stream done──▶ CLOSED
 *     └────────── session closed or failed, or weft closes it ───────▶ CLOSED
 * </pre>
 */
enum H2ConnectionState {
    /** New streams may be opened (slots permitting). */
    OPEN,
    /** The server sent GOAWAY: no new stream; those in flight finish; closed when unused. */
    GOING_AWAY,
    /** Closed: attaching fails, the pool drops it. Final. */
    CLOSED;

    /** The state after a GOAWAY: a closed connection stays closed. */
    H2ConnectionState onGoAway() {
        return this == CLOSED ? CLOSED : GOING_AWAY;
    }

    /** True while new streams may be opened. */
    boolean acceptsStreams() {
        return this == OPEN;
    }
}
