package dev.weft.frontend;

import dev.weft.stream.IoWatchdog;

import dev.weft.http.HeaderList;
import dev.weft.http.HopByHop;
import dev.weft.http.RequestHead;
import dev.weft.stream.ClientExchange;
import dev.weft.stream.Session;

import io.helidon.http.Header;
import io.helidon.http.HeaderNames;
import io.helidon.http.HeaderValues;
import io.helidon.http.ServerResponseTrailers;
import io.helidon.http.Status;
import io.helidon.http.RequestException;
import io.helidon.common.buffers.DataReader;
import io.helidon.webserver.CloseConnectionException;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.http.RoutingResponse;
import io.helidon.webserver.http.ServerRequest;
import io.helidon.webserver.http.ServerResponse;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;

/**
 * Adapts one Helidon request/response to {@link ClientExchange}, so no Helidon type reaches the
 * core. Helidon has already parsed the head and decodes the body framing (Content-Length,
 * chunked, HTTP/2 data, {@code Expect: 100-continue}); its unchecked I/O failures come out of
 * here as IOException. Confined to the request's virtual thread.
 */
final class HelidonExchange implements ClientExchange {
    private static final io.helidon.http.HeaderName STREAM_RESULT = HeaderNames.create("stream-result");
    private static final java.time.Duration SETTLE_STEP = java.time.Duration.ofMillis(100);

    private final ServerRequest req;
    private final ServerResponse res;
    private final RequestHead head;
    private final long bodyLength;
    private final IoWatchdog watchdog;
    private final java.time.Duration clientTimeout;
    private final Session session;
    /** The HTTP/1.1 connection this request arrived on, when the handler runs on its thread; else null. */
    private final ConnectionContext connection;
    private Thread closeWatcher;
    private boolean settled;
    private volatile boolean clientClosed;
    /** The connection must close after this response (its request was not read to its end). */
    private boolean closeAfter;
    private final boolean http1;
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
        // An HTTP/1 connection's requests share one (ClientConnection); an HTTP/2 stream, on a
        // thread of its own, reads it for itself.
        String version = req.prologue().protocolVersion();
        ClientConnection bound = ClientPeer.connection(version);
        this.session = bound != null
                ? bound.session(req, version)
                : ClientConnection.sessionOf(req, "HTTP/" + version);
        this.head = headOf(req);
        this.bodyLength = bodyLengthOf(req);
        this.http1 = ClientPeer.http1(version);
        this.connection = bound != null && "1.1".equals(version) ? bound.context() : null;
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

