/**
 * The backend HTTP/1.1 codec (RFC 9112): parsers and writers over byte buffers, no socket I/O.
 * The H1 mux owns the sockets and the buffers and drives these classes from the stream's
 * virtual thread.
 *
 * <pre>
 * H1RequestWriter      RequestHead -> request-line + field lines     (RFC 9112 §3, §5)
 * H1ResponseParser     bytes -> ResponseHead, incremental            (RFC 9112 §4, §5)
 * H1RequestParser      bytes -> RequestHead, incremental (tests, benchmark)
 * BodyFraming          which body follows a head                     (RFC 9112 §6.3)
 * ChunkedDecoder       chunked body -> data bytes + trailers         (RFC 9112 §7.1)
 * ChunkedEncoder       data -> chunk framing                         (RFC 9112 §7.1)
 * FieldSectionReader   line framing, size limit and field lines shared by the parsers
 * FieldSectionWriter   field lines shared by the writers
 * </pre>
 *
 * <p>Every parser returns null (or 0 bytes) when it needs more bytes and throws
 * {@link dev.weft.http.ProtocolException} only when the peer broke the protocol.
 */
package dev.weft.mux.h1;
