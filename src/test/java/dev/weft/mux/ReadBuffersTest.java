package dev.weft.mux;

import org.junit.jupiter.api.Test;

import java.nio.ByteBuffer;

import static org.assertj.core.api.Assertions.assertThat;

class ReadBuffersTest {
    private final ReadBuffers buffers = new ReadBuffers();

    @Test
    void takesAnEmptyHeapBufferInReadModeAndTheSameOneOnceGivenBack() {
        ByteBuffer b = buffers.take();
        assertThat(b.isDirect()).isFalse();
        assertThat(b.capacity()).isEqualTo(OneExchangeMux.READ_BUFFER);
        assertThat(b.position()).isZero();
        assertThat(b.limit()).isZero();
        // left with unread bytes, as a connection closed mid-response leaves it
        b.limit(b.capacity()).put(new byte[] {1, 2, 3}).flip();
        buffers.give(b);
        ByteBuffer again = buffers.take();
        assertThat(again).isSameAs(b);
        assertThat(again.position()).isZero();
        assertThat(again.limit()).isZero();
        assertThat(buffers.idle()).isZero();
    }

    @Test
    void aBufferGivenBackIsLentOnceNotTwice() {
        ByteBuffer given = buffers.take();
        buffers.give(given);
        ByteBuffer first = buffers.take();
        ByteBuffer second = buffers.take();
        assertThat(first).isSameAs(given);
        assertThat(second).isNotSameAs(given);
    }

    @Test
    void keepsAtMostMaxIdleBuffers() {
        ByteBuffer[] taken = new ByteBuffer[ReadBuffers.MAX_IDLE + 3];
        for (int i = 0; i < taken.length; i++) {
            taken[i] = buffers.take();
        }
        for (ByteBuffer b : taken) {
            buffers.give(b);
        }
        assertThat(buffers.idle()).isEqualTo(ReadBuffers.MAX_IDLE);
    }
}
