package dev.weft.it.h2;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.atomic.AtomicInteger;

import dev.weft.it.support.Sha256;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.ErrorCode;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.api.server.ServerSessionListener;
import org.eclipse.jetty.http2.frames.DataFrame;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.http2.frames.ResetFrame;
import org.eclipse.jetty.http2.server.RawHTTP2ServerConnectionFactory;
import org.eclipse.jetty.server.HttpConfiguration;
import org.eclipse.jetty.server.Server;
import org.eclipse.jetty.server.ServerConnector;
import org.eclipse.jetty.util.Callback;

/**
 * A scripted HTTP/2 (h2c) server on Jetty's low-level API: it answers the first stream it ever
 * receives with RST_STREAM REFUSED_STREAM (RFC 9113 §8.7: certainly not processed), and every
 * later one with 200 and {@code SHA256HEX LENGTH} of the request body; except {@code /partial},
 * answered with a head announcing 100000 bytes, 1000 of them, then (300 ms later) RST_STREAM REFUSED_STREAM
 * (too late to mean "not processed"). Records what it processed.
 * Thread-safe.
 */
final class RefusingH2Origin implements AutoCloseable {
    private final Server server = new Server();
    private final ServerConnector connector;
    private final AtomicInteger streams = new AtomicInteger();
    private final List<String> processed = new CopyOnWriteArrayList<>();

    private RefusingH2Origin() {
        connector = new ServerConnector(server, new RawHTTP2ServerConnectionFactory(new HttpConfiguration(), new Listener()));
        connector.setHost("127.0.0.1");
        server.addConnector(connector);
    }

    static RefusingH2Origin start() throws Exception {
        RefusingH2Origin origin = new RefusingH2Origin();
        origin.server.start();
        return origin;
    }

    int port() {
        return connector.getLocalPort();
    }

    /** Streams received, refused one included. */
    int streams() {
        return streams.get();
    }

    /** {@code METHOD PATH SHA256HEX LENGTH} of every request answered. */
    List<String> processed() {
        return List.copyOf(processed);
    }

    @Override
    public void close() throws Exception {
        server.stop();
    }

    private final class Listener implements ServerSessionListener {
        @Override
        public Stream.Listener onNewStream(Stream stream, HeadersFrame frame) {
            if (streams.incrementAndGet() == 1) {
                stream.reset(new ResetFrame(stream.getId(), ErrorCode.REFUSED_STREAM_ERROR.code), Callback.NOOP);
                return null;
            }
            MetaData.Request request = (MetaData.Request) frame.getMetaData();
            if (request.getHttpURI().getPath().equals("/partial")) {
                partial(stream);
                return null;
            }
            Body body = new Body(request.getMethod() + " " + request.getHttpURI().getPathQuery());
            if (frame.isEndStream()) {
                body.respond(stream);
            } else {
                stream.demand();
            }
            return body;
        }
    }

    /** A head, part of the body, then a reset that comes after response bytes were sent. */
    private void partial(Stream stream) {
        processed.add("partial");
        HttpFields fields = HttpFields.build().add("content-type", "application/octet-stream")
                .add("content-length", "100000");
        MetaData.Response response = new MetaData.Response(200, null, HttpVersion.HTTP_2, fields);
        stream.headers(new HeadersFrame(stream.getId(), response, null, false), Callback.from(() ->
                stream.data(new DataFrame(stream.getId(), ByteBuffer.allocate(1000), false), Callback.from(() ->
                        // later, so the head and those bytes have reached weft's client first
                        CompletableFuture.delayedExecutor(300, TimeUnit.MILLISECONDS).execute(() -> stream.reset(
                                new ResetFrame(stream.getId(), ErrorCode.REFUSED_STREAM_ERROR.code), Callback.NOOP))))));
    }

    /** Reads one request body into a digest and answers when it ends. */
    private final class Body implements Stream.Listener {
        private final String request;
        private final MessageDigest digest = Sha256.newDigest();
        private long length;

        Body(String request) {
            this.request = request;
        }

        @Override
        public void onDataAvailable(Stream stream) {
            while (true) {
                Stream.Data data = stream.readData();
                if (data == null) {
                    stream.demand();
                    return;
                }
                ByteBuffer bytes = data.frame().getByteBuffer();
                length += bytes.remaining();
                digest.update(bytes);
                boolean last = data.frame().isEndStream();
                data.release();
                if (last) {
                    respond(stream);
                    return;
                }
            }
        }

        void respond(Stream stream) {
            String answer = Sha256.hex(digest) + " " + length;
            processed.add(request + " " + answer);
            byte[] bytes = answer.getBytes(StandardCharsets.US_ASCII);
            HttpFields fields = HttpFields.build().add("content-type", "text/plain")
                    .add("content-length", Integer.toString(bytes.length));
            MetaData.Response response = new MetaData.Response(200, null, HttpVersion.HTTP_2, fields);
            stream.headers(new HeadersFrame(stream.getId(), response, null, false), Callback.from(() ->
                    stream.data(new DataFrame(stream.getId(), ByteBuffer.wrap(bytes), true), Callback.NOOP)));
        }
    }
}
