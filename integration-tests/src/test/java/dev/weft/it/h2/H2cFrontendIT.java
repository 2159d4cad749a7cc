package dev.weft.it.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetSocketAddress;
import java.time.Duration;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

import dev.weft.it.support.ExternalTool;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.PeerScript;
import dev.weft.it.support.ScriptedPeer;
import dev.weft.it.support.SeenRequest;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.eclipse.jetty.http2.api.Session;
import org.eclipse.jetty.http2.client.HTTP2Client;
import org.eclipse.jetty.http2.frames.SettingsFrame;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The h2c frontend: curl reaches weft over HTTP/2 by prior knowledge and by {@code Upgrade: h2c}
 * on the HTTP/1.1 port; HTTP/2 responses carry no connection-specific field even when the
 * HTTP/1.1 server sent them (a copied Connection makes clients reject the stream); the HTTP/2
 * request reaches the HTTP/1.1 server with Host from :authority and its Cookie fields joined; the
 * frontend announces {@code h2.max-concurrent-streams}; h2load's 4 connections x 16 streams all
 * get 2xx.
 */
@ExtendWith(WeftDiagnostics.class)
class H2cFrontendIT {

    private static final String CONFIG = "conf/h2/h2c-frontend.properties";
    private static final Duration TOOL_TIMEOUT = Duration.ofSeconds(60);
    private static final List<String> CONNECTION_SPECIFIC =
            List.of("connection", "keep-alive", "transfer-encoding", "upgrade", "proxy-connection");

    private static final String RESPONSE_WITH_CONNECTION_FIELDS = """
            HTTP/1.1 200 OK\r
            Content-Type: text/plain\r
            Transfer-Encoding: chunked\r
            Connection: keep-alive, X-Hop\r
            X-Hop: must-not-pass\r
            Keep-Alive: timeout=5, max=100\r
            Proxy-Connection: keep-alive\r
            Upgrade: x-weft-test\r
            X-End-To-End: kept\r
            \r
            5\r
            hello\r
            0\r
            \r
            """;

