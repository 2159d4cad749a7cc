package dev.weft.it.support;

import java.io.BufferedInputStream;
import java.io.ByteArrayOutputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/**
 * An HTTP/1.1 client connection on a raw socket, for what {@link java.net.http.HttpClient} hides:
 * several requests on one known connection, hop-by-hop headers, {@code Host}, HEAD framing,
 * chunked uploads, truncated bodies. Reads fail with {@link java.net.SocketTimeoutException}
 * after {@value #READ_TIMEOUT_MS} ms so a hang becomes a failure, never a stuck build.
 * Single-threaded: one test thread drives it.
 */
public final class RawHttpConnection implements AutoCloseable {

    /** Read timeout on the socket. */
    public static final int READ_TIMEOUT_MS = 30_000;

    private static final int MAX_LINE = 16 * 1024;
    private static final byte[] CRLF = {'\r', '\n'};

    private final Socket socket;
    private final InputStream in;
    private final List<String> trailers = new ArrayList<>();
    private final OutputStream out;

    private RawHttpConnection(Socket socket) throws IOException {
        this.socket = socket;
        this.in = new BufferedInputStream(socket.getInputStream());
        this.out = socket.getOutputStream();
    }

    /** Connects to {@code 127.0.0.1:port}. */
    public static RawHttpConnection open(int port) throws IOException {
        return open(port, 0);
    }

    /**
     * Connects to {@code 127.0.0.1:port} with a fixed receive buffer ({@code 0}: the OS default,
     * auto-tuned). A small fixed buffer keeps the kernel from absorbing a body the test is not
     * reading, so backpressure reaches weft.
     */
    public static RawHttpConnection open(int port, int receiveBufferSize) throws IOException {
        Socket socket = new Socket();
        if (receiveBufferSize > 0) {
            socket.setReceiveBufferSize(receiveBufferSize);
        }
        socket.setSoTimeout(READ_TIMEOUT_MS);
        socket.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
        return new RawHttpConnection(socket);
    }

    /**
     * A request head: {@code requestLine}, each header line, an empty line, all CRLF-terminated.
     * Java text blocks end lines with LF only, hence this helper.
     */
    public static String head(String requestLine, String... headerLines) {
        StringBuilder head = new StringBuilder(requestLine).append("\r\n");
        for (String line : headerLines) {
            head.append(line).append("\r\n");
        }
        return head.append("\r\n").toString();
    }

    /** The local port of this connection (what weft logs as the client port). */
    public int localPort() {
        return socket.getLocalPort();
    }

    /** Sends {@code text} as ISO-8859-1 bytes. */
    public void send(String text) throws IOException {
        send(text.getBytes(StandardCharsets.ISO_8859_1));
    }

    /** Sends {@code bytes}. */
    public void send(byte[] bytes) throws IOException {
        out.write(bytes);
        out.flush();
    }

