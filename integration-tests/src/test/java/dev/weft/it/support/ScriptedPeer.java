package dev.weft.it.support;

import static org.awaitility.Awaitility.await;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.IntSupplier;

import org.awaitility.core.ConditionTimeoutException;

/**
 * A misbehaving server for weft to proxy to: a loopback {@link ServerSocket} that plays a
 * {@link PeerScript} on every accepted connection (one virtual thread each) and records what it
 * saw: request heads, connections accepted, connections weft closed, and unexpected I/O errors.
 * In okhttp's terms: script (the {@link PeerScript}), play (weft connects), verify (the accessors).
 * Thread-safe.
 */
public final class ScriptedPeer implements AutoCloseable {

    private final ServerSocket server;
    private final PeerScript script;
    private final List<String> heads = new CopyOnWriteArrayList<>();
    private final List<Socket> sockets = new CopyOnWriteArrayList<>();
    private final List<IOException> errors = new CopyOnWriteArrayList<>();
    private final AtomicInteger accepted = new AtomicInteger();
    private final AtomicInteger closedByProxy = new AtomicInteger();
    private final Thread acceptor;
    private volatile boolean closed;

    private ScriptedPeer(PeerScript script) throws IOException {
        this.script = script;
        this.server = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        this.acceptor = Thread.ofVirtual().name("scripted-peer-" + server.getLocalPort()).start(this::acceptLoop);
    }

    /** Starts a peer on a fresh loopback port playing {@code script} on each connection. */
    public static ScriptedPeer start(PeerScript script) throws IOException {
        return new ScriptedPeer(script);
    }

    /** The port it listens on. */
    public int port() {
        return server.getLocalPort();
    }

    /** Connections accepted so far. */
    public int acceptedConnections() {
        return accepted.get();
    }

    /** Request heads received so far, in order, as ISO-8859-1 text. */
    public List<String> requestHeads() {
        return List.copyOf(heads);
    }

    /** I/O errors met while playing the script (other than those caused by {@link #close()}). */
    public List<IOException> errors() {
        return List.copyOf(errors);
    }

    /** Waits (bounded) until at least {@code count} request heads have arrived. */
    public void awaitRequests(int count, Duration timeout) {
        awaitCount("request head(s)", count, timeout, heads::size);
    }

    /** Waits (bounded) until weft has closed at least {@code count} connections it held open. */
    public void awaitClosedByProxy(int count, Duration timeout) {
        awaitCount("connection(s) closed by weft", count, timeout, closedByProxy::get);
    }

    @Override
    public void close() throws IOException, InterruptedException {
        closed = true;
        server.close();
        for (Socket socket : sockets) {
            socket.close();
        }
        acceptor.join(Duration.ofSeconds(5));
    }

    @Override
    public String toString() {
        return "ScriptedPeer{port=" + port() + ", accepted=" + accepted + ", closedByProxy=" + closedByProxy
                + ", heads=" + heads + ", errors=" + errors + "}";
    }

    boolean isClosed() {
        return closed;
    }

    void recordHead(String head) {
        heads.add(head);
    }

    void recordClosedByProxy() {
        closedByProxy.incrementAndGet();
    }

    private void awaitCount(String what, int count, Duration timeout, IntSupplier current) {
        try {
            await().atMost(timeout).pollInterval(Duration.ofMillis(20)).until(() -> current.getAsInt() >= count);
        } catch (ConditionTimeoutException e) {
            throw new AssertionError("scripted peer: expected " + count + " " + what + " within "
                    + timeout.toMillis() + "ms, got " + current.getAsInt() + "; " + this, e);
        }
    }

    private void acceptLoop() {
        while (!closed) {
            Socket socket;
            try {
                socket = server.accept();
            } catch (IOException e) {
                if (!closed) {
                    errors.add(e);
                }
                return;
            }
            accepted.incrementAndGet();
            sockets.add(socket);
            Thread.ofVirtual().name("scripted-peer-conn-" + socket.getPort()).start(() -> serve(socket));
        }
    }

    private void serve(Socket socket) {
        try (socket) {
            script.play(new PeerConnection(socket, this));
        } catch (IOException e) {
            if (!closed) {
                errors.add(e);
            }
        }
    }
}
