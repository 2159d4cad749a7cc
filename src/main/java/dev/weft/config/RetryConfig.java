package dev.weft.config;

import java.util.Set;

/**
 * {@code retries}, {@code redispatch} and {@code retry-on} of one backend.
 *
 * @param retries            extra attempts after a failed one (&gt;= 0), default 3
 * @param redispatchInterval 0 = off, 1 = on (every retry), N &gt; 1 = every Nth retry, -1 = only the last
 * @param retryOn            the events that allow a retry; empty for {@code none};
 *                           {@code all-retryable-errors} is expanded by the loader
 * @param retryOnStatus      the status codes listed in {@code retry-on} (subset of 404 408 425 500 501 502 503 504)
 */
public record RetryConfig(int retries, int redispatchInterval, Set<RetryOn> retryOn, Set<Integer> retryOnStatus) {

    public RetryConfig {
        retryOn = Set.copyOf(retryOn);
        retryOnStatus = Set.copyOf(retryOnStatus);
    }

    /** The non-status words of {@code retry-on}. */
    public enum RetryOn { CONN_FAILURE, EMPTY_RESPONSE, JUNK_RESPONSE, RESPONSE_TIMEOUT }
}
