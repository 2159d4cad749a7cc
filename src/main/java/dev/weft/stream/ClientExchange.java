package dev.weft.stream;

import dev.weft.http.HeaderList;
import dev.weft.http.RequestHead;

import java.io.IOException;

/**
 * The client side of one stream, as the stream task sees it: the frontend adapts its server's
 * request and response (Helidon's) to this, so that no frontend type reaches the core.
 * Confined to the stream's thread.
 */
public interface ClientExchange {

    /** The request head, hop-by-hop fields already removed; the task may modify it. */
    RequestHead head();

    /** The request body's length: 0 none, &gt; 0 exactly, -1 unknown (chunked / HTTP/2 data). */
    long bodyLength();

    /**
     * Reads request body bytes; returns the count or -1 at the end. Throws IOException when the
     * client went away or broke the body framing.
     */
    int readBody(byte[] into, int off, int len) throws IOException;

    /** {@code ip:port} of the client. */
    String clientAddress();

    /** The client's IP, as {@code X-Forwarded-For} carries it. */
    String clientIp();

    /**
     * The client connection: addresses, TLS, protocol. The default knows only the client's address,
     * from {@link #clientAddress()}; the frontend's adapter gives the rest.
     */
    default Session session() {
        String address = clientAddress();
        String port = address.substring(address.lastIndexOf(':') + 1);
        return new Session(clientIp(), port.matches("[0-9]{1,5}") ? Integer.parseInt(port) : 0, "", 0, false, protocol());
    }

    /** True for the first request on its client connection (http-reuse safe/aggressive read it). */
    boolean firstOfSession();

    /** {@code HTTP/1.1}, {@code HTTP/2}... as logged. */
    String protocol();

    /**
     * Sends the response head. {@code contentLength}: &gt;= 0 exactly that many body bytes follow,
     * -1 unknown (chunked). Fields are forwarded as given (already filtered).
     */
    void sendHead(int status, String reason, HeaderList headers, long contentLength) throws IOException;

    /** Writes response body bytes; throws IOException when the client went away. */
    void writeBody(byte[] data, int off, int len) throws IOException;

    /** Ends the response normally. */
    void end() throws IOException;

    /**
     * Answers with a short error page, when no head was sent yet. {@code close} adds
     * {@code Connection: close} and ends the client connection after it (the request could not be
     * read to its end, so the connection cannot carry another one).
     */
    void sendError(int status, boolean close) throws IOException;

    /**
     * Ends the response abnormally after its head was sent (a short server body): the client
     * connection is closed so the client sees a truncated message, never a hang.
     */
    RuntimeException abortResponse(String why);

    /**
     * Starts watching the client connection for a close while the stream waits on the server,
     * and calls {@code onClose} once (from another thread) if the client closes. Called at most
     * once per stream, only once the request body was read whole: the watcher may read ahead on
     * the connection. Returns false when this client cannot be watched (an HTTP/2 stream, or the
     * stream is over).
     */
    boolean watchClose(Runnable onClose);

    /**
     * Whether {@link #watchClose} could ever watch this client; fixed for the exchange. False for
     * an HTTP/2 stream (Helidon does not tell a handler of its client's reset), whose stream then
     * registers no {@link ClientCloseWatch} at all.
     */
    boolean closeWatchable();

    /**
     * The response about to be sent must close the client connection after it (the server
     * answered before the request body was read whole; the rest of it stays unread).
     */
    void closeAfterResponse();

    /**
     * Sends the response's trailer fields after its body, before {@link #end()}. A client that
     * cannot take them (HTTP/1.1 without {@code TE: trailers} and no {@code Trailer} field, a
     * body of announced length) does not get them: RFC 9110 §6.5.1 lets a proxy drop trailers.
     */
    void sendTrailers(HeaderList trailers) throws IOException;
}
