package dev.weft.frontend;

import dev.weft.stream.IoWatchdog;

import dev.weft.http.HeaderList;
import dev.weft.http.HopByHop;
import dev.weft.http.RequestHead;
import dev.weft.stream.ClientExchange;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.Status;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.SocketAddress;

/**
 * Adapts one Helidon request/response to {@link ClientExchange}, so no Helidon type reaches the
 * core. Helidon has already parsed the head and decodes the body framing (Content-Length,
 * chunked, HTTP/2 data, {@code Expect: 100-continue}); its unchecked I/O failures come out of
 * here as IOException. Confined to the request's virtual thread.
 */
final class HelidonExchange implements ClientExchange {
    private final ServerRequest req;
    private final ServerResponse res;
    private final RequestHead head;
    private final long bodyLength;
    private final IoWatchdog watchdog;
    private final java.time.Duration clientTimeout;
    private final String clientIp;
    private final int clientPort;
    private InputStream in;
    private OutputStream out;

    /**
     * @param watchdog      enforces {@code timeout.client} on body reads and writes; null for none
     * @param clientTimeout the frontend's {@code timeout.client}
     */
    HelidonExchange(ServerRequest req, ServerResponse res, IoWatchdog watchdog, java.time.Duration clientTimeout)
            throws MalformedRequestException {
        this.req = req;
        this.res = res;
        this.watchdog = watchdog;
        this.clientTimeout = clientTimeout;
        // Read now: once the client's socket is closed, Helidon no longer knows its address.
        SocketAddress a = req.remotePeer().address();
        if (a instanceof InetSocketAddress isa) {
            this.clientIp = isa.getAddress().getHostAddress();
            this.clientPort = isa.getPort();
        } else {
            this.clientIp = String.valueOf(a);
            this.clientPort = 0;
        }
        this.head = headOf(req);
        this.bodyLength = bodyLengthOf(req);
    }

    /**
     * The request head as weft forwards it: target as received, fields in order, hop-by-hop
     * removed. Helidon's own header validation is off (it would refuse any Content-Encoding
     * with decoding disabled), so field names are checked here: a name that is not an RFC 9110
     * token (e.g. {@code Transfer-Encoding : chunked}) is refused, never forwarded, as is an
     * HTTP/1.1 request without Host (RFC 9112 §3.2).
     */
    static RequestHead headOf(ServerRequest req) throws MalformedRequestException {
        HeaderList headers = new HeaderList();
        for (Header h : req.headers()) {
            String name = h.name();
            if (name.startsWith(":")) {
                continue;
            }
            if (!isToken(name)) {
                throw new MalformedRequestException("invalid header name '" + name + "'");
            }
            for (String v : h.allValues()) {
                if (!isFieldValue(v)) {
                    throw new MalformedRequestException("invalid value of header '" + name + "'");
                }
                headers.add(name, v);
            }
        }
        var prologue = req.prologue();
        if (!headers.contains("Host")) {
            if (prologue.protocolVersion().equals("1.1")) {
                throw new MalformedRequestException("HTTP/1.1 request without Host");
            }
            if (prologue.protocolVersion().startsWith("2")) {
                headers.add("Host", req.authority());
            }
        }
        if (prologue.protocolVersion().startsWith("2")) {
            joinCookies(headers);
        }
        HopByHop.strip(headers);
        String target = prologue.uriPath().rawPath();
        if (prologue.hasQuery()) {
            target = target + "?" + prologue.query().rawValue();
        }
        return new RequestHead(prologue.method().text(), target, headers);
    }

    /**
     * RFC 9113 §8.2.3: an HTTP/2 client may split Cookie into one field per cookie; they are
     * joined with "; " before the request goes to a server that may speak HTTP/1.1.
     */
    private static void joinCookies(HeaderList headers) {
        java.util.List<String> cookies = headers.all("Cookie");
        if (cookies.size() > 1) {
            headers.set("Cookie", String.join("; ", cookies));
        }
    }

