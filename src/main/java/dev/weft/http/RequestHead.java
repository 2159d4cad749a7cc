package dev.weft.http;

/**
 * A request's start line and header fields, protocol-neutral (HTTP/2 pseudo-headers are mapped
 * to method, target and the Host field by the frontend).
 *
 * @param method  e.g. {@code GET}
 * @param target  origin-form target: path and query, e.g. {@code /a/b?x=1}
 * @param headers the fields, Host included
 */
public record RequestHead(String method, String target, HeaderList headers) {

    /** The path part of the target, without the query. */
    public String path() {
        int q = target.indexOf('?');
        return q < 0 ? target : target.substring(0, q);
    }

    /** The query without '?', or an empty string. */
    public String query() {
        int q = target.indexOf('?');
        return q < 0 ? "" : target.substring(q + 1);
    }

    /** RFC 9110 §9.2.2: true for a method whose repetition has the effect of one request. */
    public static boolean idempotent(String method) {
        return switch (method) {
            case "GET", "HEAD", "PUT", "DELETE", "OPTIONS", "TRACE" -> true;
            default -> false;
        };
    }

    /** True when this request's method is idempotent (see {@link #idempotent(String)}). */
    public boolean isIdempotent() {
        return idempotent(method);
    }

    /** True for HEAD: the response has no body whatever its headers say (RFC 9110 §9.3.2). */
    public boolean isHead() {
        return method.equals("HEAD");
    }
}
