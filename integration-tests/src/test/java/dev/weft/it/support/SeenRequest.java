package dev.weft.it.support;

import java.util.ArrayList;
import java.util.List;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.server.Request;

/**
 * A request head as a {@link JettyOrigin} received it, recorded on arrival (before its body is
 * read), so a test can see what weft forwarded and wait for a slow request to be in flight.
 *
 * @param method     request method
 * @param uri        path and query as received
 * @param headers    header fields as received, in order
 * @param remotePort the origin-side view of weft's backend connection (its local port)
 */
public record SeenRequest(String method, String uri, Headers headers, int remotePort) {

    static SeenRequest of(Request request) {
        List<HeaderField> fields = new ArrayList<>();
        for (HttpField field : request.getHeaders()) {
            fields.add(new HeaderField(field.getName(), field.getValue()));
        }
        return new SeenRequest(request.getMethod(), request.getHttpURI().getPathQuery(),
                new Headers(fields), Request.getRemotePort(request));
    }

    @Override
    public String toString() {
        return method + " " + uri + " (from port " + remotePort + ")\n" + headers;
    }
}
