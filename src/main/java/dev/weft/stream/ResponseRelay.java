package dev.weft.stream;

import dev.weft.http.HeaderList;
import dev.weft.http.HopByHop;
import dev.weft.http.ResponseHead;
import dev.weft.mux.MuxException;
import dev.weft.mux.MuxStream;

import java.io.IOException;
import java.nio.ByteBuffer;

/**
 * Copies a server's response to the client: the head with hop-by-hop fields removed, then the
 * body through one bounded buffer, so memory stays the same whatever the body's size and the
 * server is read only as fast as the client takes it. Counts body bytes against the announced
 * length: a short body is a server failure, never a hang. Confined to the stream's thread.
 */
final class ResponseRelay {
    private static final byte[] NO_BYTES = new byte[0];

    private final BodyBuffers buffers;
    private long bytes;

    /** @param buffers where bodies borrow their buffer */
    ResponseRelay(BodyBuffers buffers) {
        this.buffers = buffers;
    }

    /** Body bytes delivered to the client so far. */
    long bytes() {
        return bytes;
    }

    /**
     * Relays {@code head} and the body that follows it on {@code server}.
     *
     * @param headRequest the request was HEAD: no body whatever the head says
     * @throws MuxException        the server failed (short body, reset, timeout)
     * @throws ClientWriteException the client went away
     */
    void relay(ResponseHead head, MuxStream server, ClientExchange client, boolean headRequest)
            throws MuxException, ClientWriteException {
        HeaderList headers = head.headers();
        long length = announcedLength(headers, head, headRequest);
        HopByHop.strip(headers);
        headers.remove("Content-Length");
        try {
            client.sendHead(head.status(), head.reason(), headers, length);
            if (headRequest && length > 0) {
                // HEAD keeps the length a GET would have (RFC 9110 §9.3.2): the head goes out, no body.
                client.writeBody(NO_BYTES, 0, 0);
            }
        } catch (IOException e) {
            throw new ClientWriteException(e);
        }
        if (length != 0 && !headRequest) {
            copyBody(server, client, length);
            relayTrailers(server, client);
        } else {
            drain(server);
        }
        try {
            client.end();
        } catch (IOException e) {
            throw new ClientWriteException(e);
        }
    }

    /**
     * The length announced to the client: the server's Content-Length, 0 for no body, -1
     * unknown. A HEAD response announces the server's Content-Length if it gave one, else 0
     * (an unknown length would make the frontend frame an empty chunked body).
     */
    private static long announcedLength(HeaderList headers, ResponseHead head, boolean headRequest) {
        if (head.forbidsBody()) {
            return 0;
        }
        String cl = headers.first("Content-Length");
        if (headers.contains("Transfer-Encoding") || cl == null) {
            return headRequest ? 0 : -1;
        }
        // RFC 9110 §8.6 allows a list of identical values ("5, 5"); the codec has checked they agree.
        int comma = cl.indexOf(',');
        try {
            return Long.parseLong((comma < 0 ? cl : cl.substring(0, comma)).trim());
        } catch (NumberFormatException e) {
            // Only reachable for HEAD, whose framing ignores Content-Length: announce nothing.
            return 0;
        }
    }

    /**
     * Copies the body through one buffer borrowed from {@link BodyBuffers} for the copy. Client
     * writes are synchronous (the frontends copy or write before returning), so nothing holds
     * the buffer once it is given back.
     */
    private void copyBody(MuxStream server, ClientExchange client, long length)
            throws MuxException, ClientWriteException {
        ByteBuffer buf = buffers.take(length);
        try {
            while (true) {
                buf.clear();
                int n = server.receiveBody(buf);
                if (n < 0) {
                    return;
                }
                try {
                    client.writeBody(buf.array(), 0, n);
                } catch (IOException e) {
                    throw new ClientWriteException(e);
                }
                bytes += n;
            }
        } finally {
            buffers.give(buf);
        }
    }

    /** Passes the server's trailer fields on, hop-by-hop ones removed. */
    private static void relayTrailers(MuxStream server, ClientExchange client) throws ClientWriteException {
        HeaderList trailers = server.trailers();
        if (trailers.size() == 0) {
            return;
        }
        HopByHop.strip(trailers);
        try {
            client.sendTrailers(trailers);
        } catch (IOException e) {
            throw new ClientWriteException(e);
        }
    }

    /** Consumes a body the client does not get (HEAD, 204): keeps the connection reusable. */
    private static void drain(MuxStream server) throws MuxException {
        ByteBuffer buf = ByteBuffer.allocate(256);
        while (server.receiveBody(buf) >= 0) {
            buf.clear();
        }
    }

    /** The client failed while we wrote the response (it went away). */
    static final class ClientWriteException extends Exception {
        ClientWriteException(Throwable cause) {
            super(cause);
        }
    }
}
