package dev.weft.mux.fcgi;

import dev.weft.mux.SocketReads;

import dev.weft.failure.StreamFailure;
import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import dev.weft.http.RequestHead;
import dev.weft.http.ResponseHead;
import dev.weft.mux.MuxException;
import dev.weft.mux.MuxStream;
import dev.weft.stream.ConnStream;
import dev.weft.stream.Session;

import java.io.IOException;
import java.net.SocketTimeoutException;
import java.nio.ByteBuffer;
import java.util.List;
import java.util.Map;

/**
 * One FastCGI request on an {@link FcgiMux} (HAProxy's {@code fcgi_strm}), request id 1. Confined
 * to the owning stream's thread.
 * <pre>
 * weft → server   BEGIN_REQUEST(RESPONDER, KEEP_CONN?)  PARAMS*  PARAMS()  STDIN*  STDIN()
 * server → weft   STDOUT* (CGI head, then body)  STDERR* (logged, anywhere)  [STDOUT()]  END_REQUEST
 * </pre>
 * The response body ends at END_REQUEST, so its length is unknown unless the script sent a
 * Content-Length (then checked: a body of another length is a server failure, never relayed as
 * if whole). Failures are classified as H1's are:
 * <pre>
 * nothing received, connection closed/reset   EmptyResponse (keep-alive race when reused)
 * closed inside the CGI head                  TruncatedHead
 * bad record, bad CGI head, END_REQUEST       JunkResponse
 *   without a head
 * END_REQUEST OVERLOADED or CANT_MPX_CONN     NotProcessed (retried for any method)
 * timeout.server before the head              ResponseTimeout
 * closed/reset/bad record inside the body     ServerAbortedData
 * timeout.server inside the body              DataTimeout
 * a path that cannot name a script safely     BadRequest (400, nothing sent)
 * </pre>
 */
final class FcgiStream implements MuxStream {
    private final FcgiMux mux;
    private final Session session;
    private final boolean reused;
    private final FcgiStderr stderr;
    private final CgiHeadParser headParser;
    private String method = "GET";
    /** A request whose body length is unknown, held with its spool until the body ends. */
    private RequestHead request;
    private FcgiBodySpool spool;
    /** Set by sendHead; nothing is retried as a keep-alive race before anything was sent anyway. */
    private boolean idempotent = true;
    private boolean requestStarted;
    private boolean requestDone;
    private boolean responseStarted;
    private boolean headDone;
    private boolean ended;
    private FcgiRecordParser.Header record;
    private final ByteBuffer endBody = ByteBuffer.allocate(8);
    /** Body bytes that came in the same STDOUT record as the end of the head. */
    private ByteBuffer pendingBody;
    /** The script's Content-Length, or -1. */
    private long expectedLength = -1;
    private long bodyBytes;

    FcgiStream(FcgiMux mux, ConnStream owner, boolean reused) {
        this.mux = mux;
        this.session = owner.session();
        this.reused = reused;
        this.stderr = new FcgiStderr(mux.connection().server().qualifiedName() + " cs#" + owner.id());
        this.headParser = new CgiHeadParser(mux.maxHead());
    }

    /**
     * Sends BEGIN_REQUEST and the parameters, and the empty STDIN at once when there is no body.
     * A body of unknown length ({@code bodyLength} -1) is spooled first and everything is sent
     * when it ends, with its CONTENT_LENGTH ({@link FcgiBodySpool}). Refuses (BadRequest, nothing
     * written) a path that cannot name a script safely.
     */
    @Override
    public void sendHead(RequestHead head, long bodyLength) throws MuxException {
        method = head.method();
        idempotent = head.isIdempotent();
        Map<String, String> params = params(head, bodyLength);
        if (bodyLength < 0) {
            request = head;
            spool = new FcgiBodySpool();
            return;
        }
        sendParams(params, bodyLength == 0);
    }

    private Map<String, String> params(RequestHead head, long bodyLength) throws MuxException {
        try {
            return FcgiParams.build(head, bodyLength, session, mux.app());
        } catch (ProtocolException e) {
            mux.markBroken();
            throw new MuxException(new StreamFailure.BadRequest(e.getMessage()), e);
        }
    }

