package dev.weft.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

import org.eclipse.jetty.http.HttpHeader;
import org.eclipse.jetty.http.HttpMethod;
import org.eclipse.jetty.io.Content;
import org.eclipse.jetty.server.Handler;
import org.eclipse.jetty.server.Request;
import org.eclipse.jetty.server.Response;
import org.eclipse.jetty.util.Callback;
import org.eclipse.jetty.util.Fields;

/**
 * The endpoints of {@link JettyOrigin}, as a blocking Jetty core handler (Jetty runs it on a
 * pool thread, one request at a time per call):
 * <ul>
 *   <li>{@code /bytes/N}: N bytes of {@link DeterministicBytes} with {@code Content-Length};
 *       {@code ?chunked=1} omits it so Jetty chunks the body; {@code ?from=K} starts the
 *       sequence at position K, so that each response can have bytes of its own. Counts bytes
 *       written.</li>
 *   <li>{@code /slow?ms=N}: answers {@code slow done} after N ms.</li>
 *   <li>{@code /head}: {@code Content-Length: 1234}; the 1234 bytes for GET, none for HEAD.</li>
 *   <li>{@code /nocontent}: 204.</li>
 *   <li>{@code /trailers} (and any path ending so): "hello" of unknown length, then the trailer {@code X-Checksum: abc123}.</li>
 *   <li>{@code /upload}: reads the body, answers {@code SHA256HEX LENGTH}.</li>
 *   <li>anything else: echo. Reads the body; answers 200 with {@code X-Echo-Method},
 *       {@code X-Echo-Uri}, {@code X-Body-Length}, {@code X-Body-Sha256} and the request head as text.</li>
 * </ul>
 * Every request head is recorded before anything else happens.
 */
final class OriginHandler extends Handler.Abstract {

    /** {@code Content-Length} of {@code /head}. */
    static final int HEAD_LENGTH = 1234;

    private static final int CHUNK = 64 * 1024;

    private final JettyOrigin origin;

    OriginHandler(JettyOrigin origin) {
        this.origin = origin;
    }

    @Override
    public boolean handle(Request request, Response response, Callback callback) {
        SeenRequest seen = SeenRequest.of(request);
        origin.record(seen);
        String path = Request.getPathInContext(request);
        try {
            if (path.startsWith("/bytes/")) {
                bytes(request, response, Long.parseLong(path.substring("/bytes/".length())));
            } else if (path.equals("/slow")) {
                slow(request, response);
            } else if (path.equals("/head")) {
                head(request, response);
            } else if (path.endsWith("/trailers")) {
                trailers(response);
            } else if (path.equals("/nocontent")) {
                response.setStatus(204);
            } else if (path.equals("/upload")) {
                Sha256.Digested body = Sha256.digest(Content.Source.asInputStream(request));
                text(response, body.sha256() + " " + body.length());
            } else {
                echo(request, response, seen);
            }
            callback.succeeded();
        } catch (IOException e) {
            // weft went away or broke the exchange: let Jetty abort the response
            callback.failed(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            callback.failed(e);
        }
        return true;
    }

    private void bytes(Request request, Response response, long length) throws IOException, InterruptedException {
        boolean chunked = "1".equals(query(request).getValue("chunked"));
        String delay = query(request).getValue("delay");
        String fromValue = query(request).getValue("from");
        long from = fromValue == null ? 0 : Long.parseLong(fromValue);
        if (delay != null) {
            Thread.sleep(Long.parseLong(delay)); // before the head: a server that thinks first
        }
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        if (!chunked) {
            response.getHeaders().put(HttpHeader.CONTENT_LENGTH, length);
        }
        byte[] block = new byte[CHUNK];
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            for (long done = 0; done < length; ) {
                int n = (int) Math.min(CHUNK, length - done);
                DeterministicBytes.fill(from + done, block, 0, n);
                out.write(block, 0, n);
                done += n;
                origin.addBytesSent(n);
            }
        }
    }

    private void slow(Request request, Response response) throws IOException, InterruptedException {
        String ms = query(request).getValue("ms");
        Thread.sleep(ms == null ? 1000 : Long.parseLong(ms));
        text(response, "slow done\n");
    }

    /** A body of unknown length ("hello") followed by the trailer X-Checksum, announced in Trailer. */
    private static void trailers(Response response) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain");
        response.getHeaders().put(HttpHeader.TRAILER, "X-Checksum");
        response.setTrailersSupplier(() -> org.eclipse.jetty.http.HttpFields.build().put("X-Checksum", "abc123"));
        try (OutputStream out = Content.Sink.asOutputStream(response)) {
            out.write("hello".getBytes(StandardCharsets.US_ASCII));
        }
    }

    private void head(Request request, Response response) throws IOException {
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "application/octet-stream");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, HEAD_LENGTH);
        if (!HttpMethod.HEAD.is(request.getMethod())) {
            Content.Sink.write(response, true, ByteBuffer.wrap(DeterministicBytes.array(HEAD_LENGTH)));
        }
    }

    private void echo(Request request, Response response, SeenRequest seen) throws IOException {
        InputStream body = Content.Source.asInputStream(request);
        Sha256.Digested digested = Sha256.digest(body);
        response.getHeaders().put("X-Echo-Method", seen.method());
        response.getHeaders().put("X-Echo-Uri", seen.uri());
        response.getHeaders().put("X-Body-Length", Long.toString(digested.length()));
        response.getHeaders().put("X-Body-Sha256", digested.sha256());
        text(response, seen.method() + " " + seen.uri() + "\n" + seen.headers());
    }

    private static void text(Response response, String text) throws IOException {
        byte[] bytes = text.getBytes(StandardCharsets.UTF_8);
        response.getHeaders().put(HttpHeader.CONTENT_TYPE, "text/plain; charset=utf-8");
        response.getHeaders().put(HttpHeader.CONTENT_LENGTH, bytes.length);
        Content.Sink.write(response, true, ByteBuffer.wrap(bytes));
    }

    private static Fields query(Request request) {
        return Request.extractQueryParameters(request);
    }
}
