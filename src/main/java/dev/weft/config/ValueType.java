package dev.weft.config;

/**
 * The type of a key's value: a short description for documentation and the parser that turns
 * the (expanded) text into a typed value. Immutable.
 *
 * @param description e.g. {@code "duration"}, {@code "on|off"}; shown in the catalogue
 * @param parser      turns text into a value or throws {@link BadValue}; never returns null
 * @param <T>         the parsed type
 */
record ValueType<T>(String description, Parser<T> parser) {

    /** A parser of one value. */
    @FunctionalInterface
    interface Parser<T> {
        /**
         * @param value the value text: escapes resolved, {@code ${NAME}} expanded, trimmed
         * @return the typed value, never null
         * @throws BadValue with one message per thing wrong
         */
        T parse(String value) throws BadValue;
    }

    /** Parses {@code value} with this type's parser. */
    T parse(String value) throws BadValue {
        return parser.parse(value);
    }

    /**
     * A type that is only described: for keys known to the catalogue but not supported yet,
     * whose values are never parsed.
     */
    static ValueType<String> describedOnly(String description) {
        return new ValueType<>(description, value -> {
            throw new BadValue("not supported yet");
        });
    }
}
