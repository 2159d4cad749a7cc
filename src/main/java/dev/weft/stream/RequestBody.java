package dev.weft.stream;

import dev.weft.mux.MuxException;
import dev.weft.mux.MuxStream;

import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;

/**
 * The client's request body, read once from the client and sent to as many attempts as it takes,
 * with a bounded replay buffer: the first {@code bufsize} bytes are kept so a retry can send them
 * again; a body that outgrows it cannot be replayed once sent (HAProxy's {@code tune.bufsize}
 * rule for L7 retries). Confined to the stream's thread.
 */
final class RequestBody {
    private static final int CHUNK = 16 * 1024;

    private final ClientExchange client;
    private final long length;
    private final int bufsize;
    private byte[] kept = new byte[0];
    private int keptLength;
    private boolean overflowed;
    private boolean clientDone;
    private byte[] chunk;

    RequestBody(ClientExchange client, long bufsize) {
        this.client = client;
        this.length = client.bodyLength();
        this.bufsize = (int) Math.min(Integer.MAX_VALUE - 16, bufsize);
        this.clientDone = length == 0;
    }

    /** 0 none, &gt; 0 exactly, -1 unknown: what the mux announces to the server. */
    long length() {
        return length;
    }

    /** True while every byte sent so far is kept, so the request can be sent again whole. */
    /** True once the client's body was read to its end (or there is none): the client connection is quiet. */
    boolean fromClientDone() {
        return clientDone;
    }

    boolean replayable() {
        return !overflowed;
    }

    /**
     * Sends the whole body to {@code stream}: the kept bytes first, then the rest as the client
     * delivers it. Server-side failures come out as MuxException; client-side ones as
     * ClientBodyException.
     */
    void sendTo(MuxStream stream) throws MuxException, ClientBodyException {
        if (length == 0) {
            return;
        }
        if (overflowed) {
            throw new IllegalStateException("request body cannot be replayed");
        }
        if (keptLength > 0) {
            stream.sendBody(ByteBuffer.wrap(kept, 0, keptLength), clientDone);
        }
        if (clientDone) {
            if (keptLength == 0) {
                stream.sendBody(ByteBuffer.allocate(0), true);
            }
            return;
        }
        if (chunk == null) {
            chunk = new byte[CHUNK];
        }
        while (true) {
            int n = readClient();
            if (n < 0) {
                clientDone = true;
                stream.sendBody(ByteBuffer.allocate(0), true);
                return;
            }
            keep(n);
            stream.sendBody(ByteBuffer.wrap(chunk, 0, n), false);
        }
    }

    private int readClient() throws ClientBodyException {
        try {
            return client.readBody(chunk, 0, chunk.length);
        } catch (IOException e) {
            throw new ClientBodyException(e);
        }
    }

    private void keep(int n) {
        if (overflowed) {
            return;
        }
        if (keptLength + n > bufsize) {
            overflowed = true;
            kept = null;
            return;
        }
        if (keptLength + n > kept.length) {
            kept = Arrays.copyOf(kept, Math.min(bufsize, Math.max(keptLength + n, kept.length * 2)));
        }
        System.arraycopy(chunk, 0, kept, keptLength, n);
        keptLength += n;
    }

    /** The client failed while we read its body (went away, bad framing). */
    static final class ClientBodyException extends Exception {
        ClientBodyException(Throwable cause) {
            super(cause);
        }
    }
}