    @Test
    void curlWithPriorKnowledgeGetsAnHttp2AnswerWithoutConnectionFields() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             ScriptedPeer peer = ScriptedPeer.start(PeerScript.respond(RESPONSE_WITH_CONNECTION_FIELDS));
             WeftProcess weft = start(origin, peer)) {

            ExternalTool.Result r = ExternalTool.run(TOOL_TIMEOUT, "curl", "-sS", "-i", "--http2-prior-knowledge",
                    weft.uri("/scripted/x").toString());

            assertThat(r.exitCode()).as(() -> r + weft.diagnostics()).isZero();
            assertThat(r.stdout()).as(() -> r + weft.diagnostics()).startsWith("HTTP/2 200");
            assertThat(headerNames(r.stdout())).as(r::toString)
                    .doesNotContainAnyElementsOf(CONNECTION_SPECIFIC).doesNotContain("x-hop").contains("x-end-to-end");
            assertThat(r.stdout()).endsWith("hello");
        }
    }

    @Test
    void curlUpgradesToH2cOnTheHttp11Port() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             ScriptedPeer peer = ScriptedPeer.start(PeerScript.respond(RESPONSE_WITH_CONNECTION_FIELDS));
             WeftProcess weft = start(origin, peer)) {

            ExternalTool.Result r = ExternalTool.run(TOOL_TIMEOUT, "curl", "-sS", "-i", "--http2",
                    weft.uri("/scripted/up").toString());

            assertThat(r.exitCode()).as(() -> r + weft.diagnostics()).isZero();
            assertThat(r.stdout()).as(r::toString).startsWith("HTTP/1.1 101");
            String afterUpgrade = r.stdout().substring(r.stdout().indexOf("HTTP/2 "));
            assertThat(afterUpgrade).as(r::toString).startsWith("HTTP/2 200");
            assertThat(headerNames(afterUpgrade)).as(r::toString).doesNotContainAnyElementsOf(CONNECTION_SPECIFIC);
            assertThat(afterUpgrade).endsWith("hello");
        }
    }

    @Test
    void anHttp2RequestReachesTheHttp11ServerWithHostFromAuthorityAndCookiesJoined() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             ScriptedPeer peer = ScriptedPeer.start(PeerScript.respond(RESPONSE_WITH_CONNECTION_FIELDS));
             WeftProcess weft = start(origin, peer)) {

            ExternalTool.Result r = ExternalTool.run(TOOL_TIMEOUT, "curl", "-sS", "-o", "/dev/null", "-w", "%{http_code}",
                    "--http2-prior-knowledge", "-H", "Cookie: a=1", "-H", "Cookie: b=2", "-H", "X-End-To-End: yes",
                    weft.uri("/echo/cookies").toString());

            assertThat(r.stdout()).as(() -> r + weft.diagnostics()).isEqualTo("200");
            SeenRequest seen = origin.onlyRequest("/echo/cookies");
            assertThat(seen.headers().all("Host")).as(seen::toString)
                    .containsExactly("127.0.0.1:" + weft.frontPort());
            assertThat(seen.headers().all("Cookie")).as(seen::toString).containsExactly("a=1; b=2");
            assertThat(seen.headers().first("X-End-To-End")).contains("yes");
        }
    }

    @Test
    void announcesTheConfiguredStreamLimitToHttp2Clients() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             ScriptedPeer peer = ScriptedPeer.start(PeerScript.respond(RESPONSE_WITH_CONNECTION_FIELDS));
             WeftProcess weft = start(origin, peer);
             HTTP2Client client = new HTTP2Client()) {
            client.start();
            CompletableFuture<Integer> announced = new CompletableFuture<>();
            Session session = client.connect(new InetSocketAddress("127.0.0.1", weft.frontPort()), new Session.Listener() {
                @Override
                public void onSettings(Session s, SettingsFrame frame) {
                    Integer max = frame.getSettings().get(SettingsFrame.MAX_CONCURRENT_STREAMS);
                    if (max != null) {
                        announced.complete(max);
                    }
                }
            }).get(10, TimeUnit.SECONDS);

            assertThat(announced.get(10, TimeUnit.SECONDS)).as(weft::diagnostics).isEqualTo(7);
            session.close(0, null, org.eclipse.jetty.util.Callback.NOOP);
        }
    }

    @Test
    void h2loadFourConnectionsOfSixteenStreamsAllGet2xx() throws Exception {
        try (JettyOrigin origin = JettyOrigin.start();
             WeftProcess weft = WeftProcess.config("conf/h2/h2load.properties").set("ORIGIN_PORT", origin.port())
                     .start()) {

            // h2load sends its -m streams before it reads weft's SETTINGS: the limit must allow 16
            ExternalTool.Result r = ExternalTool.run(Duration.ofMinutes(3), "h2load", "-n", "4000", "-c", "4", "-m", "16",
                    weft.uri("/echo/load").toString());

            assertThat(r.exitCode()).as(() -> r + weft.diagnostics()).isZero();
            assertThat(r.stdout()).as(r::toString)
                    .contains("requests: 4000 total, 4000 started, 4000 done, 4000 succeeded, 0 failed, 0 errored")
                    .contains("status codes: 4000 2xx");
        }
    }

    private static WeftProcess start(JettyOrigin origin, ScriptedPeer peer) throws Exception {
        return WeftProcess.config(CONFIG).set("ORIGIN_PORT", origin.port()).set("PEER_PORT", peer.port()).start();
    }

    /** The header names of the last response head in curl's {@code -i} output, lower case. */
    private static List<String> headerNames(String curlOutput) {
        String head = curlOutput.substring(0, curlOutput.indexOf("\r\n\r\n") + 2);
        return head.lines().skip(1).filter(l -> l.contains(":"))
                .map(l -> l.substring(0, l.indexOf(':')).trim().toLowerCase(Locale.ROOT)).toList();
    }
}