    /** BEGIN_REQUEST and PARAMS in one write, with the empty STDIN when {@code noBody}. */
    private void sendParams(Map<String, String> params, boolean noBody) throws MuxException {
        byte[] begin = FcgiRecordWriter.beginRequest(FcgiMux.REQUEST_ID, mux.keepConn());
        byte[] paramRecords = FcgiRecordWriter.params(FcgiMux.REQUEST_ID, params);
        byte[] end = noBody ? FcgiRecordWriter.stream(FcgiRecordType.STDIN, FcgiMux.REQUEST_ID, new byte[0], 0, 0)
                : new byte[0];
        byte[] all = new byte[begin.length + paramRecords.length + end.length];
        System.arraycopy(begin, 0, all, 0, begin.length);
        System.arraycopy(paramRecords, 0, all, begin.length, paramRecords.length);
        System.arraycopy(end, 0, all, begin.length + paramRecords.length, end.length);
        requestStarted = true;
        write(all);
        requestDone = noBody;
    }

    /**
     * Sends body bytes as STDIN records (at most 64 KiB each); {@code last} adds the empty STDIN.
     * A spooled body (unknown length) is only held until {@code last}, then sent whole.
     */
    @Override
    public void sendBody(ByteBuffer data, boolean last) throws MuxException {
        if (spool != null) {
            spoolBody(data, last);
            return;
        }
        int n = data.remaining();
        byte[] bytes;
        int off;
        if (data.hasArray()) {
            bytes = data.array();
            off = data.arrayOffset() + data.position();
        } else {
            bytes = new byte[n];
            data.duplicate().get(bytes);
            off = 0;
        }
        data.position(data.limit());
        if (n > 0) {
            mux.connection().closeGently(); // an application may answer before it has read STDIN
            write(FcgiRecordWriter.stream(FcgiRecordType.STDIN, FcgiMux.REQUEST_ID, bytes, off, n));
        }
        if (last) {
            write(FcgiRecordWriter.stream(FcgiRecordType.STDIN, FcgiMux.REQUEST_ID, bytes, 0, 0));
            requestDone = true;
        }
    }

    /**
     * Adds to the spool; at the end sends the parameters with CONTENT_LENGTH, the spooled body as
     * STDIN and the empty STDIN, then frees the spool. A spool that cannot be written (disk full)
     * fails the request before anything reached the server.
     */
    private void spoolBody(ByteBuffer data, boolean last) throws MuxException {
        FcgiBodySpool body = spool;
        try {
            body.write(data);
            if (!last) {
                return;
            }
            spool = null;
            sendParams(params(request, body.size()), body.size() == 0);
            if (body.size() > 0) {
                mux.connection().closeGently();
                body.read(FcgiRecordWriter.STREAM_CHUNK, (bytes, len) ->
                        write(FcgiRecordWriter.stream(FcgiRecordType.STDIN, FcgiMux.REQUEST_ID, bytes, 0, len)));
                write(FcgiRecordWriter.stream(FcgiRecordType.STDIN, FcgiMux.REQUEST_ID, new byte[0], 0, 0));
                requestDone = true;
            }
        } catch (MuxException e) {
            closeSpool(body);
            throw e;
        } catch (IOException e) {
            closeSpool(body);
            mux.markBroken();
            throw new MuxException(new StreamFailure.BadRequest("request body of unknown length could not be spooled: "
                    + e.getMessage()), e);
        }
        closeSpool(body);
    }

    private void closeSpool(FcgiBodySpool body) {
        spool = null;
        try {
            body.close();
        } catch (IOException e) {
            // an unlinked temporary file: closing it can only free it, a failure leaves nothing behind
        }
    }

    /** Writes to the server, bounded by {@code timeout.server} (see OneExchangeMux.writeBounded). */
    private void write(byte[] b) throws MuxException {
        mux.writeBounded(b, 0, b.length,
                () -> new StreamFailure.EmptyResponse(reused && !responseStarted, requestStarted, idempotent));
    }

