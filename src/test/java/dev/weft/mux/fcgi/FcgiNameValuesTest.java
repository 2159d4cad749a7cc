package dev.weft.mux.fcgi;

import dev.weft.http.ProtocolException;
import org.junit.jupiter.api.Test;

import java.util.LinkedHashMap;
import java.util.Map;

import static dev.weft.mux.fcgi.FcgiBytes.hex;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

/** Name-value pairs with one-byte and four-byte lengths (FastCGI 1.0 §3.4). */
class FcgiNameValuesTest {

    @Test
    void writesLengthsBelow128AsOneByte() {
        assertThat(FcgiNameValues.encode("A", "bc")).isEqualTo(hex("01 02 41 6263"));
        assertThat(FcgiNameValues.encode("N", "x".repeat(127))).startsWith(hex("01 7f 4e"));
    }

    @Test
    void writesLengthsFrom128AsFourBytesWithTheTopBitSet() {
        byte[] pair = FcgiNameValues.encode("N", "x".repeat(300));
        assertThat(pair).startsWith(hex("01 8000012c 4e 78"));
        assertThat(pair).hasSize(1 + 4 + 1 + 300);
    }

    @Test
    void writesValuesAsUtf8() {
        assertThat(FcgiNameValues.encode("P", "/é")).isEqualTo(hex("01 03 50 2f c3a9"));
    }

    @Test
    void decodesWhatItEncodesInOrder() throws ProtocolException {
        Map<String, String> pairs = new LinkedHashMap<>();
        pairs.put("SHORT", "v");
        pairs.put("LONG", "y".repeat(1000));
        pairs.put("EMPTY", "");

        assertThat(FcgiNameValues.decode(FcgiNameValues.encode(pairs))).containsExactlyElementsOf(pairs.entrySet());
    }

    @Test
    void refusesPairsThatRunPastTheirContent() {
        assertThatThrownBy(() -> FcgiNameValues.decode(hex("05 01 41")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("runs past");
        assertThatThrownBy(() -> FcgiNameValues.decode(hex("80 00")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("truncated");
        assertThatThrownBy(() -> FcgiNameValues.decode(hex("01")))
                .isInstanceOf(ProtocolException.class).hasMessageContaining("missing");
    }
}
