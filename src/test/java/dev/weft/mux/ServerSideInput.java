package dev.weft.mux;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.SocketException;

/**
 * What a scripted server reads from weft: the socket's input, where weft's close reads as the end
 * of the stream. weft closes a server connection it is done with by a reset, as HAProxy does
 * (Connector), so a server's read after it throws "Connection reset" where a FIN gave -1; a
 * scripted peer waiting for weft to close treats both as that close.
 */
public final class ServerSideInput extends FilterInputStream {
    public ServerSideInput(InputStream in) {
        super(in);
    }

    @Override
    public int read() throws IOException {
        try {
            return super.read();
        } catch (SocketException e) {
            return endIfReset(e);
        }
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        try {
            return super.read(b, off, len);
        } catch (SocketException e) {
            return endIfReset(e);
        }
    }

    /** -1 when {@code e} is the reset of weft's close; rethrows anything else. */
    private static int endIfReset(SocketException e) throws SocketException {
        if (e.getMessage() != null && e.getMessage().contains("Connection reset")) {
            return -1;
        }
        throw e;
    }
}
