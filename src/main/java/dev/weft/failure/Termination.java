package dev.weft.failure;

/**
 * HAProxy's two-character termination state, as logged in the {@code tsc} field: the first
 * character says who or what ended the stream, the second where the stream was then.
 * <pre>
 * cause  '-' normal   'C' client aborted   'S' server aborted/refused   'P' proxy refused
 *        'L' answered locally   'R' resource exhausted   'I' internal error
 *        'c' client timeout     's' server timeout
 * phase  '-' completed   'R' waiting for the request   'Q' queued   'C' connecting
 *        'H' waiting for / reading the response head   'D' transferring data
 * </pre>
 *
 * @param cause one of {@code -CSPLRIcs}
 * @param phase one of {@code -RQCHD}
 */
public record Termination(char cause, char phase) {
    public static final Termination NORMAL = new Termination('-', '-');
    public static final Termination LOCAL = new Termination('L', 'R');

    /** The four characters HAProxy logs in HTTP mode: the state, then two cookie flags (unused: {@code --}). */
    public String tsc() {
        return "" + cause + phase + "--";
    }

    @Override
    public String toString() {
        return "" + cause + phase;
    }
}