    /** Reads records until the CGI head is complete; returns it (never an interim head). */
    @Override
    public ResponseHead receiveHead() throws MuxException {
        try {
            while (true) {
                FcgiRecordParser.Event e = mux.parser().next(mux.readBuffer(), Integer.MAX_VALUE);
                if (e == null) {
                    if (fill() < 0) {
                        throw new MuxException(responseStarted ? new StreamFailure.TruncatedHead()
                                : new StreamFailure.EmptyResponse(reused, requestStarted, idempotent));
                    }
                    continue;
                }
                ResponseHead head = onHeadEvent(e);
                if (head != null) {
                    return headReceived(head);
                }
            }
        } catch (SocketTimeoutException e) {
            throw broken(new StreamFailure.ResponseTimeout(), e);
        } catch (ProtocolException e) {
            throw broken(new StreamFailure.JunkResponse(e.getMessage()), e);
        } catch (MuxException e) {
            mux.markBroken();
            stderr.flush();
            throw e;
        } catch (IOException e) {
            throw broken(responseStarted ? new StreamFailure.TruncatedHead()
                    : new StreamFailure.EmptyResponse(reused, requestStarted, idempotent), e);
        }
    }

    /** One event before the head is complete; returns the head once the CGI head ends. */
    private ResponseHead onHeadEvent(FcgiRecordParser.Event e) throws ProtocolException, MuxException {
        switch (e) {
            case FcgiRecordParser.Header h -> headerSeen(h);
            case FcgiRecordParser.Content c -> {
                if (record.knownType() == FcgiRecordType.STDOUT) {
                    ResponseHead head = headParser.feed(c.bytes());
                    if (head != null && c.bytes().hasRemaining()) {
                        pendingBody = ByteBuffer.allocate(c.bytes().remaining()).put(c.bytes()).flip();
                    }
                    return head;
                }
                otherContent(c);
            }
            case FcgiRecordParser.End end -> {
                if (end.header().knownType() == FcgiRecordType.STDOUT && end.header().contentLength() == 0) {
                    throw new ProtocolException("STDOUT ended before the CGI head was complete");
                }
                if (end.header().knownType() == FcgiRecordType.END_REQUEST) {
                    FcgiProtocolStatus status = endRequest();
                    if (status == FcgiProtocolStatus.OVERLOADED || status == FcgiProtocolStatus.CANT_MPX_CONN) {
                        throw new MuxException(new StreamFailure.NotProcessed("FCGI_" + status.name(), requestStarted));
                    }
                    throw new ProtocolException("END_REQUEST before the CGI head was complete");
                }
            }
        }
        return null;
    }

    /** Checks a record header: only this request's STDOUT, STDERR and END_REQUEST may come. */
    private void headerSeen(FcgiRecordParser.Header h) throws ProtocolException {
        responseStarted = true;
        FcgiRecordType type = h.knownType();
        boolean expected = type == FcgiRecordType.STDOUT || type == FcgiRecordType.STDERR
                || type == FcgiRecordType.END_REQUEST;
        if (!expected || h.requestId() != FcgiMux.REQUEST_ID) {
            throw new ProtocolException("unexpected FastCGI record type " + h.type() + " id " + h.requestId());
        }
        if (type == FcgiRecordType.END_REQUEST && h.contentLength() != 8) {
            throw new ProtocolException("END_REQUEST of " + h.contentLength() + " bytes (expected: 8)");
        }
        record = h;
    }

    /** STDERR is logged; END_REQUEST's body is kept until the record ends. */
    private void otherContent(FcgiRecordParser.Content c) {
        if (record.knownType() == FcgiRecordType.STDERR) {
            stderr.write(c.bytes());
        } else {
            endBody.put(c.bytes());
        }
    }

    /**
     * The request ended. Returns OVERLOADED or CANT_MPX_CONN (a refusal: the server did not run the
     * request; the caller decides what that means in its phase) or REQUEST_COMPLETE.
     *
     * @throws ProtocolException for any other protocol status
     */
    private FcgiProtocolStatus endRequest() throws ProtocolException {
        ended = true;
        stderr.flush();
        int code = endBody.get(4) & 0xff;
        FcgiProtocolStatus status = FcgiProtocolStatus.of(code);
        if (status == null || status == FcgiProtocolStatus.UNKNOWN_ROLE) {
            throw new ProtocolException("END_REQUEST with protocol status " + code);
        }
        return status;
    }

