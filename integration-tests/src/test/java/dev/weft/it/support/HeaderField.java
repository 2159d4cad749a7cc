package dev.weft.it.support;

/**
 * One header field as it appeared on the wire, name case preserved.
 *
 * @param name  the field name as sent
 * @param value the field value, surrounding whitespace trimmed
 */
public record HeaderField(String name, String value) {

    /** Returns whether this field is called {@code other}, ignoring case (RFC 9110 §5.1). */
    public boolean is(String other) {
        return name.equalsIgnoreCase(other);
    }

    @Override
    public String toString() {
        return name + ": " + value;
    }
}
