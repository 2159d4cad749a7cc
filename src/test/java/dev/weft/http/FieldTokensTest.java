package dev.weft.http;

import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Token lists as Connection carries them: what holds {@code close}, and what only looks like it. */
class FieldTokensTest {

    @ParameterizedTest
    @ValueSource(strings = {"close", "Close", "CLOSE", " close ", "\tclose\t", "keep-alive, close", "close, keep-alive",
            "keep-alive,close", "a, ,close", ",close", "close,", "x-foo,\t close  , y"})
    void holdsClose(String value) {
        assertThat(FieldTokens.contains(value, "close")).isTrue();
    }

    @ParameterizedTest
    @ValueSource(strings = {"", ",", " , ", "closed", "xclose", "clo se", "keep-alive", "close-it", "c lose", "clos"})
    void doesNotHoldClose(String value) {
        assertThat(FieldTokens.contains(value, "close")).isFalse();
    }
}