    /**
     * RFC 9110 §5.6.2 token: visible ASCII except delimiters. mux.fcgi.CgiHeadParser has the same
     * check, and isFieldValue's, on purpose: this one is on every request's path, and sharing
     * them cost h2-front about 5 % in the bench's shape (BENCHMARKS.md, session 14).
     */
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
        IoWatchdog.Armed deadline = null;
        try {
            if (in == null) {
                in = req.content().inputStream();
            }
            deadline = arm();
            return in.read(into, off, len);
        } catch (RequestException | IllegalArgumentException e) {
            // Helidon's chunked decoder: RequestException for a bad last chunk, NumberFormat
            // (an IllegalArgumentException) for a chunk size that is not hex.
            throw new MalformedBodyException(e);
        } catch (UncheckedIOException | CloseConnectionException e) {
            throw clientFailure("client request body", e);
        } finally {
            checkTimeout(deadline);
        }
    }

    @Override
    public String clientAddress() {
        return session.clientIp() + ":" + session.clientPort();
    }

    @Override
    public Session session() {
        return session;
    }

    @Override
    public String clientIp() {
        return session.clientIp();
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
        try {
            for (int i = 0; i < headers.size(); i++) {
                res.headers().add(HeaderValues.create(headers.name(i), headers.value(i)));
            }
            if (contentLength >= 0) {
                res.headers().set(HeaderValues.create(HeaderNames.CONTENT_LENGTH, contentLength));
            }
            if (closeAfter && http1) {
                res.header(HeaderValues.CONNECTION_CLOSE);
            }
            res.status(reason == null || reason.isEmpty() ? Status.create(status) : Status.create(status, reason));
            if (contentLength != 0) {
                if (http1) {
                    // Helidon's HTTP/1.1 writer adds a "stream-result" trailer of its own (not the
                    // server's); the hook must be set before the output stream is made.
                    res.beforeTrailers(written -> written.remove(STREAM_RESULT));
                }
                out = res.outputStream();
            }
        } catch (UncheckedIOException | CloseConnectionException e) {
            throw clientFailure("client response", e);
        }
    }

    /**
     * Helidon sends trailers on HTTP/1.1 when the client sent {@code TE: trailers} or the
     * response names them in {@code Trailer}, on HTTP/2 when the response names them; otherwise
     * {@code res.trailers()} says no (IllegalStateException) and they are dropped.
     */
    @Override
    public void sendTrailers(HeaderList trailers) throws IOException {
        if (trailers.size() == 0 || out == null) {
            return; // no streamed body: nothing to carry them (a known length on HTTP/1.1)
        }
        try {
            ServerResponseTrailers t;
            try {
                t = res.trailers();
            } catch (IllegalStateException cannotTakeThem) {
                return;
            }
            for (int i = 0; i < trailers.size(); i++) {
                t.add(HeaderValues.create(trailers.name(i), trailers.value(i)));
            }
        } catch (UncheckedIOException | CloseConnectionException e) {
            throw clientFailure("client trailers", e);
        }
    }

    @Override
    public void closeAfterResponse() {
        closeAfter = true;
    }

    @Override
    public void writeBody(byte[] data, int off, int len) throws IOException {
        IoWatchdog.Armed deadline = arm();
        try {
            out.write(data, off, len);
        } catch (UncheckedIOException | CloseConnectionException e) {
            throw clientFailure("client response", e);
        } finally {
            checkTimeout(deadline);
        }
    }

    @Override
    public void end() throws IOException {
        try {
            if (http1) {
                endNow();
            } else {
                // HTTP/2: the frames that end this stream may go out with other streams' in one write
                H2WriteBatch.finishing(this::endNow);
            }
        } catch (UncheckedIOException | CloseConnectionException e) {
            throw clientFailure("client response", e);
        }
    }

    /** Ends the response: Helidon writes what it still holds of it and its end. */
    private void endNow() throws IOException {
        if (out != null) {
            out.close();
            // Helidon writes the last chunk at commit, after the handler returns unless asked
            // now; the response must be complete before finish() waits for the client.
            if (res instanceof RoutingResponse routing) {
                routing.commit();
            }
        } else {
            res.send();
        }
    }

    @Override
    public void sendError(int status, boolean close) throws IOException {
        if (res.isSent() || out != null) {
            throw abortResponse("error " + status + " after the response started");
        }
        closeAfter |= close;
        try {
            if (close && http1) {
                res.header(HeaderValues.CONNECTION_CLOSE);
            }
            ErrorPages.send(res, status);
        } catch (UncheckedIOException | CloseConnectionException e) {
            throw clientFailure("client response", e);
        }
    }

    @Override
    public RuntimeException abortResponse(String why) {
        return new CloseConnectionException("response aborted: " + why);
    }

    /** True on an HTTP/1.1 connection's own thread; an HTTP/2 stream's client is never watched. */
    @Override
    public boolean closeWatchable() {
        return connection != null;
    }

    /**
     * Watches the HTTP/1.1 connection for a close: a virtual thread blocks reading ahead into
     * Helidon's own buffer for the connection (so a pipelined next request is kept, not lost)
     * and reports end of stream or a reset. Only while the stream's thread does not read the
     * connection (its body is read whole); {@link #finish} hands the connection back.
     */
    @Override
    public synchronized boolean watchClose(Runnable onClose) {
        if (connection == null || settled || closeWatcher != null) {
            return false;
        }
        closeWatcher = Thread.ofVirtual().name("weft-client-close-watch").start(() -> {
            try {
                connection.dataReader().ensureAvailable(); // returns on data: a next request, not a close
            } catch (DataReader.InsufficientDataAvailableException | CloseConnectionException e) {
                clientClosed = true;
                onClose.run();
            }
        });
        return true;
    }

    /**
     * Called on the connection's thread once the stream ended normally (the response complete),
     * before Helidon reads the connection again: two readers must never race. Waits for a
     * started watcher (it returns when the next request or the close arrives) at most
     * {@code keepAlive} ({@code timeout.http-keep-alive}, the time the connection may be idle
     * anyway), polling {@code draining} (a stopping proxy closes idle connections at once); a
     * request that asked to close stops the watcher instead and closes at once.
     * Throws Helidon's CloseConnectionException when the connection must end: the watcher still
     * waiting or the client gone, or a response that asked to close (after a lingering drain).
     */
    void finish(java.time.Duration keepAlive, java.util.function.BooleanSupplier draining)
            throws InterruptedException {
        Thread watcher = settle();
        if (watcher != null && watcher.isAlive() && connection != null && !closeAfter && askedToClose()) {
            // The connection ends after this response: no next request will come for the watcher
            // to return on (a client that asked to close waits for weft's close). Stopping it
            // closes the socket; it had found nothing to read when checked (bytes arriving in
            // that instant, from a client that broke RFC 9112 §9.6, may be reset away).
            stop(watcher);
            throw LingeringClose.closeNow();
        }
        if (watcher != null) {
            long deadline = System.nanoTime() + keepAlive.toNanos();
            while (!watcher.join(SETTLE_STEP)) {
                if (draining.getAsBoolean() || System.nanoTime() - deadline > 0) {
                    throw new CloseConnectionException("client connection idle after the response");
                }
            }
            if (clientClosed) {
                throw new CloseConnectionException("client closed its connection");
            }
        }
        if (connection == null) {
            return;
        }
        if (closeAfter) {
            throw LingeringClose.drainAndClose(connection, watchdog, "request not read to its end");
        }
        if (askedToClose()) {
            // RFC 9112 §9.6: the server initiates the close after the response to a request
            // carrying "close" (Helidon only marks the response and would read again until
            // the client closes). Bytes already sent after it are drained, not reset away.
            throw LingeringClose.closeAsAsked(connection, watchdog);
        }
    }

    /** Whether the request carried {@code Connection: close}. */
    private boolean askedToClose() {
        return LingeringClose.askedToClose(req);
    }

    /**
     * The stream ended with an exception: Helidon will answer or close on its own, and must never
     * read while a watcher does. A watcher still reading is interrupted, which closes the socket
     * it reads (the connection cannot go on).
     */
    void abandon() {
        stop(settle());
    }

    /** The stream has ended: no watcher starts from now on. Returns the one started, or null. */
    private synchronized Thread settle() {
        settled = true;
        return closeWatcher;
    }

    /**
     * Stops {@code watcher} (may be null) if it still reads: the interrupt closes the socket it
     * reads, so the connection cannot go on.
     */
    private static void stop(Thread watcher) {
        if (watcher != null && watcher.isAlive()) {
            watcher.interrupt();
        }
    }

    /**
     * The IOException that a failure of a Helidon call on the client's connection, {@code what},
     * stands for: Helidon's unchecked I/O failures (UncheckedIOException, CloseConnectionException)
     * come out as IOException, what the core expects of a client that went away. Each call site
     * catches them itself, where a lambda per call (allocated for every request, 1.5 % of
     * h1-small's samples: BENCHMARKS.md, session 20) did it once.
     *
     * @param e an UncheckedIOException or a CloseConnectionException
     */
    private static IOException clientFailure(String what, RuntimeException e) {
        if (e instanceof UncheckedIOException unchecked) {
            return unchecked.getCause();
        }
        return new IOException(what + ": " + e.getMessage(), e);
    }

    /** Arms {@code timeout.client} for a blocking client read or write; null when there is none. */
    private IoWatchdog.Armed arm() {
        return watchdog == null ? null : watchdog.arm(clientTimeout);
    }

    /**
     * Disarms {@code deadline} (from {@link #arm()}, null for none) once its read or write has
     * returned or failed; throws ClientTimeoutException when the watchdog had to cut it.
     */
    private static void checkTimeout(IoWatchdog.Armed deadline) throws ClientTimeoutException {
        if (deadline != null && deadline.disarm()) {
            throw new ClientTimeoutException();
        }
    }
}
