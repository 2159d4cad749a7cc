package dev.weft.mux.fcgi;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * Holds a request body of unknown length (chunked, or HTTP/2 without content-length) until its
 * end, so that FastCGI's CONTENT_LENGTH can be sent: php-fpm reads no body without it (tested:
 * 8.2 ignores STDIN without CONTENT_LENGTH, with or without HTTP_TRANSFER_ENCODING), which is why
 * nginx buffers such bodies too ({@code fastcgi_request_buffering}). The first
 * {@link #MEMORY_LIMIT} bytes stay in memory; a larger body goes to a temporary file that is
 * unlinked as soon as it is opened, so nothing is left on disk whatever happens to the stream, and
 * the file's space is given back when the spool is closed (or, if a failure path never closes it,
 * when the channel is collected). Confined to one stream's thread.
 */
final class FcgiBodySpool implements AutoCloseable {
    /** Bytes kept in memory before spilling to a file. */
    static final int MEMORY_LIMIT = 64 * 1024;

    private final ByteArrayOutputStream memory = new ByteArrayOutputStream();
    private FileChannel file;
    private long size;

    /** Appends all remaining bytes of {@code data}. */
    void write(ByteBuffer data) throws IOException {
        int n = data.remaining();
        if (file == null && memory.size() + n <= MEMORY_LIMIT) {
            byte[] b = new byte[n];
            data.get(b);
            memory.writeBytes(b);
        } else {
            if (file == null) {
                spill();
            }
            while (data.hasRemaining()) {
                file.write(data);
            }
        }
        size += n;
    }

    private void spill() throws IOException {
        Path path = Files.createTempFile("weft-fcgi-body-", ".tmp");
        try {
            file = FileChannel.open(path, StandardOpenOption.READ, StandardOpenOption.WRITE);
        } finally {
            Files.delete(path);
        }
        file.write(ByteBuffer.wrap(memory.toByteArray()));
        memory.reset();
    }

    /** Bytes held. */
    long size() {
        return size;
    }

    /** A piece reader: what {@link #read} calls with each piece of the body, in order. */
    interface Piece {
        void accept(byte[] bytes, int len) throws IOException;
    }

    /** Hands the whole body to {@code sink} in pieces of at most {@code pieceSize} bytes. */
    void read(int pieceSize, Piece sink) throws IOException {
        if (file == null) {
            byte[] all = memory.toByteArray();
            for (int at = 0; at < all.length; at += pieceSize) {
                int n = Math.min(pieceSize, all.length - at);
                byte[] piece = new byte[n];
                System.arraycopy(all, at, piece, 0, n);
                sink.accept(piece, n);
            }
            return;
        }
        ByteBuffer buf = ByteBuffer.allocate(pieceSize);
        file.position(0);
        while (true) {
            buf.clear();
            int n = file.read(buf);
            if (n < 0) {
                return;
            }
            if (n > 0) {
                sink.accept(buf.array(), n);
            }
        }
    }

    /** Gives back the memory and the file. Idempotent. */
    @Override
    public void close() throws IOException {
        memory.reset();
        if (file != null) {
            file.close();
        }
    }
}
