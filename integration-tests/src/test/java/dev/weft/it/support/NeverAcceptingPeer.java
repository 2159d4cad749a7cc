package dev.weft.it.support;

import java.io.IOException;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketTimeoutException;
import java.util.ArrayList;
import java.util.List;

/**
 * A port that listens but never accepts, with its accept queue full: the kernel then drops new
 * SYNs, so a connect to it neither succeeds nor is refused, it times out (what a server whose
 * accept loop is stuck looks like). The queue is filled by connecting from here until a connect
 * times out.
 */
public final class NeverAcceptingPeer implements AutoCloseable {
    private static final int FILL_TIMEOUT_MS = 300;
    private static final int MAX_FILLERS = 64;

    private final ServerSocket server;
    private final List<Socket> fillers = new ArrayList<>();

    private NeverAcceptingPeer() throws IOException {
        server = new ServerSocket(0, 1, InetAddress.getLoopbackAddress());
    }

    /** Binds, fills the backlog, and returns the peer; fails if the queue never fills. */
    public static NeverAcceptingPeer start() throws IOException {
        NeverAcceptingPeer peer = new NeverAcceptingPeer();
        for (int i = 0; i < MAX_FILLERS; i++) {
            Socket s = new Socket();
            try {
                s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), peer.port()), FILL_TIMEOUT_MS);
                peer.fillers.add(s);
            } catch (SocketTimeoutException full) {
                s.close();
                return peer;
            }
        }
        peer.close();
        throw new IllegalStateException("the accept queue of a backlog-1 listener never filled after "
                + MAX_FILLERS + " connects");
    }

    public int port() {
        return server.getLocalPort();
    }

    @Override
    public void close() throws IOException {
        for (Socket s : fillers) {
            s.close();
        }
        server.close();
    }
}
