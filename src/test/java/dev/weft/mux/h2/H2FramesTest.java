package dev.weft.mux.h2;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;
import java.util.HexFormat;

import static org.assertj.core.api.Assertions.assertThat;

/** The frames weft writes, byte for byte against RFC 9113 §4.1 and §6. */
class H2FramesTest {
    private static String hex(byte[] b) {
        return HexFormat.of().formatHex(b);
    }

    @Test
    void prefaceIsTheMagicThenSettingsThenTheConnectionWindow() {
        byte[] p = H2Frames.preface(256 * 1024, 8 * 1024 * 1024);
        assertThat(hex(p)).isEqualTo(
                // PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n
                "505249202a20485454502f322e300d0a0d0a534d0d0a0d0a"
                        // SETTINGS, 18 bytes, no flags, stream 0
                        + "000012" + "04" + "00" + "00000000"
                        // HEADER_TABLE_SIZE 0, ENABLE_PUSH 0, INITIAL_WINDOW_SIZE 262144
                        + "0001" + "00000000" + "0002" + "00000000" + "0004" + "00040000"
                        // WINDOW_UPDATE on stream 0 by 8 MiB - 65535 = 8323073
                        + "000004" + "08" + "00" + "00000000" + "007f0001");
    }

    @Test
    void controlFrames() {
        assertThat(hex(H2Frames.windowUpdate(5, 131072))).isEqualTo("000004" + "08" + "00" + "00000005" + "00020000");
        assertThat(hex(H2Frames.rstStream(3, 0x8))).isEqualTo("000004" + "03" + "00" + "00000003" + "00000008");
        assertThat(hex(H2Frames.goAway(0x1))).isEqualTo("000008" + "07" + "00" + "00000000" + "00000000" + "00000001");
        assertThat(hex(H2Frames.settingsAck())).isEqualTo("000000" + "04" + "01" + "00000000");
        byte[] payload = {1, 2, 3, 4, 5, 6, 7, 8};
        assertThat(hex(H2Frames.pingAck(payload))).isEqualTo("000008" + "06" + "01" + "00000000" + "0102030405060708");
    }

    @Test
    void dataTakesTheNextBytesOfTheBuffer() {
        ByteBuffer body = ByteBuffer.wrap("hello world".getBytes());
        assertThat(hex(H2Frames.data(1, body, 5, false))).isEqualTo("000005" + "00" + "00" + "00000001" + hex("hello".getBytes()));
        assertThat(body.position()).isEqualTo(5);
        assertThat(hex(H2Frames.data(1, body, 6, true))).isEqualTo("000006" + "00" + "01" + "00000001" + hex(" world".getBytes()));
        assertThat(hex(H2Frames.data(1, body, 0, true))).isEqualTo("000000" + "00" + "01" + "00000001");
    }

    @Test
    void headerWritesA24BitLengthAndClearsTheReservedBit() {
        ByteBuffer b = ByteBuffer.allocate(9);
        H2Frames.header(b, 0x123456, H2Frames.CONTINUATION, H2Frames.END_HEADERS, 0xffffffff);
        assertThat(hex(b.array())).isEqualTo("123456" + "09" + "04" + "7fffffff");
    }
}
