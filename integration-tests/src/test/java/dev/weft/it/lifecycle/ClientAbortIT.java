package dev.weft.it.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;

import dev.weft.it.support.AccessLogLine;
import dev.weft.it.support.NeverAcceptingPeer;
import dev.weft.it.support.PeerScript;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.ScriptedPeer;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Client aborts while the stream waits on the server side, with a server that never answers
 * and 60 s timeouts: the stream waiting for the response head ends at once ({@code CH}) and its
 * server connection is closed; the stream queued behind it (server maxconn 1) ends at once too
 * ({@code CQ}) and leaves the queue, so a third client then gets the slot. A stream whose
 * connect hangs (full accept queue, 60 s timeout.connect) ends at once too ({@code CC}).
 */
@ExtendWith(WeftDiagnostics.class)
class ClientAbortIT {

    private static final String CONFIG = "conf/lifecycle/client-abort.properties";
    private static final Duration BOUND = Duration.ofSeconds(15);

    @Test
    void aClientThatLeavesWhileQueuedOrWaitingForTheHeadEndsItsStreamAtOnce() throws Exception {
        try (ScriptedPeer peer = ScriptedPeer.start(PeerScript.stall());
             WeftProcess weft = WeftProcess.config(CONFIG).set("PEER_PORT", peer.port()).start()) {

            RawHttpConnection waiting = RawHttpConnection.open(weft.frontPort());
            waiting.send(RawHttpConnection.head("GET /waits-for-head HTTP/1.1", "Host: test"));
            peer.awaitRequests(1, BOUND);

            RawHttpConnection queued = RawHttpConnection.open(weft.frontPort());
            queued.send(RawHttpConnection.head("GET /queued HTTP/1.1", "Host: test"));
            assertThat(queued.silentFor(500)).isTrue(); // it is in the queue now (maxconn 1)

            queued.close();
            AccessLogLine q = weft.awaitLogLine("for the queued stream", l -> l.uri().equals("/queued"));
            assertThat(q.terminationState()).as(q.raw()).isEqualTo("CQ");

            waiting.close();
            AccessLogLine h = weft.awaitLogLine("for the stream waiting for its head", l -> l.uri().equals("/waits-for-head"));
            assertThat(h.terminationState()).as(h.raw()).isEqualTo("CH");
            peer.awaitClosedByProxy(1, BOUND);

            // The slot is free again: the next stream reaches the server (which stalls it too).
            try (RawHttpConnection next = RawHttpConnection.open(weft.frontPort())) {
                next.send(RawHttpConnection.head("GET /next HTTP/1.1", "Host: test"));
                peer.awaitRequests(2, BOUND);
            }
            assertThat(peer.requestHeads()).as("the queued request never reached the server")
                    .noneMatch(r -> r.startsWith("GET /queued"));
        }
    }

    @Test
    void aClientThatLeavesWhileWeftIsStillConnectingEndsItsStreamAtOnce() throws Exception {
        try (NeverAcceptingPeer stuck = NeverAcceptingPeer.start();
             WeftProcess weft = WeftProcess.config("conf/lifecycle/client-abort-connect.properties")
                     .set("STUCK_PORT", stuck.port()).start()) {
            RawHttpConnection connecting = RawHttpConnection.open(weft.frontPort());
            connecting.send(RawHttpConnection.head("GET /while-connecting HTTP/1.1", "Host: test"));
            assertThat(connecting.silentFor(500)).isTrue(); // weft is connecting (60 s allowed)
            connecting.close();

            AccessLogLine c = weft.awaitLogLine("for the stream still connecting", l -> l.uri().equals("/while-connecting"));
            assertThat(c.terminationState()).as(c.raw()).isEqualTo("CC");
            assertThat(c.status()).isEqualTo(-1);
        }
    }
}
