package dev.weft.it.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One connection accepted by a {@link ScriptedPeer}, as its {@link PeerScript} sees it: read the
 * request head, write raw bytes, hold until weft closes. Confined to that connection's thread.
 */
public final class PeerConnection {

    private static final int MAX_HEAD = 64 * 1024;

    private final Socket socket;
    private final InputStream in;
    private final OutputStream out;
    private final ScriptedPeer peer;

    PeerConnection(Socket socket, ScriptedPeer peer) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
        this.peer = peer;
    }

    /**
     * Reads one request head (through the empty line) and its {@code Content-Length} body if any,
     * and records the head with the peer. Chunked request bodies are not supported.
     *
     * @return the head as ISO-8859-1 text, or {@code null} if weft closed the connection before a new request
     * @throws EOFException if the connection ends inside a head or body
     */
    public String readRequestHead() throws IOException {
        String text = readRequestHeadOnly();
        if (text != null) {
            skipBody(contentLength(text));
        }
        return text;
    }

    /**
     * Reads one request head and records it, leaving its body unread: a server that answers
     * before reading the body. Returns null if weft closed the connection first.
     */
    public String readRequestHeadOnly() throws IOException {
        ByteArrayOutputStream head = new ByteArrayOutputStream();
        int matched = 0;
        while (matched < 4) {
            int b = in.read();
            if (b == -1) {
                if (head.size() == 0) {
                    return null;
                }
                throw new EOFException("connection closed inside a request head: " + head);
            }
            head.write(b);
            matched = (b == (matched % 2 == 0 ? '\r' : '\n')) ? matched + 1 : (b == '\r' ? 1 : 0);
            if (head.size() > MAX_HEAD) {
                throw new IOException("request head larger than " + MAX_HEAD + " bytes");
            }
        }
        String text = head.toString(StandardCharsets.ISO_8859_1);
        peer.recordHead(text);
        return text;
    }

    /** Writes {@code bytes} and flushes. */
    public void write(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /**
     * Reads and discards until weft closes the connection (EOF or reset) and records that; returns
     * quietly if the peer itself is being closed.
     */
    public void holdUntilClosedByProxy() {
        try {
            while (in.read() != -1) {
                // discard: a stalled server ignores whatever weft sends
            }
        } catch (IOException resetOrPeerClosed) {
            if (peer.isClosed()) {
                return;
            }
        }
        peer.recordClosedByProxy();
    }

    /** The port weft's backend connection came from. */
    public int remotePort() {
        return socket.getPort();
    }

    private void skipBody(long length) throws IOException {
        for (long left = length; left > 0; left--) {
            if (in.read() == -1) {
                throw new EOFException("connection closed inside a request body");
            }
        }
    }

    private static long contentLength(String head) {
        for (String line : head.split("\r\n")) {
            int colon = line.indexOf(':');
            if (colon > 0 && line.substring(0, colon).trim().toLowerCase(Locale.ROOT).equals("content-length")) {
                return Long.parseLong(line.substring(colon + 1).trim());
            }
        }
        return 0;
    }

    /** Closes the connection now (a server ending a keep-alive connection on its own). */
    public void close() throws IOException {
        socket.close();
    }
}
