package dev.weft.mux.h1;

/**
 * Where a {@link ChunkedDecoder} is within a chunked body (RFC 9112 §7.1).
 *
 * <pre>
 * chunked-body = *chunk last-chunk trailer-section CRLF
 * chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *
 * from        on                     to
 * SIZE        HEXDIG                 SIZE        (size = size * 16 + digit)
 * SIZE        SP / HTAB              SIZE_WS
 * SIZE(_WS)   ";"                    EXTENSION
 * SIZE(_WS)   CR                     SIZE_LF
 * EXTENSION   CR                     SIZE_LF     (any other byte but LF and CTLs: skipped)
 * SIZE_LF     LF, size &gt; 0           DATA
 * SIZE_LF     LF, size == 0          TRAILERS    (that was the last-chunk)
 * DATA        size bytes copied      DATA_CR
 * DATA_CR     CR                     DATA_LF
 * DATA_LF     LF                     SIZE
 * TRAILERS    empty line             DONE
 * anything else: ProtocolException
 * </pre>
 *
 * Chunk lines need CRLF: unlike the head (§2.2) no bare LF is accepted, since differing line
 * end rules between two parsers of the same chunked body are a known desync vector.
 */
enum ChunkedState {
    /** Reading chunk-size hex digits; at least one must come before anything else. */
    SIZE,
    /** Size read; skipping whitespace (BWS) before ';' or CR. */
    SIZE_WS,
    /** Skipping a chunk extension up to CR; its bytes are counted against a fixed cap. */
    EXTENSION,
    /** Saw the CR ending the chunk-size line; only LF may follow. */
    SIZE_LF,
    /** Copying chunk-data; the chunk's remaining byte count is positive. */
    DATA,
    /** Chunk data complete; only CR may follow. */
    DATA_CR,
    /** Saw the CR after chunk data; only LF may follow, then the next chunk-size. */
    DATA_LF,
    /** After the last-chunk line: reading trailer field lines until the empty line. */
    TRAILERS,
    /** The whole body was consumed; nothing more is read until reset. */
    DONE
}
