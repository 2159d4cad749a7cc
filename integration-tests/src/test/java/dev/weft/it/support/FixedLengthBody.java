package dev.weft.it.support;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A {@code Content-Length} body: exactly {@code length} bytes of the connection, then EOF.
 * Fails with {@link EOFException} if the connection ends first (a truncated body is never
 * mistaken for a complete one). Closing does not close the connection. Single-threaded.
 */
final class FixedLengthBody extends InputStream {

    private final InputStream in;
    private final long length;
    private long remaining;

    FixedLengthBody(InputStream in, long length) {
        this.in = in;
        this.length = length;
        this.remaining = length;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (remaining == 0) {
            return -1;
        }
        int n = in.read(buffer, offset, (int) Math.min(count, remaining));
        if (n == -1) {
            throw new EOFException("body truncated: connection closed after " + (length - remaining)
                    + " of " + length + " bytes (Content-Length)");
        }
        remaining -= n;
        return n;
    }
}
