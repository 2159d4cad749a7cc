package dev.weft.config;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Optional;

/**
 * The {@code global.*} keys.
 *
 * @param maxconn   concurrent client connections over all frontends ({@code global.maxconn}, 10000)
 * @param log       where the access log goes ({@code global.log}, stdout)
 * @param logFormat {@code global.log.format}, haproxy
 * @param jfr       {@code global.jfr}: start a recording of weft events at boot
 * @param jfrFile   {@code global.jfr.file}, weft.jfr
 * @param jfrMaxAge {@code global.jfr.max-age}, 1h
 * @param bufsize   {@code global.tune.bufsize} in bytes, 16k: the most request body kept for replay
 * @param grace     {@code global.grace} (weft's own key), 10s: how long SIGTERM waits for in-flight streams
 * @param adminBind {@code global.admin.bind}; empty when off
 */
public record GlobalConfig(int maxconn, LogTarget log, LogFormat logFormat, boolean jfr, Path jfrFile,
                           Duration jfrMaxAge, long bufsize, Duration grace, Optional<HostPort> adminBind) {

    /** Where the access log is written. */
    public sealed interface LogTarget {
        record Stdout() implements LogTarget {}
        record Off() implements LogTarget {}
        record File(Path path) implements LogTarget {}
    }

    /** {@code global.log.format}. */
    public enum LogFormat { HAPROXY, JSON }
}
