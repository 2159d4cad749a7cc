package dev.weft.mux.h1;

import static dev.weft.mux.h1.H1Bytes.fields;
import static dev.weft.mux.h1.H1Bytes.latin1;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.weft.http.HeaderList;
import dev.weft.http.ProtocolException;
import java.nio.BufferOverflowException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

class ChunkedEncoderTest {

    private static String header(long size) {
        ByteBuffer out = ByteBuffer.allocate(ChunkedEncoder.MAX_CHUNK_HEADER_BYTES);
        int n = ChunkedEncoder.writeChunkHeader(size, out);
        assertThat(n).isEqualTo(out.position()).isEqualTo(ChunkedEncoder.chunkHeaderSize(size));
        return latin1(Arrays.copyOf(out.array(), n));
    }

    @ParameterizedTest(name = "{0} -> {1}")
    @CsvSource({"1, 1", "15, f", "16, 10", "255, ff", "6699, 1a2b", "9223372036854775807, 7fffffffffffffff"})
    void writesTheChunkSizeInLowerCaseHexThenCrlf(long size, String hex) {
        assertThat(header(size)).isEqualTo(hex + "\r\n");
    }

    @Test
    void refusesAChunkOfZeroBytes() {
        assertThatThrownBy(() -> ChunkedEncoder.writeChunkHeader(0, ByteBuffer.allocate(8)))
                .isInstanceOf(IllegalArgumentException.class)
                .hasMessage("chunk size: 0 (expected: >= 1; 0 is the last chunk)");
    }

    @Test
    void throwsBufferOverflowWithoutWritingWhenThereIsNoRoom() {
        ByteBuffer out = ByteBuffer.allocate(3);
        assertThatThrownBy(() -> ChunkedEncoder.writeChunkHeader(0x100, out)).isInstanceOf(BufferOverflowException.class);
        assertThatThrownBy(() -> ChunkedEncoder.writeLastChunk(null, out)).isInstanceOf(BufferOverflowException.class);
        assertThat(out.position()).isZero();
    }

    @Test
    void writesTheLastChunkWithAndWithoutTrailers() {
        ByteBuffer out = ByteBuffer.allocate(64);
        ChunkedEncoder.writeLastChunk(null, out);
        ChunkedEncoder.writeLastChunk(new HeaderList(), out);
        ChunkedEncoder.writeLastChunk(new HeaderList().add("X-Sum", "1").add("X-Empty", ""), out);

        assertThat(latin1(Arrays.copyOf(out.array(), out.position())))
                .isEqualTo("0\r\n\r\n" + "0\r\n\r\n" + "0\r\nX-Sum: 1\r\nX-Empty: \r\n\r\n");
        assertThat(ChunkedEncoder.lastChunkSize(null)).isEqualTo(5);
    }

    @Test
    void roundTripsThroughTheDecoderTwiceOnTheSameDecoder() throws ProtocolException {
        HeaderList trailers = new HeaderList().add("Server-Timing", "db;dur=53").add("X-Empty", "");
        byte[] data = latin1("the quick brown fox jumps over the lazy dog\r\n0\r\n\r\n");
        byte[] encoded = encode(data, new int[] {1, 16, 3, 1000}, trailers);
        ChunkedDecoder decoder = new ChunkedDecoder(1024);

        for (int round = 0; round < 2; round++) {
            decoder.reset();
            assertThat(H1Bytes.decode(decoder, encoded, Integer.MAX_VALUE, 4096).data()).isEqualTo(data);
            assertThat(fields(decoder.trailers())).isEqualTo(fields(trailers));
            decoder.reset();
            assertThat(H1Bytes.decode(decoder, encoded, 1, 1).data()).isEqualTo(data);
            assertThat(fields(decoder.trailers())).isEqualTo(fields(trailers));
        }
    }

    @Test
    void roundTripsRandomBodiesWhateverTheChunkingAndFeeding() throws ProtocolException {
        Random random = new Random(7);
        ChunkedDecoder decoder = new ChunkedDecoder(1024);
        for (int i = 0; i < 200; i++) {
            byte[] data = new byte[random.nextInt(3000)];
            random.nextBytes(data);
            int[] chunking = random.ints(1 + random.nextInt(5), 1, 600).toArray();
            HeaderList trailers = random.nextBoolean() ? null : new HeaderList().add("T" + i, "v" + i);
            byte[] encoded = encode(data, chunking, trailers);

            decoder.reset();
            H1Bytes.Decoded decoded = H1Bytes.decode(decoder, encoded, 1 + random.nextInt(700), 1 + random.nextInt(700));

            assertThat(decoded.data()).isEqualTo(data);
            assertThat(decoded.left()).isZero();
            assertThat(decoder.trailers().size()).isEqualTo(trailers == null ? 0 : 1);
        }
    }

    /** Encodes {@code data} in chunks of the given sizes, cycling, then the last chunk. */
    private static byte[] encode(byte[] data, int[] chunking, HeaderList trailers) {
        ByteBuffer out = ByteBuffer.allocate(data.length * 2 + 64 * (data.length + 1) + 256);
        for (int at = 0, k = 0; at < data.length; k++) {
            int n = Math.min(chunking[k % chunking.length], data.length - at);
            ChunkedEncoder.writeChunkHeader(n, out);
            out.put(data, at, n);
            ChunkedEncoder.writeChunkEnd(out);
            at += n;
        }
        ChunkedEncoder.writeLastChunk(trailers, out);
        return Arrays.copyOf(out.array(), out.position());
    }
}
