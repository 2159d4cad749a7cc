package dev.weft.bench;

import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import dev.weft.http.RequestHead;
import dev.weft.http.ResponseHead;
import dev.weft.mux.h1.H1RequestWriter;
import dev.weft.mux.h1.H1ResponseParser;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;

/**
 * The backend HTTP/1.1 codec on the hot path of every proxied request: writing a typical
 * forwarded request head (what wrk sends plus X-Forwarded-For) and parsing the 200-byte origin
 * response head of the bench's {@code /small}.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class H1CodecBenchmark {
    private static final byte[] RESPONSE = ("HTTP/1.1 200 OK\r\nServer: nginx/1.22.1\r\n"
            + "Date: Thu, 26 Nov 2026 01:00:00 GMT\r\nContent-Type: application/octet-stream\r\n"
            + "Content-Length: 200\r\nLast-Modified: Wed, 25 Nov 2026 10:00:00 GMT\r\nConnection: keep-alive\r\n"
            + "ETag: \"6925b0a0-c8\"\r\nAccept-Ranges: bytes\r\n\r\n").getBytes(StandardCharsets.ISO_8859_1);

    private RequestHead request;
    private ByteBuffer out;
    private ByteBuffer in;
    private H1ResponseParser parser;

    @Setup
    public void setUp() {
        HeaderList h = new HeaderList().add("Host", "127.0.0.1:18080").add("User-Agent", "wrk")
                .add("Accept", "*/*").add("X-Forwarded-For", "127.0.0.1");
        request = new RequestHead("GET", "/small", h);
        out = ByteBuffer.allocate(16 * 1024);
        in = ByteBuffer.allocate(16 * 1024);
        parser = new H1ResponseParser(64 * 1024);
    }

    /** Serialises the forwarded request head into the connection's write buffer. */
    @Benchmark
    public int writeRequestHead() {
        out.clear();
        return H1RequestWriter.write(request, out);
    }

    /** Parses a whole origin response head from the connection's read buffer. */
    @Benchmark
    public ResponseHead parseResponseHead() throws ProtocolException {
        in.clear();
        in.put(RESPONSE).flip();
        ResponseHead head = parser.parse(in);
        parser.reset();
        return head;
    }
}
