package dev.weft.it.connection;

import static org.assertj.core.api.Assertions.assertThat;

import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.RawHttpConnection;
import dev.weft.it.support.RawResponse;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * RFC 9112 §9.6: a server that receives the {@code close} connection option initiates the close
 * after its final response, and a client that sent it sends no further request. weft answers,
 * then closes the client connection itself (keep-alive is 5 minutes here, longer than the
 * client's 30 s read bound, so nothing else could close it in time); a request pipelined after
 * the close is never forwarded.
 */
@ExtendWith(WeftDiagnostics.class)
class ConnectionCloseIT {

    private static final String CONFIG = "conf/connection/connection-close.properties";

    @Test
    void weftClosesTheConnectionAfterAnsweringARequestThatAskedForIt() throws Exception {
        answersThenCloses("/echo?n=1", "Connection: close");
    }

    /** {@code close} among other options, in a second Connection field: still a request to close. */
    @Test
    void closeIsFoundInAnyConnectionFieldAmongOtherOptions() throws Exception {
        answersThenCloses("/echo?n=1", "Connection: X-Option", "Connection: keep-alive ,\tClose");
    }

    /**
     * A response that takes over 100 ms gets a watcher reading the client connection for a close
     * (SlowWaits); the close the client asked for must not wait for that watcher, which only a
     * next request or the client's own close would end (before: the keep-alive timeout, 5 min).
     */
    @Test
    void weftClosesAfterASlowResponseToARequestThatAskedForIt() throws Exception {
        answersThenCloses("/slow?ms=400", "Connection: close");
    }

    /** Sends GET {@code target} with {@code connection} (fields asking to close): a 200 that announces the close, then weft's close. */
    private static void answersThenCloses(String target, String... connection) throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            RawResponse response = client.exchange("GET", target, connection);

            assertThat(response.status()).as(weft::diagnostics).isEqualTo(200);
            assertThat(response.head().closes()).as("the response announces the close").isTrue();
            assertThat(client.closedByPeer())
                    .as(() -> "weft closed the connection (not left for the client or the keep-alive timeout)"
                            + weft.diagnostics())
                    .isTrue();
        }
    }

    @Test
    void aRequestPipelinedAfterCloseIsNotForwarded() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).start();
             RawHttpConnection client = RawHttpConnection.open(weft.frontPort())) {

            client.send(RawHttpConnection.head("GET /echo?n=1 HTTP/1.1", "Host: localhost", "Connection: close")
                    + RawHttpConnection.head("GET /echo?n=2 HTTP/1.1", "Host: localhost"));

            RawResponse first = client.readResponse("GET");
            assertThat(first.status()).as(weft::diagnostics).isEqualTo(200);
            assertThat(first.headers().first("X-Echo-Uri")).hasValue("/echo?n=1");
            assertThat(client.closedByPeer())
                    .as(() -> "closed after the first response, nothing more sent" + weft.diagnostics())
                    .isTrue();
            assertThat(origin.requests()).as("requests the server saw").hasSize(1);
        }
    }
}
