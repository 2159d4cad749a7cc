package dev.weft.bench;

import dev.weft.http.HeaderList;
import dev.weft.http.HopByHop;

import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.State;

import java.util.concurrent.TimeUnit;

/**
 * Hop-by-hop filtering, run on every request and response head: a typical response head, and
 * one whose Connection header names extra fields to remove.
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.AverageTime)
@OutputTimeUnit(TimeUnit.NANOSECONDS)
public class HeaderFilterBenchmark {

    private static HeaderList typical() {
        return new HeaderList().add("Server", "nginx/1.22.1").add("Date", "Thu, 26 Nov 2026 01:00:00 GMT")
                .add("Content-Type", "application/octet-stream").add("Content-Length", "200")
                .add("Connection", "keep-alive").add("ETag", "\"6925b0a0-c8\"").add("Accept-Ranges", "bytes");
    }

    @Benchmark
    public HeaderList stripTypicalResponseHead() {
        HeaderList h = typical();
        HopByHop.strip(h);
        return h;
    }

    @Benchmark
    public HeaderList stripWithConnectionTokens() {
        HeaderList h = typical().add("Connection", "X-Trace, Keep-Alive").add("X-Trace", "1")
                .add("Keep-Alive", "timeout=5").add("Transfer-Encoding", "chunked");
        HopByHop.strip(h);
        return h;
    }

    /** The cost of building the list alone, to subtract from the two above. */
    @Benchmark
    public HeaderList buildOnly() {
        return typical();
    }
}
