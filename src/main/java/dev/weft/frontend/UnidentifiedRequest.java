package dev.weft.frontend;

import dev.weft.failure.Termination;
import dev.weft.stream.StreamEnv;

import io.helidon.common.buffers.BufferData;
import io.helidon.common.concurrency.limits.Limit;
import io.helidon.webserver.ConnectionContext;
import io.helidon.webserver.spi.ServerConnection;
import io.helidon.webserver.spi.ServerConnectionSelector;

import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Set;

/**
 * The last connection selector of every listener: takes the connections no protocol claimed
 * and answers them as HAProxy does, with an error page and a {@code <BADREQ>} log line, instead
 * of Helidon's silent close (or no answer at all while its HTTP/2 selector waits for 24 bytes).
 * <ul>
 * <li>a complete request line with another version than HTTP/1.1 (HTTP/1.0, HTTP/9.9): 505;</li>
 * <li>a line that is not a request line, or bytes that cannot start one (a TLS hello): 400.</li>
 * </ul>
 * The h2c preface line ({@code PRI * HTTP/2.0}) is left to the HTTP/2 selector. Stateless but
 * for the log; one per frontend.
 */
final class UnidentifiedRequest implements ServerConnectionSelector {
    private static final String H2_PREFACE_LINE = "PRI * HTTP/2.0";
    private static final int MAX_LINE = 8192;

    private final String frontend;
    private final StreamEnv env;

    UnidentifiedRequest(String frontend, StreamEnv env) {
        this.frontend = frontend;
        this.env = env;
    }

    @Override
    public int bytesToIdentifyConnection() {
        return 0;
    }

    /**
     * SUPPORTED (this selector answers) for junk or a complete non-HTTP/1.1 line; UNKNOWN while a
     * plausible request line is still arriving (the HTTP/1.1 selector may take it yet).
     */
    @Override
    public Support supports(BufferData data) {
        if (data.available() == 0) {
            return Support.UNKNOWN;
        }
        if (!isTokenChar(data.get(0))) {
            return Support.SUPPORTED;
        }
        int lf = data.indexOf((byte) '\n');
        if (lf < 0) {
            return data.available() > MAX_LINE ? Support.SUPPORTED : Support.UNKNOWN;
        }
        String line = data.readString(lf).strip();
        return line.equals(H2_PREFACE_LINE) ? Support.UNSUPPORTED : Support.SUPPORTED;
    }

    @Override
    public Set<String> supportedApplicationProtocols() {
        return Set.of();
    }

    @Override
    public ServerConnection connection(ConnectionContext ctx) {
        return new Refusal(ctx);
    }

    /** RFC 9110 token characters: what a method name is made of. */
    private static boolean isTokenChar(int b) {
        return (b >= 'a' && b <= 'z') || (b >= 'A' && b <= 'Z') || (b >= '0' && b <= '9')
                || "!#$%&'*+-.^_`|~".indexOf(b) >= 0;
    }

    /** Answers the one unidentified request and ends the connection. */
    private final class Refusal implements ServerConnection {
        private final ConnectionContext ctx;

        Refusal(ConnectionContext ctx) {
            this.ctx = ctx;
        }

        @Override
        public void handle(Limit limit) {
            long start = System.currentTimeMillis();
            int status = versionNotSupported() ? 505 : 400;
            String reason = status == 505 ? "HTTP Version Not Supported" : "Bad Request";
            String text = status == 505 ? "weft speaks HTTP/1.1 and HTTP/2 only." : "Your browser sent an invalid request.";
            String body = "<html><body><h1>" + status + " " + reason + "</h1>\n" + text + "\n</body></html>\n";
            String page = "HTTP/1.1 " + status + " " + reason + "\r\nContent-Type: text/html\r\nCache-Control: no-cache\r\n"
                    + "Connection: close\r\nContent-Length: " + body.length() + "\r\n\r\n" + body;
            try {
                ctx.dataWriter().writeNow(BufferData.create(page.getBytes(StandardCharsets.US_ASCII)));
            } catch (UncheckedIOException e) {
                // the client is gone; the line below still records the attempt
            }
            FrontendLog.log(env, start, ClientPeer.address(ctx), frontend, frontend, -1, System.currentTimeMillis() - start,
                    status, 0, new Termination('P', 'R'), FrontendLog.BADREQ, "", "");
        }

        /** A well-formed request line ({@code METHOD SP TARGET SP HTTP/x.y}) with another version. */
        private boolean versionNotSupported() {
            BufferData data = ctx.dataReader().getBuffer(ctx.dataReader().available());
            int lf = data.indexOf((byte) '\n');
            if (lf < 0) {
                return false;
            }
            String[] parts = data.readString(lf).strip().split(" ");
            return parts.length == 3 && parts[2].matches("HTTP/[0-9]\\.[0-9]");
        }

        @Override
        public Duration idleTime() {
            return Duration.ZERO;
        }

        @Override
        public void close(boolean interrupt) {
            // handle() writes one page and returns; nothing to interrupt
        }
    }
}
