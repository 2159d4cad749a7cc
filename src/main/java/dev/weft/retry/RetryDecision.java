package dev.weft.retry;

import java.time.Duration;

/** The outcome of "should this failed attempt be tried again, and where?". */
public sealed interface RetryDecision {

    /** Give up; {@code reason} is logged and recorded. */
    record NoRetry(String reason) implements RetryDecision {}

    /** Try the same server again, after {@code pause} (zero for none; HAProxy's turn-around). */
    record RetrySameServer(Duration pause, String reason) implements RetryDecision {}

    /** Try another server (redispatch), at once. */
    record Redispatch(String reason) implements RetryDecision {}
}
