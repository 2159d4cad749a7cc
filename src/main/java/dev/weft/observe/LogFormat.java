package dev.weft.observe;

import dev.weft.stream.StreamRecord;

import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The access log's line formats. {@link #haproxy} is HAProxy's HTTP log format:
 * <pre>
 * %ci:%cp [%tr] %ft %b/%s %TR/%Tw/%Tc/%Tr/%Ta %ST %B %CC %CS %tsc %ac/%fc/%bc/%sc/%rc %sq/%bq {%hr} "%r"
 * 127.0.0.1:50312 [25/Nov/2026:22:10:01.123] web app/s1 0/0/1/3/4 200 512 - - ---- 0/0/0/0/0 0/0 "GET /x HTTP/1.1"
 * </pre>
 * weft does not count live connections per frontend/backend in the log (the {@code ac/fc/bc/sc}
 * fields are 0 until the admin listener brings the counters); {@code rc} is the retry count,
 * {@code +N} when a retry was redispatched, as HAProxy writes it.
 */
public final class LogFormat {
    private static final DateTimeFormatter DATE =
            DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss.SSS", Locale.ENGLISH).withZone(ZoneId.systemDefault());

    private LogFormat() {
    }

    /** One line in HAProxy's HTTP format, without the line end. */
    public static String haproxy(StreamRecord r) {
        StringBuilder sb = new StringBuilder(160);
        sb.append(r.clientAddress()).append(" [").append(DATE.format(Instant.ofEpochMilli(r.startMillis()))).append("] ")
                .append(r.frontend()).append(' ').append(r.backend()).append('/').append(r.server()).append(' ')
                .append(r.tr()).append('/').append(r.tw()).append('/').append(r.tc()).append('/')
                .append(r.tresp()).append('/').append(r.ta()).append(' ')
                .append(r.status()).append(' ').append(r.bytes()).append(" - - ")
                .append(r.termination().tsc()).append(" 0/0/0/0/").append(r.redispatched() ? "+" : "").append(r.retries())
                .append(" 0/0 \"").append(r.method());
        if (!r.uri().isEmpty()) { // empty for a request that could not be parsed: "<BADREQ>"
            sb.append(' ').append(r.uri()).append(' ').append(r.protocol());
        }
        sb.append('"');
        return sb.toString();
    }

    /** One JSON object per line, the same fields with HAProxy's names. */
    public static String json(StreamRecord r) {
        return "{\"client\":\"" + r.clientAddress() + "\",\"time\":\"" + DATE.format(Instant.ofEpochMilli(r.startMillis()))
                + "\",\"frontend\":\"" + esc(r.frontend()) + "\",\"backend\":\"" + esc(r.backend())
                + "\",\"server\":\"" + esc(r.server()) + "\",\"TR\":" + r.tr() + ",\"Tw\":" + r.tw() + ",\"Tc\":" + r.tc()
                + ",\"Tr\":" + r.tresp() + ",\"Ta\":" + r.ta() + ",\"status\":" + r.status() + ",\"bytes\":" + r.bytes()
                + ",\"termination\":\"" + r.termination() + "\",\"retries\":" + r.retries()
                + ",\"redispatched\":" + r.redispatched() + ",\"method\":\"" + esc(r.method())
                + "\",\"uri\":\"" + esc(r.uri()) + "\",\"protocol\":\"" + r.protocol() + "\",\"stream\":" + r.streamId()
                + ",\"connstream\":" + r.connStreamId() + "}";
    }

    private static String esc(String s) {
        StringBuilder sb = new StringBuilder(s.length());
        for (int i = 0; i < s.length(); i++) {
            char c = s.charAt(i);
            switch (c) {
                case '"' -> sb.append("\\\"");
                case '\\' -> sb.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        sb.append(String.format("\\u%04x", (int) c));
                    } else {
                        sb.append(c);
                    }
                }
            }
        }
        return sb.toString();
    }
}
