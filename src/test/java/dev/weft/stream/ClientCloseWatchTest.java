package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;
import static org.awaitility.Awaitility.await;

import java.lang.reflect.Proxy;
import java.time.Duration;
import java.util.concurrent.atomic.AtomicReference;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * The client-close watch of one stream: checked by the watchdog's sweep from its first wait to
 * its close, in one pooled slot, and still watching a wait that follows a finished one.
 */
class ClientCloseWatchTest {
    private final IoWatchdog watchdog = new IoWatchdog();
    /** What the stream's client was asked to call when it closes; null until asked. */
    private final AtomicReference<Runnable> onClose = new AtomicReference<>();
    /** A client exchange that only records watchClose (nothing else is called by the watch). */
    private final ClientExchange client = (ClientExchange) Proxy.newProxyInstance(
            ClientExchange.class.getClassLoader(), new Class<?>[] {ClientExchange.class}, (proxy, method, args) -> {
                if (method.getName().equals("watchClose")) {
                    onClose.set((Runnable) args[0]);
                    return true;
                }
                throw new UnsupportedOperationException(method.getName());
            });

    @AfterEach
    void close() {
        watchdog.close();
    }

    @Test
    void aStreamIsCheckedFromItsFirstWaitToItsCloseInOnePooledSlot() {
        ClientCloseWatch watch = new ClientCloseWatch(client, watchdog);
        assertThat(watchdog.sweptCount()).isZero();
        for (char phase : new char[] {'Q', 'C', 'H'}) {
            watch.begin(phase);
            assertThat(watchdog.closeWatchesChecked()).as("during %s", phase).isEqualTo(1);
            watch.end();
            assertThat(watchdog.closeWatchesChecked()).as("after %s: still checked", phase).isEqualTo(1);
        }
        assertThat(watchdog.sweptCount()).as("one slot").isEqualTo(1);
        watch.close();
        assertThat(watchdog.closeWatchesChecked()).as("forgotten at the stream's end").isZero();
        watch.close();
        assertThat(watchdog.closeWatchesChecked()).isZero();
    }

    @Test
    void theNextStreamsWatchTakesThePooledSlotWithoutChangingTheSweep() {
        ClientCloseWatch first = new ClientCloseWatch(client, watchdog);
        first.begin('C');
        first.end();
        first.close();
        ClientCloseWatch next = new ClientCloseWatch(client, watchdog);
        next.begin('C');
        assertThat(watchdog.closeWatchesChecked()).isEqualTo(1);
        assertThat(watchdog.sweptCount()).as("the first stream's slot, not a second one").isEqualTo(1);
        next.end();
        next.close();
        assertThat(watchdog.closeWatchesChecked()).isZero();
        assertThat(watchdog.sweptCount()).as("the slot stays pooled in the sweep").isEqualTo(1);
    }

    @Test
    void aWaitWhoseEndWasSkippedIsEndedByTheClose() {
        ClientCloseWatch watch = new ClientCloseWatch(client, watchdog);
        watch.begin('Q');
        watch.close(); // the queue wait threw: end() skipped, run()'s finally closes the watch
        assertThat(watch.expireIfDue(System.nanoTime() + Duration.ofMinutes(1).toNanos()))
                .as("a sweep holding the watch finds no wait to watch").isFalse();
        assertThat(onClose.get()).isNull();
        assertThat(Thread.interrupted()).isFalse();
    }

    @Test
    void aWatchCheckedAfterItsStreamEndedAsksForNothing() {
        ClientCloseWatch watch = new ClientCloseWatch(client, watchdog);
        watch.begin('H');
        watch.end();
        watch.close();
        // a sweep that read the watch from its slot just before the slot was given back
        assertThat(watch.expireIfDue(System.nanoTime() + Duration.ofMinutes(1).toNanos())).isFalse();
        assertThat(onClose.get()).isNull();
    }

    @Test
    void aLongWaitAfterAShortOneIsStillWatchedAndEndsWithTheClientsClose() {
        ClientCloseWatch watch = new ClientCloseWatch(client, watchdog);
        watch.begin('C');
        watch.end();
        assertThat(onClose.get()).as("a short wait asks for no watcher").isNull();
        watch.begin('H');
        await().atMost(Duration.ofSeconds(10)).until(() -> onClose.get() != null);
        onClose.get().run();
        assertThatThrownBy(watch::end)
                .isInstanceOfSatisfying(ClientCloseWatch.ClientClosed.class, e -> assertThat(e.phase()).isEqualTo('H'));
        assertThat(Thread.interrupted()).as("the interrupt that cut the wait is cleared").isFalse();
        assertThatThrownBy(() -> watch.begin('Q')).as("a closed client ends the next wait at once")
                .isInstanceOf(ClientCloseWatch.ClientClosed.class);
        watch.close();
        assertThat(watchdog.closeWatchesChecked()).isZero();
    }
}
