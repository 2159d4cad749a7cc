package dev.weft.mux.fcgi;

import org.junit.jupiter.api.Test;

import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

import static dev.weft.mux.fcgi.FcgiBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;

/** The record writer, byte for byte against the FastCGI 1.0 layouts. */
class FcgiRecordWriterTest {

    @Test
    void writesBeginRequestForTheResponderWithKeepConn() {
        assertThat(FcgiRecordWriter.beginRequest(1, true))
                .isEqualTo(hex("01 01 0001 0008 00 00   0001 01 0000000000"));
        assertThat(FcgiRecordWriter.beginRequest(1, false))
                .isEqualTo(hex("01 01 0001 0008 00 00   0001 00 0000000000"));
    }

    @Test
    void writesParamsPaddedToEightThenTheEmptyParamsRecord() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("SERVER_PORT", "80");
        assertThat(FcgiRecordWriter.params(1, p)).isEqualTo(hex(
                "01 04 0001 000f 01 00  0b 02 " + ascii("SERVER_PORT") + ascii("80") + " 00"
                        + "01 04 0001 0000 00 00"));
    }

    @Test
    void keepsParamsPairsWholeInTheirRecord() {
        Map<String, String> p = new LinkedHashMap<>();
        p.put("A", "x".repeat(40_000));
        p.put("B", "y".repeat(40_000));
        byte[] bytes = FcgiRecordWriter.params(1, p);
        // record 1: pair A only (1 + 4 + 1 + 40000 bytes); record 2: pair B; then the empty record
        assertThat(bytes[4] & 0xff).isEqualTo((40_006 >> 8) & 0xff);
        assertThat(bytes[5] & 0xff).isEqualTo(40_006 & 0xff);
        assertThat(bytes.length).isEqualTo(2 * FcgiRecordWriter.recordSize(40_006) + 8);
    }

    @Test
    void writesStdinDataPaddedAndTheEmptyStdinThatEndsIt() {
        byte[] abc = "abc".getBytes(StandardCharsets.US_ASCII);
        assertThat(FcgiRecordWriter.stream(FcgiRecordType.STDIN, 1, abc, 0, 3))
                .isEqualTo(hex("01 05 0001 0003 05 00  616263 0000000000"));
        assertThat(FcgiRecordWriter.stream(FcgiRecordType.STDIN, 1, abc, 0, 0))
                .isEqualTo(hex("01 05 0001 0000 00 00"));
    }

    @Test
    void splitsStreamDataIntoRecordsOfAtMost65528Bytes() {
        byte[] data = new byte[70_000];
        byte[] bytes = FcgiRecordWriter.stream(FcgiRecordType.STDIN, 1, data, 0, data.length);
        assertThat(bytes.length).isEqualTo(FcgiRecordWriter.recordSize(65_528) + FcgiRecordWriter.recordSize(70_000 - 65_528));
        assertThat(new byte[] {bytes[4], bytes[5], bytes[6]}).isEqualTo(hex("fff8 00"));
    }

    @Test
    void writesGetValuesAsAManagementRecordWithEmptyValues() {
        assertThat(FcgiRecordWriter.getValues(List.of("FCGI_MAX_CONNS")))
                .isEqualTo(hex("01 09 0000 0010 00 00  0e 00 " + ascii("FCGI_MAX_CONNS")));
    }

    @Test
    void writesEndRequestWithAppAndProtocolStatus() {
        assertThat(FcgiRecordWriter.endRequest(1, 258, FcgiProtocolStatus.OVERLOADED))
                .isEqualTo(hex("01 03 0001 0008 00 00  00000102 02 000000"));
    }

    private static String ascii(String s) {
        return java.util.HexFormat.of().formatHex(s.getBytes(StandardCharsets.US_ASCII));
    }
}
