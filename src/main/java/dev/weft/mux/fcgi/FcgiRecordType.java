package dev.weft.mux.fcgi;

/**
 * FastCGI record types (FastCGI specification 1.0, §8 "Types and constants"). The codes are the
 * wire values of the header's {@code type} byte. Immutable.
 */
enum FcgiRecordType {
    BEGIN_REQUEST(1),
    ABORT_REQUEST(2),
    END_REQUEST(3),
    PARAMS(4),
    STDIN(5),
    STDOUT(6),
    STDERR(7),
    DATA(8),
    GET_VALUES(9),
    GET_VALUES_RESULT(10),
    UNKNOWN_TYPE(11);

    private final int code;

    FcgiRecordType(int code) {
        this.code = code;
    }

    /** The wire value. */
    int code() {
        return code;
    }

    /** Returns the type with wire value {@code code}, or null for a type this codec does not know. */
    static FcgiRecordType of(int code) {
        for (FcgiRecordType t : values()) {
            if (t.code == code) {
                return t;
            }
        }
        return null;
    }
}
