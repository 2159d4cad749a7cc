package dev.weft.mux.h1;

import dev.weft.failure.StreamFailure;
import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import dev.weft.http.RequestHead;
import dev.weft.http.ResponseHead;
import dev.weft.mux.MuxException;
import dev.weft.mux.MuxStream;
import dev.weft.mux.SocketReads;
import dev.weft.stream.ConnStream;

import java.io.IOException;
import java.io.InputStream;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * One HTTP/1.1 exchange on an {@link H1Mux} (HAProxy's {@code h1s}). Confined to the owning
 * stream's thread. Frames the request body by Content-Length or chunked (RFC 9112 §6), reads
 * the response head and body with the connection's codec, and classifies every failure:
 * <pre>
 * nothing received, connection closed/reset   EmptyResponse (keep-alive race when reused)
 * closed inside the head                      TruncatedHead
 * bytes that are not an HTTP/1.x head         JunkResponse
 * timeout.server before the head              ResponseTimeout
 * closed/reset/bad chunk inside the body      ServerAbortedData
 * timeout.server inside the body              DataTimeout
 * </pre>
 */
final class H1Stream implements MuxStream {
    private static final byte[] LAST_CHUNK = "0\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);
    private static final byte[] CRLF = {'\r', '\n'};

    private final H1Mux mux;
    private final InputStream in;
    private final boolean reused;
    private String method;
    private boolean chunkedRequest;
    private boolean requestStarted;
    private boolean requestDone;
    private boolean responseStarted;
    private boolean responseDone;
    private boolean closeAfter;
    private BodyFraming framing;
    private long remaining;
    private HeaderList trailers = new HeaderList();

    H1Stream(H1Mux mux, ConnStream owner, boolean reused) {
        this.mux = mux;
        this.in = mux.connection().in();
        this.reused = reused;
    }

    @Override
    public void sendHead(RequestHead head, long bodyLength) throws MuxException {
        method = head.method();
        HeaderList h = head.headers();
        h.remove("Transfer-Encoding");
        if (bodyLength > 0 || (bodyLength == 0 && needsZeroLength(method))) {
            h.set("Content-Length", Long.toString(bodyLength));
        } else if (bodyLength < 0) {
            h.remove("Content-Length");
            h.add("Transfer-Encoding", "chunked");
        } else {
            h.remove("Content-Length");
        }
        chunkedRequest = bodyLength < 0;
        byte[] bytes = new byte[H1RequestWriter.size(head)];
        H1RequestWriter.write(head, ByteBuffer.wrap(bytes));
        requestStarted = true;
        write(bytes, 0, bytes.length);
        requestDone = bodyLength == 0;
    }

    /** POST/PUT/PATCH with an empty body still say Content-Length: 0, as clients do. */
    private static boolean needsZeroLength(String method) {
        return method.equals("POST") || method.equals("PUT") || method.equals("PATCH");
    }

    @Override
    public void sendBody(ByteBuffer data, boolean last) throws MuxException {
        int n = data.remaining();
        if (n > 0) {
            mux.connection().closeGently(); // a server may answer before it has read the body
        }
        if (chunkedRequest && n > 0) {
            write((Integer.toHexString(n) + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
            writeBuffer(data);
            write(CRLF);
        } else if (n > 0) {
            writeBuffer(data);
        }
        if (last) {
            if (chunkedRequest) {
                write(LAST_CHUNK);
            }
            requestDone = true;
        }
    }

    private void writeBuffer(ByteBuffer data) throws MuxException {
        if (data.hasArray()) {
            write(data.array(), data.arrayOffset() + data.position(), data.remaining());
            data.position(data.limit());
        } else {
            byte[] copy = new byte[data.remaining()];
            data.get(copy);
            write(copy, 0, copy.length);
        }
    }

    private void write(byte[] b) throws MuxException {
        write(b, 0, b.length);
    }

    /** Writes to the server, bounded by {@code timeout.server} (see OneExchangeMux.writeBounded). */
    private void write(byte[] b, int off, int len) throws MuxException {
        // The server may have answered and closed early (e.g. 413); the caller still reads.
        mux.writeBounded(b, off, len,
                () -> new StreamFailure.EmptyResponse(reused && !responseStarted, requestStarted, idempotent()));
    }

    @Override
    public ResponseHead receiveHead() throws MuxException {
        ByteBuffer buf = mux.readBuffer();
        H1ResponseParser parser = mux.parser();
        try {
            while (true) {
                ResponseHead head = parser.parse(buf);
                if (head != null) {
                    return headReceived(head, parser);
                }
                if (fill(buf) < 0) {
                    mux.markBroken();
                    throw new MuxException(responseStarted
                            ? new StreamFailure.TruncatedHead()
                            : new StreamFailure.EmptyResponse(reused, requestStarted, idempotent()));
                }
            }
        } catch (SocketTimeoutException e) {
            mux.markBroken();
            throw new MuxException(new StreamFailure.ResponseTimeout(), e);
        } catch (ProtocolException e) {
            mux.markBroken();
            throw new MuxException(new StreamFailure.JunkResponse(e.getMessage()), e);
        } catch (MuxException e) {
            throw e;
        } catch (IOException e) {
            mux.markBroken();
            throw new MuxException(responseStarted
                    ? new StreamFailure.TruncatedHead()
                    : new StreamFailure.EmptyResponse(reused, requestStarted, idempotent()), e);
        }
    }

    private ResponseHead headReceived(ResponseHead head, H1ResponseParser parser) throws ProtocolException {
        parser.reset();
        if (head.isInterim()) {
            return head;
        }
        framing = BodyFraming.ofResponse(method, head);
        remaining = framing.kind() == BodyFraming.Kind.LENGTH ? framing.length() : 0;
        closeAfter = head.headers().hasToken("Connection", "close")
                || (head.version().equals("HTTP/1.0") && !head.headers().hasToken("Connection", "keep-alive"))
                || framing.kind() == BodyFraming.Kind.UNTIL_CLOSE;
        if (closeAfter) {
            mux.markBroken();
        }
        responseDone = framing.kind() == BodyFraming.Kind.NONE
                || (framing.kind() == BodyFraming.Kind.LENGTH && remaining == 0);
        return head;
    }

    /** Reads more bytes into {@code buf} (read mode); returns the count or -1 at end of stream. */
    private int fill(ByteBuffer buf) throws IOException {
        int n = SocketReads.fill(in, buf);
        if (n > 0) {
            responseStarted = true;
        }
        return n;
    }

    @Override
    public int receiveBody(ByteBuffer into) throws MuxException {
        if (responseDone) {
            return -1;
        }
        try {
            return switch (framing.kind()) {
                case NONE -> {
                    responseDone = true;
                    yield -1;
                }
                case LENGTH -> readLength(into);
                case CHUNKED -> readChunked(into);
                case UNTIL_CLOSE -> readUntilClose(into);
            };
        } catch (SocketTimeoutException e) {
            mux.markBroken();
            throw new MuxException(new StreamFailure.DataTimeout(), e);
        } catch (ProtocolException e) {
            mux.markBroken();
            throw new MuxException(new StreamFailure.ServerAbortedData(e.getMessage()), e);
        } catch (MuxException e) {
            throw e;
        } catch (IOException e) {
            mux.markBroken();
            throw new MuxException(new StreamFailure.ServerAbortedData(e.toString()), e);
        }
    }

    private int readLength(ByteBuffer into) throws IOException {
        int n = readRaw(into, (int) Math.min(remaining, into.remaining()));
        if (n < 0) {
            mux.markBroken();
            throw new MuxException(new StreamFailure.ServerAbortedData(
                    "connection closed with " + remaining + " bytes of the body missing"));
        }
        remaining -= n;
        if (remaining == 0) {
            responseDone = true;
        }
        return n;
    }

    private int readUntilClose(ByteBuffer into) throws IOException {
        int n = readRaw(into, into.remaining());
        if (n < 0) {
            responseDone = true;
        }
        return n;
    }

    /**
     * Moves up to {@code max} body bytes into {@code into}: first what the read buffer holds,
     * else straight from the socket into {@code into} (no second copy). Returns -1 at end of stream.
     */
    private int readRaw(ByteBuffer into, int max) throws IOException {
        ByteBuffer buf = mux.readBuffer();
        if (buf.hasRemaining()) {
            int n = Math.min(max, buf.remaining());
            into.put(into.position(), buf, buf.position(), n);
            into.position(into.position() + n);
            buf.position(buf.position() + n);
            return n;
        }
        int n = in.read(into.array(), into.arrayOffset() + into.position(), max);
        if (n > 0) {
            into.position(into.position() + n);
        }
        return n;
    }

    private int readChunked(ByteBuffer into) throws IOException {
        ChunkedDecoder decoder = mux.chunked();
        ByteBuffer buf = mux.readBuffer();
        while (true) {
            int n = decoder.decode(buf, into);
            if (decoder.isDone()) {
                responseDone = true;
                trailers = decoder.trailers();
                return n > 0 ? n : -1;
            }
            if (n > 0) {
                return n;
            }
            if (fill(buf) < 0) {
                mux.markBroken();
                throw new MuxException(new StreamFailure.ServerAbortedData("connection closed inside a chunked body"));
            }
        }
    }

    /** RFC 9110 §9.2.2: the request's method may be repeated with the effect of one. */
    private boolean idempotent() {
        return RequestHead.idempotent(method);
    }

    @Override
    public HeaderList trailers() {
        return trailers;
    }

    @Override
    public boolean requestStarted() {
        return requestStarted;
    }

    @Override
    public boolean responseStarted() {
        return responseStarted;
    }

    @Override
    public boolean reusedConnection() {
        return reused;
    }

    /** The connection this exchange runs on (for tests and events). */
    dev.weft.backend.Connection connection() {
        return mux.connection();
    }

    /** True when request and response both ended by their framing and nobody asked to close. */
    boolean finishedCleanly() {
        return requestDone && responseDone && !closeAfter;
    }
}
