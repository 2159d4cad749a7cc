package dev.weft.mux.h2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class H2StreamTest {

    @Test
    void namesErrorCodesAsRfc9113Does() {
        assertThat(H2Stream.errorName(0x7)).isEqualTo("REFUSED_STREAM");
        assertThat(H2Stream.errorName(0x8)).isEqualTo("CANCEL");
        assertThat(H2Stream.errorName(0x0)).isEqualTo("NO_ERROR");
        assertThat(H2Stream.errorName(0x2)).isEqualTo("INTERNAL_ERROR");
        assertThat(H2Stream.errorName(0x5)).isEqualTo("STREAM_CLOSED");
        assertThat(H2Stream.errorName(0x99)).isEqualTo("0x99");
    }
}
