package dev.weft.stream;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

class ConnStreamTest {

    @Test
    void followsTheHappyPathFromInitToClosed() {
        ConnStream cs = new ConnStream(7);
        cs.moveTo(StreamState.REQ);
        cs.assign(null);
        cs.moveTo(StreamState.CON);
        assertThat(cs.state()).isEqualTo(StreamState.CON);
        cs.detach();
        cs.release();
        assertThat(cs.state()).isEqualTo(StreamState.CLO);
        assertThat(cs.attempts()).isEqualTo(1);
    }

    @Test
    void keepsItsIdentityAcrossResetsAndCountsThem() {
        ConnStream cs = new ConnStream(42);
        cs.moveTo(StreamState.REQ);
        for (int i = 0; i < 3; i++) {
            cs.assign(null);
            cs.moveTo(StreamState.CON);
            cs.reset();
            assertThat(cs.state()).isEqualTo(StreamState.CER);
            assertThat(cs.connection()).isNull();
            assertThat(cs.muxStream()).isNull();
            cs.moveTo(StreamState.REQ);
        }
        assertThat(cs.id()).isEqualTo(42);
        assertThat(cs.attempts()).isEqualTo(3);
        assertThat(cs.resets()).isEqualTo(3);
    }

    @Test
    void goesThroughTurnAroundBeforeRetryingTheSameServer() {
        ConnStream cs = new ConnStream(1);
        cs.moveTo(StreamState.REQ);
        cs.assign(null);
        cs.moveTo(StreamState.CON);
        cs.reset();
        cs.moveTo(StreamState.TAR);
        cs.moveTo(StreamState.REQ);
        assertThat(cs.state()).isEqualTo(StreamState.REQ);
    }

    @Test
    void refusesToConnectWithoutAServer() {
        ConnStream cs = new ConnStream(1);
        cs.moveTo(StreamState.REQ);
        assertThatThrownBy(() -> cs.moveTo(StreamState.CON))
                .isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("REQ -> CON");
    }

    @Test
    void refusesToBeEstablishedWithoutAttaching() {
        ConnStream cs = new ConnStream(1);
        assertThatThrownBy(() -> cs.moveTo(StreamState.EST)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void refusesAnAttachOutsideConnecting() {
        ConnStream cs = new ConnStream(1);
        cs.moveTo(StreamState.REQ);
        assertThatThrownBy(() -> cs.attached(null, null)).isInstanceOf(IllegalStateException.class);
    }

    @Test
    void releaseIsIdempotent() {
        ConnStream cs = new ConnStream(1);
        cs.release();
        cs.release();
        assertThat(cs.state()).isEqualTo(StreamState.CLO);
    }

    @ParameterizedTest
    @EnumSource(StreamState.class)
    void everyStateButClosedMayEndTheStream(StreamState s) {
        assertThat(s.canMoveTo(StreamState.CLO)).isEqualTo(s != StreamState.CLO);
    }

    @ParameterizedTest
    @EnumSource(StreamState.class)
    void closedIsTerminal(StreamState s) {
        assertThat(StreamState.CLO.canMoveTo(s)).isFalse();
    }
}