    /**
     * Takes the script's Content-Length as the body's length, checked at END_REQUEST. A length that
     * is not one number (bad, or several different values) is removed: the body is then framed by
     * END_REQUEST. HEAD, 204 and 304 keep theirs unchecked: no body follows them.
     */
    private ResponseHead headReceived(ResponseHead head) {
        headDone = true;
        List<String> lengths = head.headers().all("Content-Length");
        if (lengths.isEmpty()) {
            return head;
        }
        long length = contentLength(lengths.getFirst());
        boolean agree = lengths.stream().allMatch(v -> contentLength(v) == length);
        if (length < 0 || !agree) {
            head.headers().remove("Content-Length");
        } else if (!head.forbidsBody() && !method.equals("HEAD")) {
            expectedLength = length;
        }
        return head;
    }

    private static long contentLength(String v) {
        String t = v.trim();
        if (t.isEmpty() || t.length() > 18 || !t.chars().allMatch(Character::isDigit)) {
            return -1;
        }
        return Long.parseLong(t);
    }

    /** Reads response body bytes (STDOUT content) into {@code into}; -1 after END_REQUEST. */
    @Override
    public int receiveBody(ByteBuffer into) throws MuxException {
        if (!headDone) {
            throw new IllegalStateException("receiveBody before the head");
        }
        if (!into.hasRemaining()) {
            return 0;
        }
        try {
            if (pendingBody != null && pendingBody.hasRemaining()) {
                int n = Math.min(into.remaining(), pendingBody.remaining());
                into.put(pendingBody.slice(pendingBody.position(), n));
                pendingBody.position(pendingBody.position() + n);
                return counted(n);
            }
            while (!ended) {
                FcgiRecordParser.Event e = mux.parser().next(mux.readBuffer(), into.remaining());
                if (e == null) {
                    if (fill() < 0) {
                        throw broken(new StreamFailure.ServerAbortedData("connection closed before END_REQUEST"), null);
                    }
                    continue;
                }
                int n = onBodyEvent(e, into);
                if (n > 0) {
                    return counted(n);
                }
            }
            if (expectedLength >= 0 && bodyBytes != expectedLength) {
                throw broken(new StreamFailure.ServerAbortedData("body of " + bodyBytes
                        + " bytes, Content-Length said " + expectedLength), null);
            }
            return -1;
        } catch (SocketTimeoutException e) {
            throw broken(new StreamFailure.DataTimeout(), e);
        } catch (MuxException e) {
            mux.markBroken();
            stderr.flush();
            throw e;
        } catch (IOException e) {
            throw broken(new StreamFailure.ServerAbortedData(e.getMessage()), e);
        }
    }

    /** One event inside the body; returns the STDOUT bytes it put into {@code into} (0 for others). */
    private int onBodyEvent(FcgiRecordParser.Event e, ByteBuffer into) throws IOException {
        switch (e) {
            case FcgiRecordParser.Header h -> headerSeen(h);
            case FcgiRecordParser.Content c -> {
                if (record.knownType() == FcgiRecordType.STDOUT) {
                    int n = c.bytes().remaining();
                    into.put(c.bytes());
                    return n;
                }
                otherContent(c);
            }
            case FcgiRecordParser.End end -> {
                if (end.header().knownType() == FcgiRecordType.END_REQUEST
                        && endRequest() != FcgiProtocolStatus.REQUEST_COMPLETE) {
                    // The head was relayed already: too late for a retry.
                    throw new ProtocolException("END_REQUEST refused the request after its response head");
                }
            }
        }
        return 0;
    }

    private int counted(int n) throws MuxException {
        bodyBytes += n;
        if (expectedLength >= 0 && bodyBytes > expectedLength) {
            throw broken(new StreamFailure.ServerAbortedData("body longer than its Content-Length "
                    + expectedLength), null);
        }
        return n;
    }

    private int fill() throws IOException {
        return SocketReads.fill(mux.connection().in(), mux.readBuffer());
    }

    private MuxException broken(StreamFailure failure, Throwable cause) {
        mux.markBroken();
        stderr.flush();
        return new MuxException(failure, cause);
    }

    @Override
    public HeaderList trailers() {
        return new HeaderList();
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

    /** Frees a spool the stream still holds (its client went away before the body ended). */
    void releaseSpool() {
        if (spool != null) {
            closeSpool(spool);
        }
    }

    /** True when the whole request went out and a clean END_REQUEST came back. */
    boolean finishedCleanly() {
        return requestDone && ended;
    }
}
