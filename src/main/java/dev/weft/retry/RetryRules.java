package dev.weft.retry;

import dev.weft.config.RetryConfig;
import dev.weft.config.RetryConfig.RetryOn;
import dev.weft.failure.StreamFailure;

import java.time.Duration;

/**
 * HAProxy's retry rules as one pure function: {@code retries}, {@code retry-on},
 * {@code option redispatch [interval]} and the turn-around pause. No state, no I/O: the
 * most table-driven unit test of the project.
 */
public final class RetryRules {
    private static final Duration MAX_TURNAROUND = Duration.ofSeconds(1);

    private RetryRules() {
    }

    /**
     * Decides what follows a failed attempt.
     *
     * @param policy          the backend's retry configuration
     * @param failure         how the attempt failed
     * @param replayable      the request can be sent again whole (no body, or a body that was fully
     *                        received and kept because it fits {@code global.tune.bufsize})
     * @param retriesDone     retries already made (0 after the first attempt failed)
     * @param usableServers   servers the balancer could choose now
     * @param connectTimeout  {@code timeout.connect}: the turn-around pause is min(it, 1s)
     * @return never null
     */
    public static RetryDecision decide(RetryConfig policy, StreamFailure failure, boolean replayable,
                                       int retriesDone, int usableServers, Duration connectTimeout) {
        if (retriesDone >= policy.retries()) {
            return new RetryDecision.NoRetry("retries exhausted (" + policy.retries() + ")");
        }
        String why = retryableReason(policy, failure);
        if (why == null) {
            return new RetryDecision.NoRetry(failure.describe() + " is not in retry-on");
        }
        boolean connectFailure = failure instanceof StreamFailure.ConnectRefused
                || failure instanceof StreamFailure.ConnectTimeout;
        // Nothing reached the server on a connect failure; anything else needs the request again.
        boolean nothingSent = connectFailure
                || (failure instanceof StreamFailure.NotProcessed np && !np.requestSent());
        if (!nothingSent && !replayable) {
            return new RetryDecision.NoRetry("request cannot be replayed (body sent and not kept)");
        }
        int retryNumber = retriesDone + 1;
        if (usableServers > 1 && redispatchOn(policy, retryNumber)) {
            return new RetryDecision.Redispatch(why);
        }
        // HAProxy pauses before reconnecting to the same server only after a connect failure.
        Duration pause = connectFailure
                ? (connectTimeout.compareTo(MAX_TURNAROUND) < 0 ? connectTimeout : MAX_TURNAROUND)
                : Duration.ZERO;
        return new RetryDecision.RetrySameServer(pause, why);
    }

    /**
     * True when retry number {@code retryNumber} (1-based) may go to another server:
     * interval 1 every retry, N every Nth, -1 only the last one, 0 never.
     */
    static boolean redispatchOn(RetryConfig policy, int retryNumber) {
        int interval = policy.redispatchInterval();
        if (interval == 0) {
            return false;
        }
        if (interval < 0) {
            return retryNumber == policy.retries();
        }
        return retryNumber % interval == 0;
    }

    /** The retry-on word that allows retrying {@code failure}, or null. */
    private static String retryableReason(RetryConfig policy, StreamFailure failure) {
        return switch (failure) {
            case StreamFailure.ConnectRefused f -> allowed(policy, RetryOn.CONN_FAILURE);
            case StreamFailure.ConnectTimeout f -> allowed(policy, RetryOn.CONN_FAILURE);
            // The keep-alive race: the server closed an idle connection as we reused it. Nothing
            // was processed; HAProxy retries this whatever retry-on says.
            case StreamFailure.EmptyResponse f when f.reusedConnection() && (!f.requestSent() || f.idempotent()) ->
                    "keep-alive race";
            case StreamFailure.EmptyResponse f -> allowed(policy, RetryOn.EMPTY_RESPONSE);
            // The server certainly did not process it (REFUSED_STREAM, GOAWAY, FCGI_OVERLOADED).
            case StreamFailure.NotProcessed f -> "not processed";
            case StreamFailure.TruncatedHead f -> allowed(policy, RetryOn.JUNK_RESPONSE);
            case StreamFailure.JunkResponse f -> allowed(policy, RetryOn.JUNK_RESPONSE);
            case StreamFailure.ResponseTimeout f -> allowed(policy, RetryOn.RESPONSE_TIMEOUT);
            case StreamFailure.RetryableStatus f -> policy.retryOnStatus().contains(f.code()) ? "status " + f.code() : null;
            default -> null;
        };
    }

    private static String allowed(RetryConfig policy, RetryOn word) {
        return policy.retryOn().contains(word) ? word.name().toLowerCase().replace('_', '-') : null;
    }
}
