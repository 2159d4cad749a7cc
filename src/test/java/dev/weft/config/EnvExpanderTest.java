package dev.weft.config;

import org.junit.jupiter.api.Test;

import java.util.Map;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class EnvExpanderTest {

    private final EnvExpander expander = new EnvExpander(Map.of("HOST", "10.0.0.1", "PORT", "9001", "LOOP", "${HOST}")::get);

    @Test
    void expandsVariablesAnywhereInAValue() throws BadValue {
        assertThat(expander.expand("${HOST}:${PORT} weight=2")).isEqualTo("10.0.0.1:9001 weight=2");
        assertThat(expander.expand("a${PORT}b")).isEqualTo("a9001b");
    }

    @Test
    void leavesTextWithoutVariablesAndLoneDollarsAlone() throws BadValue {
        assertThat(expander.expand("^/a$ $x {y}")).isEqualTo("^/a$ $x {y}");
    }

    @Test
    void doesNotExpandTheExpansionAgain() throws BadValue {
        assertThat(expander.expand("${LOOP}")).isEqualTo("${HOST}");
    }

    @Test
    void namesEveryMissingVariable() {
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> expander.expand("${NOPE}:${PORT} ${ALSO_NOPE}"))
                .satisfies(e -> assertThat(e.messages()).containsExactly(
                        "environment variable 'NOPE' is not set", "environment variable 'ALSO_NOPE' is not set"));
    }

    @Test
    void refusesMalformedReferences() {
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> expander.expand("${HOST"))
                .withMessage("unterminated '${' (expected: ${NAME})");
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> expander.expand("${1X}"))
                .withMessage("bad variable name '${1X}' (expected: letters, digits and '_')");
    }
}
