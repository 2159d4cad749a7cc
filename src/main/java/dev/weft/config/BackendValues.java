package dev.weft.config;

import dev.weft.config.BackendConfig.Balance;
import dev.weft.config.RetryConfig.RetryOn;

import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Pattern;

/**
 * Parsers of the {@code backend.NAME.*} values that are more than a scalar: {@code balance},
 * {@code redispatch} and {@code retry-on} ({@code server.SNAME} is {@link ServerParser}'s).
 * Stateless.
 */
final class BackendValues {

    /** HAProxy's balance algorithms weft knows but does not implement yet. */
    private static final Pattern BALANCE_NOT_YET = Pattern.compile("static-rr|source|uri|hdr\\([^()\\s]+\\)|random|random\\([0-9]+\\)");

    /** What {@code all-retryable-errors} stands for, as in HAProxy's {@code retry-on}. */
    private static final Set<RetryOn> ALL_RETRYABLE_EVENTS = Set.of(
            RetryOn.CONN_FAILURE, RetryOn.EMPTY_RESPONSE, RetryOn.JUNK_RESPONSE, RetryOn.RESPONSE_TIMEOUT);
    private static final Set<Integer> ALL_RETRYABLE_STATUS = Set.of(500, 502, 503, 504);
    private static final Set<Integer> RETRY_STATUS = Set.of(404, 408, 425, 500, 501, 502, 503, 504);
    private static final String RETRY_WORDS = "conn-failure empty-response junk-response response-timeout "
            + "404 408 425 500 501 502 503 504 all-retryable-errors none";

    /**
     * A parsed {@code retry-on}: the events and the status codes, both empty for {@code none}.
     *
     * @param events   {@code all-retryable-errors} already expanded
     * @param statuses a subset of 404 408 425 500 501 502 503 504
     */
    record RetryOnSet(Set<RetryOn> events, Set<Integer> statuses) {
        RetryOnSet {
            events = Set.copyOf(events);
            statuses = Set.copyOf(statuses);
        }
    }

    private BackendValues() {}

    /**
     * Accepts {@code roundrobin}, {@code leastconn} and {@code first}.
     *
     * @throws BadValue {@code not supported yet} for the other HAProxy algorithms
     *                  ({@code static-rr}, {@code source}, {@code uri}, {@code hdr(NAME)},
     *                  {@code random}, {@code random(N)}); a list of the valid words otherwise
     */
    static Balance balance(String value) throws BadValue {
        return switch (value) {
            case "roundrobin" -> Balance.ROUNDROBIN;
            case "leastconn" -> Balance.LEASTCONN;
            case "first" -> Balance.FIRST;
            default -> {
                if (BALANCE_NOT_YET.matcher(value).matches()) {
                    throw new BadValue("balance '" + value + "' not supported yet");
                }
                throw new BadValue("expected one of roundrobin, leastconn, first, got '" + value + "'");
            }
        };
    }

    /**
     * Accepts {@code on} (1: every retry may go to another server), {@code off} (0), a positive
     * N (every Nth retry) or {@code -1} (only the last retry), as {@link RetryConfig#redispatchInterval}.
     *
     * @throws BadValue for 0 (use {@code off}), other negatives, or anything else
     */
    static int redispatch(String value) throws BadValue {
        switch (value) {
            case "on", "true" -> {
                return 1;
            }
            case "off", "false" -> {
                return 0;
            }
            default -> {
                Integer n = Values.parseInt(value);
                if (n == null || n == 0 || n < -1) {
                    throw new BadValue("expected on, off, a positive N (every Nth retry) or -1 (last retry only), got '"
                            + value + "'");
                }
                return n;
            }
        }
    }

    /**
     * Accepts a list of {@code conn-failure empty-response junk-response response-timeout 404
     * 408 425 500 501 502 503 504 all-retryable-errors}, or {@code none} alone (nothing is
     * retried). {@code all-retryable-errors} is the four events plus 500 502 503 504.
     *
     * @throws BadValue for an empty list, an unknown word, or {@code none} with other words
     */
    static RetryOnSet retryOn(String value) throws BadValue {
        List<String> words = Values.list(value);
        if (words.isEmpty()) {
            throw new BadValue("expected some of " + RETRY_WORDS + ", got ''");
        }
        if (words.contains("none")) {
            if (words.size() > 1) {
                throw new BadValue("'none' cannot be combined with other words, got '" + value + "'");
            }
            return new RetryOnSet(Set.of(), Set.of());
        }
        Set<RetryOn> events = EnumSet.noneOf(RetryOn.class);
        Set<Integer> statuses = new TreeSet<>();
        for (String word : words) {
            addRetryWord(word, events, statuses);
        }
        return new RetryOnSet(events, statuses);
    }

    private static void addRetryWord(String word, Set<RetryOn> events, Set<Integer> statuses) throws BadValue {
        if (word.equals("all-retryable-errors")) {
            events.addAll(ALL_RETRYABLE_EVENTS);
            statuses.addAll(ALL_RETRYABLE_STATUS);
            return;
        }
        for (RetryOn event : RetryOn.values()) {
            if (Values.word(event).equals(word)) {
                events.add(event);
                return;
            }
        }
        Integer status = Values.parseInt(word);
        if (status == null || !RETRY_STATUS.contains(status)) {
            throw new BadValue("unknown retry-on word '" + word + "' (expected: " + RETRY_WORDS + ")");
        }
        statuses.add(status);
    }
}
