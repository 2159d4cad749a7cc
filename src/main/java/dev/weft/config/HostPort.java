package dev.weft.config;

/**
 * A {@code host:port} pair as written in the file ({@code [::1]:80} for IPv6 literals).
 *
 * @param host name or literal, without brackets
 * @param port 1..65535
 */
public record HostPort(String host, int port) {
    @Override
    public String toString() {
        return (host.indexOf(':') >= 0 ? "[" + host + "]" : host) + ":" + port;
    }
}
