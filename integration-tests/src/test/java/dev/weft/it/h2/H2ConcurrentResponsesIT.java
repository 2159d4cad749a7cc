package dev.weft.it.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.net.InetSocketAddress;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.weft.it.support.DeterministicBytes;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.api.Stream;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.HeadersFrame;
import org.eclipse.jetty.util.Callback;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Many responses ending together on one HTTP/2 connection (prior knowledge): weft writes the
 * frames that end streams in batches (H2WriteBatch), so this checks that every stream still gets
 * its own status, its whole body and its end, with bodies of one frame, several frames, none
 * (204 and HEAD), chunked from the origin, all in flight at once on one connection. The client's
 * stream windows are small (16 KiB), so streams end while waiting for WINDOW_UPDATE frames that
 * the client sends only for what it received.
 */
@ExtendWith(WeftDiagnostics.class)
class H2ConcurrentResponsesIT {

    private static final int STREAMS = 90; // under the frontend's default limit of 100

    /** What one stream got back. */
    private record Answer(int status, byte[] body) {
    }

    @Test
    void everyStreamOfOneConnectionGetsItsOwnWholeResponse() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config("conf/h2/h2load.properties").set("ORIGIN_PORT", origin.port())
                     .start();
             HTTP2Client client = new HTTP2Client()) {
            // A small stream window only: with a small session window too (64 KiB), Helidon 4.5.0
            // times streams out waiting for connection WINDOW_UPDATEs, batching or not
            // (WindowSizeImpl drops an update that races its wait; helidon-io/helidon#12166).
            client.setInitialStreamRecvWindow(16 * 1024);
            client.start();
            Session session = client.connect(new InetSocketAddress("127.0.0.1", weft.frontPort()),
                    new Session.Listener() { }).get(10, TimeUnit.SECONDS);

            List<String> paths = new ArrayList<>();
            List<CompletableFuture<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < STREAMS; i++) {
                String path = switch (i % 6) {
                    case 0 -> "/bytes/" + (i + 1);             // one small DATA frame
                    case 1 -> "/bytes/" + (40_000 + i);        // several DATA frames, past the window
                    case 2 -> "/nocontent";                    // HEADERS with END_STREAM
                    case 3 -> "/bytes/" + (17 * i) + "?chunked=1";
                    case 4 -> "/head";                         // HEAD: HEADERS with END_STREAM
                    default -> "/bytes/0";
                };
                paths.add(path);
                answers.add(send(session, weft.frontPort(), path.equals("/head") ? "HEAD" : "GET", path));
            }

            for (int i = 0; i < STREAMS; i++) {
                Answer a = answers.get(i).get(30, TimeUnit.SECONDS);
                String path = paths.get(i);
                if (path.equals("/nocontent") || path.equals("/head")) {
                    assertThat(a.status()).as(path).isEqualTo(path.equals("/head") ? 200 : 204);
                    assertThat(a.body()).as(path).isEmpty();
                } else {
                    long n = Long.parseLong(path.substring("/bytes/".length()).replace("?chunked=1", ""));
                    assertThat(a.status()).as(path).isEqualTo(200);
                    assertThat(a.body()).as(() -> path + weft.diagnostics()).isEqualTo(DeterministicBytes.array((int) n));
                }
            }
            session.close(0, null, Callback.NOOP);
        }
    }

    /** Opens a stream for {@code method path}; completes with the status and the body once the stream ended. */
    private static CompletableFuture<Answer> send(Session session, int port, String method, String path) {
        CompletableFuture<Answer> answer = new CompletableFuture<>();
        MetaData.Request request = new MetaData.Request(method, HttpURI.from("http://127.0.0.1:" + port + path),
                HttpVersion.HTTP_2, HttpFields.EMPTY);
        ByteArrayOutputStream body = new ByteArrayOutputStream();
        int[] status = {0};
        session.newStream(new HeadersFrame(request, null, true), new Stream.Listener() {
            @Override
            public void onHeaders(Stream stream, HeadersFrame frame) {
                if (frame.getMetaData() instanceof MetaData.Response r) {
                    status[0] = r.getStatus();
                }
                if (frame.isEndStream()) {
                    answer.complete(new Answer(status[0], body.toByteArray()));
                } else {
                    stream.demand();
                }
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
                    byte[] copy = new byte[bytes.remaining()];
                    bytes.get(copy);
                    body.writeBytes(copy);
                    boolean last = data.frame().isEndStream();
                    data.release();
                    if (last) {
                        answer.complete(new Answer(status[0], body.toByteArray()));
                        return;
                    }
                }
            }

            @Override
            public void onReset(Stream stream, org.eclipse.jetty.http2.frames.ResetFrame frame, Callback callback) {
                answer.completeExceptionally(new IllegalStateException("stream reset: " + frame));
                callback.succeeded();
            }
        }).whenComplete((stream, failure) -> {
            if (failure != null) {
                answer.completeExceptionally(failure);
            }
        });
        return answer;
    }
}
