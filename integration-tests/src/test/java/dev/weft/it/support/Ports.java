package dev.weft.it.support;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;

/**
 * Loopback port helpers. Stateless; safe from any thread.
 */
public final class Ports {

    private static final int CONNECT_TIMEOUT_MS = 200;

    private Ports() {
    }

    /**
     * Returns a port that was free a moment ago: binds {@code 127.0.0.1:0}, reads the port, closes.
     * Another process may take it before weft binds it; that shows as a bind error in weft's stderr.
     */
    public static int free() {
        try (ServerSocket socket = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            return socket.getLocalPort();
        } catch (IOException e) {
            throw new UncheckedIOException("cannot find a free loopback port", e);
        }
    }

    /** Returns whether something accepts a TCP connection on {@code 127.0.0.1:port} right now. */
    public static boolean accepts(int port) {
        return accepts("127.0.0.1", port);
    }

    /** Returns whether something accepts a TCP connection on {@code host:port} right now. */
    public static boolean accepts(String host, int port) {
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), CONNECT_TIMEOUT_MS);
            return true;
        } catch (IOException refusedOrUnreachable) {
            return false;
        }
    }
}