    /** Sends {@code body} as chunks of {@code chunkSize} bytes, then the last chunk (no trailers). */
    public void sendChunked(InputStream body, int chunkSize) throws IOException {
        byte[] buffer = new byte[chunkSize];
        for (int n; (n = body.readNBytes(buffer, 0, chunkSize)) > 0; ) {
            out.write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            out.write(buffer, 0, n);
            out.write(CRLF);
        }
        out.write("0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));
        out.flush();
    }

    /**
     * Sends a request without a body ({@code Host: localhost} added unless a {@code Host} line is
     * given) and reads the whole response.
     */
    public RawResponse exchange(String method, String target, String... headerLines) throws IOException {
        List<String> lines = new ArrayList<>(Arrays.asList(headerLines));
        if (lines.stream().noneMatch(l -> l.regionMatches(true, 0, "Host:", 0, 5))) {
            lines.addFirst("Host: localhost");
        }
        send(head(method + " " + target + " HTTP/1.1", lines.toArray(String[]::new)));
        return readResponse(method);
    }

    /** Reads a whole response to a {@code requestMethod} request, body decoded. */
    public RawResponse readResponse(String requestMethod) throws IOException {
        ResponseHead head = readHead();
        try (InputStream body = body(head, requestMethod)) {
            return new RawResponse(head, body.readAllBytes());
        }
    }

    /**
     * Reads the next response head as it arrives, interim ({@code 1xx}) or final: what a client
     * that sent {@code Expect: 100-continue} waits for before sending the body. Bounded by the
     * socket read timeout.
     */
    public ResponseHead readAnyHead() throws IOException {
        return readOneHead();
    }

    /** Reads the next final response head, skipping interim 1xx responses other than 101. */
    public ResponseHead readHead() throws IOException {
        while (true) {
            ResponseHead head = readOneHead();
            if (head.status() / 100 != 1 || head.status() == 101) {
                return head;
            }
        }
    }

    /**
     * The body of the response {@code head} to {@code requestMethod}, framed per RFC 9112 §6.3:
     * none, chunked, {@code Content-Length}, or until the connection closes.
     */
    public InputStream body(ResponseHead head, String requestMethod) {
        if (head.bodyless(requestMethod)) {
            return InputStream.nullInputStream();
        }
        if (head.chunked()) {
            trailers.clear();
            return new ChunkedBody(in, trailers::add);
        }
        var length = head.headers().first("Content-Length");
        if (length.isPresent()) {
            return new FixedLengthBody(in, Long.parseLong(length.get().trim()));
        }
        return new FilterInputStream(in) {
            @Override
            public void close() {
                // the body ends with the connection; closing the body must not close it first
            }
        };
    }

    /**
     * Reads and drops whatever the peer still sends until it closes the connection. Returns
     * true when it closed within the read timeout, false when it was still open then.
     */
    public boolean closedByPeer() throws IOException {
        byte[] sink = new byte[4096];
        try {
            while (in.read(sink) >= 0) {
                // drained
            }
            return true;
        } catch (java.net.SocketTimeoutException e) {
            return false;
        } catch (java.net.SocketException e) {
            return true;
        }
    }

    /**
     * Reads everything the peer still sends until it closes the connection (a reset counts as a
     * close) and returns it as ISO-8859-1 text; a peer still open after the read timeout is a
     * SocketTimeoutException whose message holds what was read before it.
     */
    public String readUntilClosed() throws IOException {
        ByteArrayOutputStream got = new ByteArrayOutputStream();
        byte[] buf = new byte[4096];
        try {
            for (int n; (n = in.read(buf)) >= 0; ) {
                got.write(buf, 0, n);
            }
        } catch (java.net.SocketTimeoutException e) {
            // say what came before the silence (a second response, say), not only that it was silent
            String text = got.toString(StandardCharsets.ISO_8859_1);
            var open = new java.net.SocketTimeoutException("connection still open at the read timeout, after "
                    + got.size() + " bytes: " + (text.length() > 2048 ? text.substring(0, 2048) + "..." : text));
            open.initCause(e);
            throw open;
        } catch (java.net.SocketException e) {
            // reset: closed
        }
        return got.toString(StandardCharsets.ISO_8859_1);
    }

    /**
     * True when weft sends nothing on this connection for {@code millis} (it is holding it); false
     * as soon as a byte arrives (the byte stays to be read). A negative wait only: a slow machine
     * can make it pass when it should not, never fail when it should pass.
     */
    public boolean silentFor(int millis) throws IOException {
        in.mark(1);
        socket.setSoTimeout(millis);
        try {
            if (in.read() < 0) {
                return false;
            }
            in.reset();
            return false;
        } catch (java.net.SocketTimeoutException e) {
            return true;
        } finally {
            socket.setSoTimeout(READ_TIMEOUT_MS);
        }
    }

    /** The trailer lines ({@code Name: value}) of the last chunked body read on this connection. */
    public List<String> lastTrailers() {
        return List.copyOf(trailers);
    }

    @Override
    public void close() throws IOException {
        socket.close();
    }

    /** Reads one CRLF- (or LF-) terminated line as ISO-8859-1, without the terminator. */
    static String readLine(InputStream in, String what) throws IOException {
        ByteArrayOutputStream line = new ByteArrayOutputStream();
        for (int b; (b = in.read()) != '\n'; ) {
            if (b == -1) {
                throw new EOFException("connection closed while reading the " + what
                        + (line.size() > 0 ? " (got '" + line.toString(StandardCharsets.ISO_8859_1) + "')" : ""));
            }
            line.write(b);
            if (line.size() > MAX_LINE) {
                throw new IOException(what + " longer than " + MAX_LINE + " bytes");
            }
        }
        String text = line.toString(StandardCharsets.ISO_8859_1);
        return text.endsWith("\r") ? text.substring(0, text.length() - 1) : text;
    }

    private ResponseHead readOneHead() throws IOException {
        String statusLine = readLine(in, "status line");
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new IOException("not an HTTP/1.x status line: '" + statusLine + "'");
        }
        int status = Integer.parseInt(parts[1]);
        List<HeaderField> fields = new ArrayList<>();
        for (String line; !(line = readLine(in, "response headers")).isEmpty(); ) {
            int colon = line.indexOf(':');
            if (colon <= 0) {
                throw new IOException("malformed response header line: '" + line + "'");
            }
            fields.add(new HeaderField(line.substring(0, colon), line.substring(colon + 1).trim()));
        }
        return new ResponseHead(status, parts.length == 3 ? parts[2] : "", new Headers(fields));
    }
}
