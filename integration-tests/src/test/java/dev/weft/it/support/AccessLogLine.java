package dev.weft.it.support;

import java.util.Optional;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One line of weft's access log in HAProxy's HTTP log format, split into its fields:
 * <pre>
 * CLIENTIP:PORT [DATE] FRONTEND BACKEND/SERVER TR/Tw/Tc/Tr/Ta STATUS BYTES - - TSC ACT/FE/BE/SRV/RETRIES SRVQ/BACKQ "REQUEST"
 * 127.0.0.1:50312 [25/Nov/2026:22:10:01.123] web app/s1 0/0/1/3/4 200 512 - - ---- 1/1/0/0/0 0/0 "GET /x HTTP/1.1"
 * </pre>
 * Timers may be {@code -1} (never reached), {@code Ta} and {@code BYTES} may carry a {@code +},
 * {@code RETRIES} is {@code +N} when the stream was redispatched. Immutable.
 *
 * @param raw          the line as logged
 * @param clientIp     client address
 * @param clientPort   client port
 * @param frontend     frontend name
 * @param backend      backend name, or the frontend name for a local answer
 * @param server       server name, or {@code <NOSRV>}
 * @param timers       {@code TR/Tw/Tc/Tr/Ta} as logged
 * @param status       HTTP status ({@code -1} when none was sent)
 * @param bytes        bytes sent to the client, as logged
 * @param tsc          the four-character termination state and cookie flags
 * @param retries      {@code N} or {@code +N}
 * @param request      the quoted request line, without the quotes
 */
public record AccessLogLine(String raw, String clientIp, int clientPort, String frontend, String backend,
                            String server, String timers, int status, String bytes, String tsc,
                            String retries, String request) {

    private static final Pattern FORMAT = Pattern.compile(
            "^(?<ip>\\S+):(?<port>\\d+) \\[(?<date>[^\\]]+)] (?<fe>\\S+) (?<be>[^/\\s]+)/(?<srv>\\S+)"
                    + " (?<timers>-?\\d+/-?\\d+/-?\\d+/-?\\d+/\\+?-?\\d+) (?<status>-?\\d+) (?<bytes>\\+?\\d+)"
                    + " \\S+ \\S+ (?<tsc>\\S{4}) \\d+/\\d+/\\d+/\\d+/(?<retries>\\+?\\d+) \\d+/\\d+"
                    + " \"(?<request>.*)\"$");

    /** The server name HAProxy logs when no server was used (local answer, or none available). */
    public static final String NO_SERVER = "<NOSRV>";

    /** Parses {@code line}; empty when it is not an access log line (a startup message, say). */
    public static Optional<AccessLogLine> parse(String line) {
        Matcher m = FORMAT.matcher(line.strip());
        if (!m.matches()) {
            return Optional.empty();
        }
        return Optional.of(new AccessLogLine(line, m.group("ip"), Integer.parseInt(m.group("port")),
                m.group("fe"), m.group("be"), m.group("srv"), m.group("timers"),
                Integer.parseInt(m.group("status")), m.group("bytes"), m.group("tsc"),
                m.group("retries"), m.group("request")));
    }

    /** The first two TSC characters: {@code --} normal, {@code sH} server timeout, {@code PH} bad response... */
    public String terminationState() {
        return tsc.substring(0, 2);
    }

    /** The request method, or empty for a request line weft could not parse. */
    public String method() {
        String[] parts = request.split(" ");
        return parts.length == 3 ? parts[0] : "";
    }

    /** The request target as logged, or empty for a request line weft could not parse. */
    public String uri() {
        String[] parts = request.split(" ");
        return parts.length == 3 ? parts[1] : "";
    }

    /** Whether the request was answered without a server ({@code SERVER} is {@code <NOSRV>}). */
    public boolean noServer() {
        return NO_SERVER.equals(server);
    }

    @Override
    public String toString() {
        return raw;
    }
}