    /** RFC 9110 §5.6.2 token: visible ASCII except delimiters. */
    private static boolean isToken(String s) {
        if (s.isEmpty()) {
            return false;
        }
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if (c <= 0x20 || c >= 0x7f || "\"(),/:;<=>?@[\\]{}".indexOf(c) >= 0) {
                return false;
            }
        }
        return true;
    }

    /** RFC 9110 §5.5 field value: no CR, LF or NUL (other controls than HTAB refused too). */
    private static boolean isFieldValue(String s) {
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            if ((c < 0x20 && c != '\t') || c == 0x7f) {
                return false;
            }
        }
        return true;
    }

    private static long bodyLengthOf(ServerRequest req) {
        if (!req.content().hasEntity()) {
            return 0;
        }
        return req.headers().contentLength().orElse(-1L);
    }

    @Override
    public RequestHead head() {
        return head;
    }

    @Override
    public long bodyLength() {
        return bodyLength;
    }

    @Override
    public int readBody(byte[] into, int off, int len) throws IOException {
        return onClient("client request body", () -> {
            if (in == null) {
                in = req.content().inputStream();
            }
            return timed(() -> in.read(into, off, len));
        });
    }

    @Override
    public String clientAddress() {
        return clientIp + ":" + clientPort;
    }

    @Override
    public String clientIp() {
        return clientIp;
    }

    @Override
    public boolean firstOfSession() {
        return req.id() <= 1;
    }

    @Override
    public String protocol() {
        return "HTTP/" + req.prologue().protocolVersion();
    }

    @Override
    public void sendHead(int status, String reason, HeaderList headers, long contentLength) throws IOException {
        onClient("client response", () -> {
            for (int i = 0; i < headers.size(); i++) {
                res.headers().add(HeaderValues.create(headers.name(i), headers.value(i)));
            }
            if (contentLength >= 0) {
                res.headers().set(HeaderValues.create(HeaderNames.CONTENT_LENGTH, contentLength));
            }
            res.status(reason == null || reason.isEmpty() ? Status.create(status) : Status.create(status, reason));
            if (contentLength != 0) {
                out = res.outputStream();
            }
            return null;
        });
    }

    @Override
    public void writeBody(byte[] data, int off, int len) throws IOException {
        onClient("client response", () -> timed(() -> {
            out.write(data, off, len);
            return null;
        }));
    }

    @Override
    public void end() throws IOException {
        onClient("client response", () -> {
            if (out != null) {
                out.close();
            } else {
                res.send();
            }
            return null;
        });
    }

    @Override
    public void sendError(int status) throws IOException {
        if (res.isSent() || out != null) {
            throw abortResponse("error " + status + " after the response started");
        }
        onClient("client response", () -> {
            ErrorPages.send(res, status);
            return null;
        });
    }

    @Override
    public RuntimeException abortResponse(String why) {
        return new CloseConnectionException("response aborted: " + why);
    }

    /** A call on the client's connection. */
    private interface ClientCall<T> {
        T call() throws IOException;
    }

    /**
     * Runs a Helidon call on the client's connection; Helidon's unchecked I/O failures
     * (UncheckedIOException, CloseConnectionException) come out as IOException, what the core
     * expects of a client that went away.
     */
    private static <T> T onClient(String what, ClientCall<T> call) throws IOException {
        try {
            return call.call();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        } catch (CloseConnectionException e) {
            throw new IOException(what + ": " + e.getMessage(), e);
        }
    }

    /**
     * Runs a blocking client read or write under {@code timeout.client}; throws
     * ClientTimeoutException when the watchdog had to cut it.
     */
    private <T> T timed(ClientCall<T> call) throws IOException {
        IoWatchdog.Armed deadline = watchdog == null ? null : watchdog.arm(clientTimeout);
        try {
            return call.call();
        } finally {
            if (deadline != null && deadline.disarm()) {
                throw new ClientTimeoutException();
            }
        }
    }
}
