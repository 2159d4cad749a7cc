package dev.weft.config;

import java.util.List;

/**
 * A value that cannot be used for its key; thrown by the value parsers and caught by
 * {@link ConfigLoader}, which turns each message into a {@link ConfigProblem} for the key.
 * Messages follow the house format: {@code "expected a positive integer, got '0'"} for a whole
 * value, {@code "weight: 0 (expected: 1..256)"} for a part of one. No stack trace: this is a
 * user error, not a bug.
 */
final class BadValue extends Exception {

    private final List<String> messages;

    /** One thing wrong with the value. */
    BadValue(String message) {
        this(List.of(message));
    }

    /** Several things wrong with one value (e.g. two bad server options); not empty. */
    BadValue(List<String> messages) {
        super(String.join("; ", messages), null, false, false);
        this.messages = List.copyOf(messages);
    }

    /** Returns the messages, each a complete sentence fragment for one problem. */
    List<String> messages() {
        return messages;
    }
}
