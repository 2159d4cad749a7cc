package dev.weft.retry;

import dev.weft.config.RetryConfig;
import dev.weft.config.RetryConfig.RetryOn;
import dev.weft.failure.StreamFailure;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

import java.time.Duration;
import java.util.EnumSet;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RetryRulesTest {
    private static final Duration CONNECT = Duration.ofSeconds(5);
    private static final StreamFailure REFUSED = new StreamFailure.ConnectRefused("refused");

    private static RetryConfig policy(int retries, int redispatch, Set<RetryOn> on, Set<Integer> statuses) {
        return new RetryConfig(retries, redispatch, on, statuses);
    }

    private static RetryConfig connFailureOnly(int retries, int redispatch) {
        return policy(retries, redispatch, EnumSet.of(RetryOn.CONN_FAILURE), Set.of());
    }

    @Test
    void redispatchesAConnectFailureWhenAnotherServerIsUsable() {
        RetryDecision d = RetryRules.decide(connFailureOnly(3, 1), REFUSED, true, 0, 3, CONNECT);
        assertThat(d).isInstanceOf(RetryDecision.Redispatch.class);
    }

    @Test
    void retriesTheSameServerAfterATurnAroundPauseWhenRedispatchIsOff() {
        RetryDecision d = RetryRules.decide(connFailureOnly(3, 0), REFUSED, true, 0, 3, CONNECT);
        assertThat(d).isEqualTo(new RetryDecision.RetrySameServer(Duration.ofSeconds(1), "conn-failure"));
    }

    @Test
    void turnAroundPauseIsTheConnectTimeoutWhenShorterThanOneSecond() {
        RetryDecision d = RetryRules.decide(connFailureOnly(3, 0), REFUSED, true, 0, 1, Duration.ofMillis(200));
        assertThat(((RetryDecision.RetrySameServer) d).pause()).isEqualTo(Duration.ofMillis(200));
    }

    @Test
    void retriesTheSameServerWhenItIsTheOnlyUsableOne() {
        RetryDecision d = RetryRules.decide(connFailureOnly(3, 1), REFUSED, true, 0, 1, CONNECT);
        assertThat(d).isInstanceOf(RetryDecision.RetrySameServer.class);
    }

    @Test
    void stopsWhenRetriesAreExhausted() {
        RetryDecision d = RetryRules.decide(connFailureOnly(3, 1), REFUSED, true, 3, 3, CONNECT);
        assertThat(d).isInstanceOf(RetryDecision.NoRetry.class);
        assertThat(((RetryDecision.NoRetry) d).reason()).contains("exhausted");
    }

    @Test
    void doesNotRetryWithZeroRetries() {
        assertThat(RetryRules.decide(connFailureOnly(0, 1), REFUSED, true, 0, 3, CONNECT))
                .isInstanceOf(RetryDecision.NoRetry.class);
    }

    @Test
    void doesNotRetryAnEmptyResponseUnlessRetryOnSaysSo() {
        StreamFailure empty = new StreamFailure.EmptyResponse(false, true, true);
        assertThat(RetryRules.decide(connFailureOnly(3, 1), empty, true, 0, 3, CONNECT))
                .isInstanceOf(RetryDecision.NoRetry.class);
        RetryConfig withEmpty = policy(3, 1, EnumSet.of(RetryOn.EMPTY_RESPONSE), Set.of());
        assertThat(RetryRules.decide(withEmpty, empty, true, 0, 3, CONNECT))
                .isInstanceOf(RetryDecision.Redispatch.class);
    }

    @Test
    void alwaysRetriesTheKeepAliveRaceOnAReusedConnection() {
        StreamFailure race = new StreamFailure.EmptyResponse(true, true, true);
        RetryConfig none = policy(3, 0, EnumSet.noneOf(RetryOn.class), Set.of());
        RetryDecision d = RetryRules.decide(none, race, true, 0, 3, CONNECT);
        assertThat(d).isEqualTo(new RetryDecision.RetrySameServer(Duration.ZERO, "keep-alive race"));
    }

    @Test
    void neverRetriesANonIdempotentRequestOnTheKeepAliveRaceOnItsOwn() {
        StreamFailure postRace = new StreamFailure.EmptyResponse(true, true, false);
        RetryConfig none = policy(3, 0, EnumSet.noneOf(RetryOn.class), Set.of());
        assertThat(RetryRules.decide(none, postRace, true, 0, 3, CONNECT)).isInstanceOf(RetryDecision.NoRetry.class);
        RetryConfig optedIn = policy(3, 0, EnumSet.of(RetryOn.EMPTY_RESPONSE), Set.of());
        assertThat(RetryRules.decide(optedIn, postRace, true, 0, 3, CONNECT))
                .isInstanceOf(RetryDecision.RetrySameServer.class);
        StreamFailure notSent = new StreamFailure.EmptyResponse(true, false, false);
        assertThat(RetryRules.decide(none, notSent, true, 0, 3, CONNECT)).isInstanceOf(RetryDecision.RetrySameServer.class);
    }

    @Test
    void retriesACertainlyNotProcessedRequestWhateverRetryOnSaysWhenItCanBeSentAgain() {
        RetryConfig none = policy(3, 1, EnumSet.noneOf(RetryOn.class), Set.of());
        StreamFailure refusedBeforeBody = new StreamFailure.NotProcessed("REFUSED_STREAM", false);
        assertThat(RetryRules.decide(none, refusedBeforeBody, false, 0, 3, CONNECT))
                .isEqualTo(new RetryDecision.Redispatch("not processed"));
        StreamFailure refusedAfterKeptBody = new StreamFailure.NotProcessed("FCGI_OVERLOADED", true);
        assertThat(RetryRules.decide(none, refusedAfterKeptBody, true, 0, 1, CONNECT))
                .isEqualTo(new RetryDecision.RetrySameServer(Duration.ZERO, "not processed"));
        assertThat(RetryRules.decide(none, refusedAfterKeptBody, false, 0, 3, CONNECT))
                .isInstanceOf(RetryDecision.NoRetry.class);
        assertThat(RetryRules.decide(none, refusedBeforeBody, true, 3, 3, CONNECT))
                .isInstanceOf(RetryDecision.NoRetry.class);
    }

    @Test
    void doesNotRetryAfterABodyThatWasNotKeptWasSent() {
        StreamFailure empty = new StreamFailure.EmptyResponse(false, true, true);
        RetryConfig withEmpty = policy(3, 1, EnumSet.of(RetryOn.EMPTY_RESPONSE), Set.of());
        RetryDecision d = RetryRules.decide(withEmpty, empty, false, 0, 3, CONNECT);
        assertThat(((RetryDecision.NoRetry) d).reason()).contains("replayed");
    }

    @Test
    void retriesAConnectFailureEvenWhenTheBodyCannotBeReplayed() {
        assertThat(RetryRules.decide(connFailureOnly(3, 1), REFUSED, false, 0, 3, CONNECT))
                .isInstanceOf(RetryDecision.Redispatch.class);
    }

    @Test
    void retriesAListedStatusOnly() {
        RetryConfig on503 = policy(2, 1, EnumSet.noneOf(RetryOn.class), Set.of(503));
        assertThat(RetryRules.decide(on503, new StreamFailure.RetryableStatus(503), true, 0, 2, CONNECT))
                .isInstanceOf(RetryDecision.Redispatch.class);
        assertThat(RetryRules.decide(on503, new StreamFailure.RetryableStatus(500), true, 0, 2, CONNECT))
                .isInstanceOf(RetryDecision.NoRetry.class);
    }

    @Test
    void mapsEachFailureToItsRetryOnWord() {
        RetryConfig junk = policy(3, 0, EnumSet.of(RetryOn.JUNK_RESPONSE), Set.of());
        assertThat(RetryRules.decide(junk, new StreamFailure.JunkResponse("x"), true, 0, 1, CONNECT))
                .isInstanceOf(RetryDecision.RetrySameServer.class);
        assertThat(RetryRules.decide(junk, new StreamFailure.TruncatedHead(), true, 0, 1, CONNECT))
                .isInstanceOf(RetryDecision.RetrySameServer.class);
        RetryConfig timeout = policy(3, 0, EnumSet.of(RetryOn.RESPONSE_TIMEOUT), Set.of());
        assertThat(RetryRules.decide(timeout, new StreamFailure.ResponseTimeout(), true, 0, 1, CONNECT))
                .isEqualTo(new RetryDecision.RetrySameServer(Duration.ZERO, "response-timeout"));
        assertThat(RetryRules.decide(timeout, new StreamFailure.ConnectTimeout(), true, 0, 1, CONNECT))
                .isInstanceOf(RetryDecision.NoRetry.class);
    }

    @Test
    void neverRetriesDataPhaseOrClientFailures() {
        RetryConfig all = policy(3, 1, EnumSet.allOf(RetryOn.class), Set.of(500, 502, 503, 504));
        assertThat(RetryRules.decide(all, new StreamFailure.ServerAbortedData("short"), true, 0, 3, CONNECT))
                .isInstanceOf(RetryDecision.NoRetry.class);
        assertThat(RetryRules.decide(all, new StreamFailure.ClientAborted(dev.weft.failure.Phase.HEADERS), true, 0, 3,
                CONNECT)).isInstanceOf(RetryDecision.NoRetry.class);
    }

    /** HAProxy's interval rule: 1 every retry, N every Nth, -1 only the last, 0 never. */
    @ParameterizedTest(name = "redispatch {0}, retry {1} of {2} -> {3}")
    @CsvSource({
        "1, 1, 3, true", "1, 2, 3, true", "1, 3, 3, true",
        "0, 1, 3, false", "0, 3, 3, false",
        "2, 1, 3, false", "2, 2, 3, true", "2, 3, 3, false",
        "3, 3, 6, true", "3, 6, 6, true", "3, 4, 6, false",
        "-1, 1, 3, false", "-1, 2, 3, false", "-1, 3, 3, true",
    })
    void appliesTheRedispatchInterval(int interval, int retryNumber, int retries, boolean expected) {
        assertThat(RetryRules.redispatchOn(connFailureOnly(retries, interval), retryNumber)).isEqualTo(expected);
    }
}
