package dev.weft.frontend;

import dev.weft.failure.Termination;
import dev.weft.stream.StreamEnv;

import io.helidon.http.DirectHandler;
import io.helidon.http.DirectHandler.EventType;
import io.helidon.http.ServerResponseHeaders;
import io.helidon.http.Status;
import io.helidon.webserver.http.DirectHandlers;

/**
 * Logs the requests Helidon refuses before weft's handler sees them (a header line without a
 * colon, a bad Content-Length, a space in the target, a head over the size limit), as HAProxy
 * logs its {@code <BADREQ>}: status, {@code PR--}, and the request line when Helidon had parsed
 * it. The response itself stays Helidon's default page. Thread-safe; one per frontend.
 */
final class BadRequestLog implements DirectHandler {
    private final String frontend;
    private final StreamEnv env;

    BadRequestLog(String frontend, StreamEnv env) {
        this.frontend = frontend;
        this.env = env;
    }

    /** The listener's direct handlers: this one for every client error Helidon answers itself. */
    DirectHandlers handlers() {
        return DirectHandlers.builder()
                .addHandler(EventType.BAD_REQUEST, this)
                .addHandler(EventType.PAYLOAD_TOO_LARGE, this)
                .addHandler(EventType.HTTP_VERSION_NOT_SUPPORTED, this)
                .build();
    }

    @Override
    public TransportResponse handle(TransportRequest request, EventType eventType, Status defaultStatus,
                                    ServerResponseHeaders responseHeaders, String message) {
        String method = request.method();
        // Helidon fills the fields with what it could parse; a request line it could not split
        // leaves junk in them, logged as HAProxy does: just <BADREQ>.
        boolean parsed = method != null && !method.isEmpty()
                && request.protocolVersion() != null && request.protocolVersion().matches("HTTP/[0-9](\\.[0-9])?");
        FrontendLog.log(env, System.currentTimeMillis(), ClientPeer.current(), frontend, frontend, -1, 0,
                defaultStatus.code(), 0, new Termination('P', 'R'), parsed ? method : FrontendLog.BADREQ,
                parsed ? request.path() : "", parsed ? request.protocolVersion() : "");
        return DirectHandler.defaultHandler().handle(request, eventType, defaultStatus, responseHeaders, message);
    }
}
