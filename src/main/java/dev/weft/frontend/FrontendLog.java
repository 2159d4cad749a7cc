package dev.weft.frontend;

import dev.weft.failure.Termination;
import dev.weft.stream.StreamEnv;
import dev.weft.stream.StreamRecord;

import io.helidon.http.HttpPrologue;

/**
 * The access log line of a request the frontend answered itself, no server involved: a local
 * {@code return}, a refusal (400, 408, 505), a 503 for want of a backend. One shape for all of
 * them: server {@code <NOSRV>}, no queue/connect/response timers, no retries, ConnStream 0.
 */
final class FrontendLog {
    static final String NO_SERVER = "<NOSRV>";
    /** What HAProxy logs as the request of a request line it could not read. */
    static final String BADREQ = "<BADREQ>";

    private FrontendLog() {
    }

    /**
     * Logs one such request.
     *
     * @param tr  time to receive the head (-1 when unknown)
     * @param ta  total time
     * @param uri the target as received, or "" with {@code method} {@link #BADREQ}
     */
    static void log(StreamEnv env, long startMillis, String client, String frontend, String backend, long tr, long ta,
                    int status, long bytes, Termination t, String method, String uri, String protocol) {
        if (env.accessLog().enabled()) {
            env.accessLog().log(new StreamRecord(startMillis, client, frontend, backend, NO_SERVER, tr, -1, -1, -1,
                    ta, status, bytes, t, 0, false, method, uri, protocol, env.nextStreamId(), 0));
        }
    }

    /** As {@link #log}, the request line taken from Helidon's parsed {@code prologue}. */
    static void log(StreamEnv env, long startMillis, String client, String frontend, String backend, long tr, long ta,
                    int status, long bytes, Termination t, HttpPrologue prologue) {
        log(env, startMillis, client, frontend, backend, tr, ta, status, bytes, t, prologue.method().text(),
                target(prologue), "HTTP/" + prologue.protocolVersion());
    }

    /** The request target as received: raw path and query. */
    static String target(HttpPrologue prologue) {
        return prologue.uriPath().rawPath() + (prologue.hasQuery() ? "?" + prologue.query().rawValue() : "");
    }
}
