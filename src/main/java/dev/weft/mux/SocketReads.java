package dev.weft.mux;

import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;

/**
 * The socket read of the blocking muxes (HTTP/1.1, FastCGI, and FastCGI's probe): refills a
 * connection's read buffer in place. Stateless.
 */
public final class SocketReads {
    private SocketReads() {}

    /**
     * Reads more bytes into {@code buf} (read mode: unread bytes between position and limit),
     * compacting it first. Returns the count read, or -1 at end of stream. Blocks up to the
     * connection's read deadline ({@code timeout.server}; a SocketTimeoutException when it is up).
     */
    public static int fill(InputStream in, ByteBuffer buf) throws IOException {
        buf.compact();
        int n;
        try {
            n = in.read(buf.array(), buf.arrayOffset() + buf.position(), buf.remaining());
        } finally {
            buf.flip();
        }
        if (n > 0) {
            buf.limit(buf.limit() + n);
        }
        return n;
    }
}
