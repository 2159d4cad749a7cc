package dev.weft.config;

import java.time.Duration;

/**
 * The {@code timeout.*} keys, resolved for one frontend or backend: its own value, else
 * {@code defaults.timeout.*}, else the built-in default (connect 5s, client 30s, server 30s,
 * queue 30s, http-request 10s, http-keep-alive 5s, check 2s).
 */
public record Timeouts(Duration connect, Duration client, Duration server, Duration queue,
                       Duration httpRequest, Duration httpKeepAlive, Duration check) {

    /** The built-in defaults, as in HAProxy's documented examples. */
    public static Timeouts defaults() {
        return new Timeouts(Duration.ofSeconds(5), Duration.ofSeconds(30), Duration.ofSeconds(30),
                Duration.ofSeconds(30), Duration.ofSeconds(10), Duration.ofSeconds(5), Duration.ofSeconds(2));
    }
}
