package dev.weft.it.support;

import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;

/**
 * A chunked body (RFC 9112 §7.1) decoded from the connection, trailer lines handed to a sink. Fails
 * with {@link EOFException} if the connection ends before the last chunk: an aborted chunked
 * transfer is never mistaken for a complete one. Closing does not close the connection.
 * Single-threaded.
 */
final class ChunkedBody extends InputStream {

    private final InputStream in;
    private final java.util.function.Consumer<String> trailerLines;
    private long chunkRemaining;
    private boolean done;
    private long total;

    ChunkedBody(InputStream in) {
        this(in, line -> { });
    }

    /** @param trailerLines receives each trailer field line ({@code Name: value}) at the end */
    ChunkedBody(InputStream in, java.util.function.Consumer<String> trailerLines) {
        this.in = in;
        this.trailerLines = trailerLines;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        return read(one, 0, 1) == -1 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] buffer, int offset, int count) throws IOException {
        if (done) {
            return -1;
        }
        if (chunkRemaining == 0) {
            chunkRemaining = nextChunkSize();
            if (chunkRemaining == 0) {
                skipTrailers();
                done = true;
                return -1;
            }
        }
        int n = in.read(buffer, offset, (int) Math.min(count, chunkRemaining));
        if (n == -1) {
            throw new EOFException("chunked body truncated: connection closed inside a chunk after "
                    + total + " bytes");
        }
        chunkRemaining -= n;
        total += n;
        if (chunkRemaining == 0) {
            expectCrlf();
        }
        return n;
    }

    private long nextChunkSize() throws IOException {
        String line = RawHttpConnection.readLine(in, "chunk size after " + total + " body bytes");
        int extension = line.indexOf(';');
        String hex = (extension >= 0 ? line.substring(0, extension) : line).trim();
        try {
            return Long.parseLong(hex, 16);
        } catch (NumberFormatException e) {
            throw new IOException("bad chunk size line '" + line + "' after " + total + " body bytes", e);
        }
    }

    private void expectCrlf() throws IOException {
        String line = RawHttpConnection.readLine(in, "CRLF after a chunk");
        if (!line.isEmpty()) {
            throw new IOException("expected CRLF after a chunk, got '" + line + "'");
        }
    }

    private void skipTrailers() throws IOException {
        for (String line = RawHttpConnection.readLine(in, "trailer section"); !line.isEmpty();
                line = RawHttpConnection.readLine(in, "trailer section")) {
            trailerLines.accept(line);
        }
    }
}
