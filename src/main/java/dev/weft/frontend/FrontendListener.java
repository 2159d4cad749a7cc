package dev.weft.frontend;

import dev.weft.config.FrontendConfig;
import dev.weft.config.FrontendConfig.FrontendProtocol;
import dev.weft.config.HostPort;

import io.helidon.common.socket.SocketOptions;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.ProtocolConfigs;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http1.Http1ConnectionProvider;
import io.helidon.webserver.http2.Http2Config;
import io.helidon.webserver.http2.Http2ConnectionProvider;
import io.helidon.webserver.spi.ProtocolConfig;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * One frontend's Helidon WebServer: a listener per bind address, all with the same handler.
 * Protocols are set explicitly (service discovery off) so that {@code protocols = h1} really
 * refuses h2c; content encoding is off so bodies pass through untouched; {@code tcpNoDelay} is
 * on (Helidon's default is off, which costs 40 ms per small response with delayed ACKs).
 */
public final class FrontendListener {
    private final FrontendConfig config;
    private final WebServer server;
    private final FrontendHandler handler;

    /**
     * @param maxconn  this frontend's limit per bind address (min of frontend and global maxconn)
     * @param limit    the process-wide {@code global.maxconn}, shared by every listener
     * @param deadline {@code timeout.http-request} on HTTP/1.1 request heads; null when 0 (no limit)
     * @param unidentified answers connections no protocol claims (HTTP/1.0, junk)
     */
    FrontendListener(FrontendConfig config, FrontendHandler handler, int maxconn, Duration grace,
                     ConnectionLimit limit, RequestHeadDeadline deadline, UnidentifiedRequest unidentified) {
        this.config = config;
        this.handler = handler;
        WebServerConfig.Builder b = WebServer.builder().shutdownHook(false);
        List<HostPort> binds = config.binds();
        for (int i = 0; i < binds.size(); i++) {
            HostPort hp = binds.get(i);
            String socketName = i == 0 ? WebServer.DEFAULT_SOCKET_NAME : "bind-" + i;
            if (i == 0) {
                configure(b, socketName, hp, handler, maxconn, grace, limit, deadline, unidentified);
            } else {
                b.putSocket(socketName, l -> configure(l, socketName, hp, handler, maxconn, grace, limit, deadline,
                        unidentified));
            }
        }
        this.server = b.build();
    }

    private void configure(ListenerConfig.BuilderBase<?, ?> l, String socketName, HostPort hp, FrontendHandler handler,
                           int maxconn, Duration grace, ConnectionLimit limit, RequestHeadDeadline deadline,
                           UnidentifiedRequest unidentified) {
        var timeouts = config.timeouts();
        l.host(hp.host())
                .port(hp.port())
                .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build())
                .contentEncoding(ContentEncodingContext.builder().contentEncodingsDiscoverServices(false).build())
                .maxTcpConnections(maxconn)
                // No extra copy: weft writes blocks of up to 64 KiB; and an empty write must reach the
                // socket so a HEAD response keeps its Content-Length (see ResponseRelay).
                .writeBufferSize(0)
                // Writes return once the bytes are on the socket, never queued: response bodies
                // come from buffers that are reused as soon as the write returns (BodyBuffers).
                .writeQueueLength(0)
                // A plain socket writes each block in one call; Helidon's NIO socket (its default)
                // stages every read and write through 8 KiB heap buffers: a 16 KiB block became
                // two copies and two write(2) calls.
                .useNio(false)
                .idleConnectionTimeout(timeouts.httpKeepAlive())
                .idleConnectionPeriod(Duration.ofSeconds(1))
                .shutdownGracePeriod(grace)
                .protocolsDiscoverServices(false)
                .directHandlers(new BadRequestLog(config.name(), handler.env()).handlers())
                .routing(r -> r.any(handler));
        // The protocols' connection selectors are built here rather than by Helidon from
        // addProtocol(), so that each can be wrapped by the process-wide connection limit.
        Http1Config.Builder h1b = Http1Config.builder()
                .sendKeepAliveHeader(false)
                .validateRequestHeaders(false)
                .validateResponseHeaders(false);
        if (deadline != null) {
            h1b.addReceiveListener(deadline);
        }
        Http1Config h1 = h1b.build();
        List<ProtocolConfig> protocols = new ArrayList<>(List.of(h1));
        Http2Config h2 = null;
        if (config.protocols().contains(FrontendProtocol.H2C)) {
            // frontend.NAME.h2.max-concurrent-streams (default 100): Helidon's own default, 8192, is no limit.
            // Helidon validates HTTP/2 response headers (a second time: the backends' codecs did).
            // Off, it saved 2 % of h2-front's samples once compiled, but the bench's first 20 s
            // ran slower in 10 of 13 pairs (BENCHMARKS.md, session 13), so it stays on.
            h2 = Http2Config.builder().maxConcurrentStreams(config.h2MaxStreams()).build();
            protocols.add(h2); // also enables Upgrade: h2c from HTTP/1.1
        }
        ProtocolConfigs all = ProtocolConfigs.create(protocols);
        l.addConnectionSelector(limit.wrap(new Http1ConnectionProvider().create(socketName, h1, all),
                KeepAliveClock.UNBOUNDED));
        if (h2 != null) {
            // every prior-knowledge connection writes the frames that end its streams in batches
            l.addConnectionSelector(limit.wrap(BatchedH2Connections.wrap(
                    new Http2ConnectionProvider().create(socketName, h2, all), handler.env().watchdog(),
                    timeouts.client()), timeouts.client()));
        }
        l.addConnectionSelector(unidentified); // last: what no protocol claimed gets a 400 or 505
    }

    /** Binds and starts accepting. Throws (Helidon's unchecked exception) when an address is taken. */
    void start() {
        server.start();
    }

    /** Stops accepting; in-flight requests get the grace period to finish. */
    void stop() {
        handler.drain();
        server.stop();
    }

    public String name() {
        return config.name();
    }

    /** The bound port of the first address (useful when the configured port is 0). */
    public int port() {
        return server.port();
    }
}
