/**
 * FastCGI backends (FastCGI specification 1.0; HAProxy's {@code mux_fcgi.c} and {@code fcgi-app}
 * as the model): weft's own record codec, tested byte for byte, and the mux that drives it over
 * a blocking connection from the stream's virtual thread.
 *
 * <pre>
 * FcgiRecordParser     bytes -> record events (Header, Content*, End), incremental   (§3.3)
 * FcgiRecordWriter     BEGIN_REQUEST, PARAMS, STDIN, GET_VALUES, END_REQUEST records  (§3.3, §5)
 * FcgiNameValues       name-value pairs with 1- or 4-byte lengths                      (§3.4)
 * FcgiRecordType       record types; FcgiProtocolStatus: END_REQUEST protocol status  (§8)
 * CgiHeadParser        STDOUT's CGI head -> ResponseHead (Status, Location -> 302)     (RFC 3875 §6)
 * FcgiParams           request + session + fcgi.* keys -> CGI parameters              (RFC 3875 §4.1)
 * FcgiProbe            GET_VALUES on a server's first connection                       (§4.1)
 * FcgiServerInfo       whether that probe was made (one per server and process)
 * FcgiMux, FcgiStream  the connection (keep-conn rule) and one request on it
 * FcgiStderr           STDERR lines to the log, tagged with the server and ConnStream id
 * FcgiBodySpool        a body of unknown length held until its end (CONTENT_LENGTH)
 * FcgiReads            the one socket read
 * </pre>
 *
 * <p>Parsers return null when they need more bytes and throw {@link dev.weft.http.ProtocolException}
 * only when the peer broke the protocol.
 */
package dev.weft.mux.fcgi;
