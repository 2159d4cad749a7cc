package dev.weft.it.fcgi;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.DataInputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

import org.junit.jupiter.api.Test;

/**
 * Pins down what php-fpm answers to FCGI_GET_VALUES, which FcgiMux's keep-conn rule relies on:
 * php-fpm 8.2 reports only {@code FCGI_MPXS_CONNS=0}, leaves FCGI_MAX_CONNS and FCGI_MAX_REQS
 * out (so its capacity, {@code pm.max_children}, cannot be learnt and weft needs {@code maxconn}),
 * keeps the connection open, and serves a request sent on it afterwards. Raw bytes, no weft.
 */
class PhpFpmGetValuesIT {

    @Test
    void phpFpmReportsOnlyMpxsConnsAndKeepsTheConnectionForARequest() throws Exception {
        try (PhpFpm fpm = PhpFpm.start(8).script("hello.php", "<?php echo 'hello';");
             Socket s = new Socket("127.0.0.1", fpm.port())) {
            s.setSoTimeout(10_000);
            OutputStream out = s.getOutputStream();
            DataInputStream in = new DataInputStream(s.getInputStream());

            out.write(record(9, 0, concat(pair("FCGI_MAX_CONNS", ""), pair("FCGI_MAX_REQS", ""), pair("FCGI_MPXS_CONNS", ""))));
            byte[] header = new byte[8];
            in.readFully(header);
            byte[] content = new byte[((header[4] & 0xff) << 8) | (header[5] & 0xff)];
            in.readFully(content);
            in.readFully(new byte[header[6] & 0xff]);

            assertThat(header[1]).as("GET_VALUES_RESULT").isEqualTo((byte) 10);
            assertThat(HexFormat.of().formatHex(content)).as("one pair: 15, 1, FCGI_MPXS_CONNS, 0")
                    .isEqualTo(HexFormat.of().formatHex(pair("FCGI_MPXS_CONNS", "0")));

            String script = fpm.docroot().resolve("hello.php").toString();
            out.write(concat(record(1, 1, new byte[] {0, 1, 1, 0, 0, 0, 0, 0}),
                    record(4, 1, concat(pair("SCRIPT_FILENAME", script), pair("REQUEST_METHOD", "GET"))),
                    record(4, 1, new byte[0]), record(5, 1, new byte[0])));
            ByteArrayOutputStream stdout = new ByteArrayOutputStream();
            while (true) {
                in.readFully(header);
                byte[] c = new byte[((header[4] & 0xff) << 8) | (header[5] & 0xff)];
                in.readFully(c);
                in.readFully(new byte[header[6] & 0xff]);
                if (header[1] == 6) {
                    stdout.writeBytes(c);
                } else if (header[1] == 3) {
                    assertThat(c[4]).as("protocol status REQUEST_COMPLETE").isZero();
                    break;
                }
            }
            assertThat(stdout.toString(StandardCharsets.ISO_8859_1)).endsWith("\r\n\r\nhello");
        }
    }

    private static byte[] record(int type, int id, byte[] content) {
        int pad = (8 - content.length % 8) % 8;
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.writeBytes(new byte[] {1, (byte) type, (byte) (id >> 8), (byte) id, (byte) (content.length >> 8),
                (byte) content.length, (byte) pad, 0});
        out.writeBytes(content);
        out.writeBytes(new byte[pad]);
        return out.toByteArray();
    }

    private static byte[] pair(String name, String value) {
        byte[] n = name.getBytes(StandardCharsets.US_ASCII);
        byte[] v = value.getBytes(StandardCharsets.US_ASCII);
        return concat(new byte[] {(byte) n.length, (byte) v.length}, n, v);
    }

    private static byte[] concat(byte[]... parts) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (byte[] p : parts) {
            out.writeBytes(p);
        }
        return out.toByteArray();
    }
}
