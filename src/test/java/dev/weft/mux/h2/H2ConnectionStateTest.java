package dev.weft.mux.h2;

import org.junit.jupiter.api.Test;

import static org.assertj.core.api.Assertions.assertThat;

class H2ConnectionStateTest {

    @Test
    void goAwayStopsNewStreamsAndNeverReopensAClosedConnection() {
        assertThat(H2ConnectionState.OPEN.acceptsStreams()).isTrue();
        assertThat(H2ConnectionState.OPEN.onGoAway()).isEqualTo(H2ConnectionState.GOING_AWAY);
        assertThat(H2ConnectionState.GOING_AWAY.onGoAway()).isEqualTo(H2ConnectionState.GOING_AWAY);
        assertThat(H2ConnectionState.GOING_AWAY.acceptsStreams()).isFalse();
        assertThat(H2ConnectionState.CLOSED.onGoAway()).isEqualTo(H2ConnectionState.CLOSED);
        assertThat(H2ConnectionState.CLOSED.acceptsStreams()).isFalse();
    }
}
