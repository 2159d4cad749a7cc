package dev.weft.mux.fcgi;

import dev.weft.http.ProtocolException;
import dev.weft.mux.fcgi.FcgiBytes.Rec;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;

import static dev.weft.mux.fcgi.FcgiBytes.decode;
import static dev.weft.mux.fcgi.FcgiBytes.fixture;
import static dev.weft.mux.fcgi.FcgiBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** The record parser on byte fixtures: whole, one byte at a time, and after the writer. */
class FcgiRecordParserTest {

    /** Captured from php-fpm 8.2: its whole answer to GET_VALUES(FCGI_MAX_CONNS, FCGI_MAX_REQS, FCGI_MPXS_CONNS). */
    private static final byte[] PHP_FPM_GET_VALUES_RESULT = fixture("php-fpm-get-values-result.bin");
    /** Captured from php-fpm 8.2: STDERR, STDOUT (Status 418, two Set-Cookie, "body"), END_REQUEST. */
    private static final byte[] PHP_FPM_RESPONSE = fixture("php-fpm-418-stderr-response.bin");

    @ParameterizedTest
    @ValueSource(ints = {1, 3, 8, 4096})
    void parsesPhpFpmsGetValuesResultInAnySplit(int chunk) throws ProtocolException {
        assertThat(PHP_FPM_GET_VALUES_RESULT).startsWith(hex("01 0a 00 00 00 12 06 00"));

        List<Rec> records = decode(new FcgiRecordParser(), PHP_FPM_GET_VALUES_RESULT, chunk, 65535);

        assertThat(records).hasSize(1);
        assertThat(records.getFirst().type()).isEqualTo(FcgiRecordType.GET_VALUES_RESULT.code());
        assertThat(records.getFirst().requestId()).isZero();
        assertThat(FcgiNameValues.decode(records.getFirst().content()))
                .containsExactly(Map.entry("FCGI_MPXS_CONNS", "0"));
    }

    @ParameterizedTest
    @ValueSource(ints = {1, 2, 7, 65536})
    void parsesPhpFpmsResponseRecordsInAnySplitAndContentPieces(int chunk) throws ProtocolException {
        List<Rec> records = decode(new FcgiRecordParser(), PHP_FPM_RESPONSE, chunk, chunk == 1 ? 1 : 5);

        assertThat(records).extracting(Rec::type).containsExactly(
                FcgiRecordType.STDERR.code(), FcgiRecordType.STDOUT.code(), FcgiRecordType.END_REQUEST.code());
        assertThat(records).extracting(Rec::requestId).containsOnly(1);
        assertThat(records.get(0).text()).isEqualTo("PHP message: to stderr");
        assertThat(records.get(1).text()).isEqualTo("Status: 418 I'm a teapot\r\nSet-Cookie: a=1\r\nSet-Cookie: b=2\r\n"
                + "Content-type: text/html; charset=UTF-8\r\n\r\nbody");
        assertThat(records.get(2).content()).isEqualTo(hex("00 00 00 00 00 00 00 00"));
    }

    @Test
    void parsesAnEmptyRecordWithPaddingAsHeaderThenEnd() throws ProtocolException {
        FcgiRecordParser parser = new FcgiRecordParser();
        ByteBuffer in = ByteBuffer.wrap(hex("01 06 00 01 00 00 03 00 ff ff ff"));

        assertThat(parser.next(in, 100)).isEqualTo(new FcgiRecordParser.Header(6, 1, 0, 3));
        assertThat(parser.next(in, 100)).isInstanceOf(FcgiRecordParser.End.class);
        assertThat(in.hasRemaining()).isFalse();
        assertThat(parser.atRecordBoundary()).isTrue();
    }

    @Test
    void asksForMoreBytesWithNullNeverWithAnException() throws ProtocolException {
        FcgiRecordParser parser = new FcgiRecordParser();

        assertThat(parser.next(ByteBuffer.wrap(hex("01 06 00")), 100)).isNull();
        assertThat(parser.atRecordBoundary()).isFalse();
        assertThat(parser.next(ByteBuffer.wrap(hex("01 00 02 00 00")), 100)).isEqualTo(new FcgiRecordParser.Header(6, 1, 2, 0));
        assertThat(parser.next(ByteBuffer.allocate(0), 100)).isNull();
    }

    @Test
    void refusesAnyVersionButOne() {
        FcgiRecordParser parser = new FcgiRecordParser();

        assertThatThrownBy(() -> parser.next(ByteBuffer.wrap("HTTP/1.1 200 OK\r\n".getBytes(StandardCharsets.US_ASCII)), 100))
                .isInstanceOf(ProtocolException.class)
                .hasMessage("FastCGI record version 72 (expected: 1)");
    }

    @Test
    void roundTripsWriterOutputTwiceWithNoStateLeftBetweenMessages() throws ProtocolException {
        byte[] big = new byte[70_000];
        for (int i = 0; i < big.length; i++) {
            big[i] = (byte) (i * 31);
        }
        byte[] message = concat(FcgiRecordWriter.beginRequest(1, true),
                FcgiRecordWriter.params(1, Map.of("REQUEST_METHOD", "POST")),
                FcgiRecordWriter.stream(FcgiRecordType.STDIN, 1, big, 0, big.length),
                FcgiRecordWriter.stream(FcgiRecordType.STDIN, 1, big, 0, 0));
        FcgiRecordParser parser = new FcgiRecordParser();

        for (int round = 0; round < 2; round++) {
            List<Rec> records = decode(parser, message, round == 0 ? message.length : 1, 1000);
            assertThat(records).extracting(Rec::type).containsExactly(1, 4, 4, 5, 5, 5);
            assertThat(concat(records.get(3).content(), records.get(4).content())).isEqualTo(big);
            assertThat(records.get(5).content()).isEmpty();
        }
    }

    private static byte[] concat(byte[]... parts) {
        java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
