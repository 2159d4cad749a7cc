package dev.weft.frontend;

import dev.weft.config.FrontendConfig;
import dev.weft.config.FrontendConfig.FrontendProtocol;
import dev.weft.config.HostPort;

import io.helidon.common.socket.SocketOptions;
import io.helidon.http.encoding.ContentEncodingContext;
import io.helidon.webserver.ListenerConfig;
import io.helidon.webserver.WebServer;
import io.helidon.webserver.WebServerConfig;
import io.helidon.webserver.http1.Http1Config;
import io.helidon.webserver.http2.Http2Config;

import java.time.Duration;
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

    FrontendListener(FrontendConfig config, FrontendHandler handler, int maxconn, Duration grace) {
        this.config = config;
        WebServerConfig.Builder b = WebServer.builder().shutdownHook(false);
        List<HostPort> binds = config.binds();
        for (int i = 0; i < binds.size(); i++) {
            HostPort hp = binds.get(i);
            if (i == 0) {
                configure(b, hp, handler, maxconn, grace);
            } else {
                b.putSocket("bind-" + i, l -> configure(l, hp, handler, maxconn, grace));
            }
        }
        this.server = b.build();
    }

    private void configure(ListenerConfig.BuilderBase<?, ?> l, HostPort hp, FrontendHandler handler, int maxconn,
                           Duration grace) {
        var timeouts = config.timeouts();
        l.host(hp.host())
                .port(hp.port())
                .connectionOptions(SocketOptions.builder().tcpNoDelay(true).build())
                .contentEncoding(ContentEncodingContext.builder().contentEncodingsDiscoverServices(false).build())
                .maxTcpConnections(maxconn)
                // No extra copy: weft writes 16 KiB blocks; and an empty write must reach the
                // socket so a HEAD response keeps its Content-Length (see ResponseRelay).
                .writeBufferSize(0)
                .idleConnectionTimeout(timeouts.httpKeepAlive())
                .idleConnectionPeriod(Duration.ofSeconds(1))
                .shutdownGracePeriod(grace)
                .protocolsDiscoverServices(false)
                .addProtocol(Http1Config.builder()
                        .sendKeepAliveHeader(false)
                        .validateRequestHeaders(false)
                        .validateResponseHeaders(false)
                        .build())
                .routing(r -> r.any(handler));
        if (config.protocols().contains(FrontendProtocol.H2C)) {
            // frontend.NAME.h2.max-concurrent-streams (default 100): Helidon's own default, 8192, is no limit.
            l.addProtocol(Http2Config.builder().maxConcurrentStreams(config.h2MaxStreams()).build());
        }
    }

    /** Binds and starts accepting. Throws (Helidon's unchecked exception) when an address is taken. */
    void start() {
        server.start();
    }

    /** Stops accepting; in-flight requests get the grace period to finish. */
    void stop() {
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
