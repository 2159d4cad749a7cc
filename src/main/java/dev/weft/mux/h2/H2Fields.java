package dev.weft.mux.h2;

import dev.weft.http.HeaderList;
import dev.weft.http.RequestHead;
import dev.weft.http.ResponseHead;

import org.eclipse.jetty.http.HttpField;
import org.eclipse.jetty.http.HttpFields;
import org.eclipse.jetty.http.HttpURI;
import org.eclipse.jetty.http.HttpVersion;
import org.eclipse.jetty.http.MetaData;

/**
 * Maps weft's message heads to HTTP/2 header blocks and back (RFC 9113 §8.3): the request's Host
 * becomes {@code :authority}, its target {@code :path}; the connection-specific fields of
 * §8.2.2 are never sent; response pseudo-fields become the status. Stateless.
 */
final class H2Fields {
    /** RFC 9113 §8.2.2: fields that make an HTTP/2 message malformed. */
    private static final String[] CONNECTION_SPECIFIC = {
        "Connection", "Keep-Alive", "Proxy-Connection", "Transfer-Encoding", "Upgrade",
    };

    private H2Fields() {
    }

    /**
     * The request as Jetty's HPACK encoder writes it: {@code :method}, {@code :scheme http}, {@code :authority}
     * from Host, {@code :path} from the target; Host and connection-specific fields dropped, TE kept
     * only as {@code trailers}. Content-Length is set when {@code bodyLength} is known (&gt;= 0 with
     * a body, or 0 for POST/PUT/PATCH), removed otherwise.
     */
    static MetaData.Request request(RequestHead head, long bodyLength) {
        HeaderList h = head.headers();
        String authority = h.first("Host");
        HttpFields.Mutable fields = HttpFields.build(h.size());
        for (int i = 0; i < h.size(); i++) {
            String name = h.name(i);
            if (dropped(name) || name.equalsIgnoreCase("Content-Length")) {
                continue;
            }
            if (name.equalsIgnoreCase("TE")) {
                if (h.value(i).trim().equalsIgnoreCase("trailers")) {
                    fields.add("te", "trailers");
                }
                continue;
            }
            fields.add(name, h.value(i));
        }
        if (bodyLength >= 0 && (bodyLength > 0 || h.contains("Content-Length"))) {
            fields.add("content-length", Long.toString(bodyLength));
        }
        HttpURI uri = HttpURI.build().scheme("http").authority(authority == null ? "" : authority)
                .pathQuery(head.target());
        return new MetaData.Request(head.method(), uri, HttpVersion.HTTP_2, fields, bodyLength);
    }

    /** True for a field never sent on HTTP/2 (Host travels as :authority). */
    private static boolean dropped(String name) {
        if (name.equalsIgnoreCase("Host")) {
            return true;
        }
        for (String f : CONNECTION_SPECIFIC) {
            if (f.equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }

    /** The response head as weft relays it: status, no reason phrase (HTTP/2 has none), the fields. */
    static ResponseHead response(MetaData.Response r) {
        return new ResponseHead(r.getStatus(), "", "HTTP/2", headers(r.getHttpFields()));
    }

    /** Fields Jetty's HPACK decoder read, as a HeaderList, pseudo-fields and connection-specific fields left out. */
    static HeaderList headers(HttpFields fields) {
        HeaderList out = new HeaderList();
        if (fields == null) {
            return out;
        }
        for (HttpField f : fields) {
            String name = f.getName();
            if (name.startsWith(":") || dropped(name) && !name.equalsIgnoreCase("Host")) {
                continue;
            }
            out.add(name, f.getValue());
        }
        return out;
    }
}
