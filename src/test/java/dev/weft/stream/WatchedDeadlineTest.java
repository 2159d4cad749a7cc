package dev.weft.stream;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.locks.Condition;
import java.util.concurrent.locks.ReentrantLock;

import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class WatchedDeadlineTest {
    private static final long LONG = TimeUnit.SECONDS.toNanos(30);
    private static final long SHORT = TimeUnit.MILLISECONDS.toNanos(30);

    private final IoWatchdog watchdog = new IoWatchdog();
    private final ReentrantLock lock = new ReentrantLock();
    private final Condition changed = lock.newCondition();
    private boolean ready;

    @AfterEach
    void close() {
        watchdog.close();
    }

    private void signalFromAnotherThread() {
        Thread.ofVirtual().start(() -> {
            lock.lock();
            try {
                ready = true;
                changed.signalAll();
            } finally {
                lock.unlock();
            }
        });
    }

    @Test
    void aSignalBeforeTheDeadlineEndsTheWait() throws Exception {
        lock.lock();
        try (WatchedDeadline d = WatchedDeadline.start(watchdog, LONG)) {
            signalFromAnotherThread();
            while (!ready) {
                d.await(changed, "never");
            }
            assertThat(d.end()).as("fired").isFalse();
        } finally {
            lock.unlock();
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void theDeadlineEndsTheWaitWithTimeoutAndLeavesNoInterrupt() {
        lock.lock();
        try (WatchedDeadline d = WatchedDeadline.start(watchdog, SHORT)) {
            assertThatThrownBy(() -> {
                while (!ready) {
                    d.await(changed, "no response head");
                }
            }).isInstanceOf(TimeoutException.class).hasMessage("no response head");
            assertThatThrownBy(() -> d.await(changed, "again")).as("an ended deadline stays up")
                    .isInstanceOf(TimeoutException.class);
        } finally {
            lock.unlock();
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void anInterruptFromElsewhereIsNotATimeout() throws Exception {
        Thread waiter = Thread.currentThread();
        lock.lock();
        try (WatchedDeadline d = WatchedDeadline.start(watchdog, LONG)) {
            Thread.ofVirtual().start(waiter::interrupt);
            assertThatThrownBy(() -> {
                while (!ready) {
                    d.await(changed, "never");
                }
            }).isInstanceOf(InterruptedException.class);
        } finally {
            lock.unlock();
        }
    }

    @Test
    void aFutureIsAwaitedUntilTheDeadline() throws Exception {
        CompletableFuture<String> later = new CompletableFuture<>();
        Thread.ofVirtual().start(() -> later.complete("opened"));
        try (WatchedDeadline d = WatchedDeadline.start(watchdog, LONG)) {
            assertThat(d.get(later, "never")).isEqualTo("opened");
        }
        try (WatchedDeadline d = WatchedDeadline.start(watchdog, SHORT)) {
            assertThatThrownBy(() -> d.get(new CompletableFuture<>(), "HTTP/2 stream not opened"))
                    .isInstanceOf(TimeoutException.class).hasMessage("HTTP/2 stream not opened");
        }
        assertThat(Thread.currentThread().isInterrupted()).isFalse();
    }

    @Test
    void theWaitIsNotATimedPark() throws Exception {
        // the point of it: a timed park would show as TIMED_WAITING; this thread is WAITING
        CompletableFuture<Thread.State> seen = new CompletableFuture<>();
        Thread waiter = Thread.ofVirtual().start(() -> {
            lock.lock();
            try (WatchedDeadline d = WatchedDeadline.start(watchdog, LONG)) {
                while (!ready) {
                    d.await(changed, "never");
                }
            } catch (InterruptedException | TimeoutException e) {
                seen.completeExceptionally(e);
            } finally {
                lock.unlock();
            }
        });
        org.awaitility.Awaitility.await().atMost(Duration.ofSeconds(20))
                .until(() -> waiter.getState() != Thread.State.RUNNABLE && waiter.getState() != Thread.State.NEW);
        assertThat(waiter.getState()).isEqualTo(Thread.State.WAITING);
        signalFromAnotherThread();
        waiter.join();
        assertThat(seen).isNotDone();
    }
}
