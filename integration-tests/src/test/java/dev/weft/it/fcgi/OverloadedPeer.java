package dev.weft.it.fcgi;

import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.Socket;
import java.net.SocketException;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * A FastCGI server that refuses every request with END_REQUEST {@code FCGI_OVERLOADED} once it has
 * read it whole (BEGIN_REQUEST, PARAMS, STDIN up to the empty record), as an application out of
 * resources does. Answers GET_VALUES with no values. Counts the requests it refused. One virtual
 * thread per connection; thread-safe; closed by the test.
 */
final class OverloadedPeer implements AutoCloseable {
    private final ServerSocket listener;
    private final AtomicInteger refused = new AtomicInteger();

    OverloadedPeer() throws IOException {
        listener = new ServerSocket(0, 50, InetAddress.getLoopbackAddress());
        Thread.ofVirtual().name("overloaded-fcgi-accept").start(this::acceptLoop);
    }

    int port() {
        return listener.getLocalPort();
    }

    /** Requests answered with FCGI_OVERLOADED so far. */
    int refused() {
        return refused.get();
    }

    private void acceptLoop() {
        try {
            while (true) {
                Socket s = listener.accept();
                Thread.ofVirtual().name("overloaded-fcgi-conn").start(() -> serve(s));
            }
        } catch (IOException closed) {
            // the test closed the listener
        }
    }

    /** Reads records; refuses each request at its empty STDIN; until weft closes the connection. */
    private void serve(Socket s) {
        try (s; DataInputStream in = new DataInputStream(s.getInputStream()); OutputStream out = s.getOutputStream()) {
            byte[] header = new byte[8];
            while (true) {
                in.readFully(header);
                int type = header[1];
                int length = ((header[4] & 0xff) << 8) | (header[5] & 0xff);
                in.readFully(new byte[length + (header[6] & 0xff)]);
                if (type == 9) {
                    out.write(new byte[] {1, 10, 0, 0, 0, 0, 0, 0}); // GET_VALUES_RESULT, no values
                } else if (type == 5 && length == 0) {
                    refused.incrementAndGet();
                    out.write(new byte[] {1, 3, header[2], header[3], 0, 8, 0, 0, 0, 0, 0, 0, 2, 0, 0, 0});
                }
            }
        } catch (SocketException | java.io.EOFException gone) {
            // weft closed the connection (it does after a refusal)
        } catch (IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        listener.close();
    }
}
