package dev.weft.config;

import dev.weft.config.FrontendConfig.FrontendProtocol;

import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;

/**
 * Parsers of the {@code frontend.NAME.*} values that are more than a scalar: {@code bind},
 * {@code protocols} and {@code return} ({@code route.N} is {@link ConditionParser}'s).
 * Stateless.
 */
final class FrontendValues {

    private FrontendValues() {}

    /**
     * Accepts one or more {@code host:port} (or {@code [ipv6]:port}), comma- or space-separated.
     *
     * @throws BadValue for an empty list, and once per bad address
     */
    static List<HostPort> binds(String value) throws BadValue {
        List<String> items = Values.list(value);
        if (items.isEmpty()) {
            throw new BadValue("expected one or more HOST:PORT, got ''");
        }
        List<HostPort> binds = new ArrayList<>();
        List<String> errors = new ArrayList<>();
        for (String item : items) {
            try {
                binds.add(Values.hostPort(item));
            } catch (BadValue e) {
                errors.addAll(e.messages());
            }
        }
        if (!errors.isEmpty()) {
            throw new BadValue(errors);
        }
        return binds;
    }

    /**
     * Accepts a list of {@code h1} and {@code h2c}, at least one. {@code h2} is refused until
     * TLS exists, since HTTP/2 over TLS needs ALPN.
     *
     * @throws BadValue for an empty list, {@code h2}, or an unknown word
     */
    static Set<FrontendProtocol> protocols(String value) throws BadValue {
        List<String> items = Values.list(value);
        if (items.isEmpty()) {
            throw new BadValue("expected at least one of h1, h2c, got ''");
        }
        Set<FrontendProtocol> protocols = EnumSet.noneOf(FrontendProtocol.class);
        List<String> errors = new ArrayList<>();
        for (String item : items) {
            switch (item) {
                case "h1" -> protocols.add(FrontendProtocol.H1);
                case "h2c" -> protocols.add(FrontendProtocol.H2C);
                case "h2" -> errors.add("protocol 'h2' not supported yet (needs TLS)");
                default -> errors.add("unknown protocol '" + item + "' (expected: h1, h2c)");
            }
        }
        if (!errors.isEmpty()) {
            throw new BadValue(errors);
        }
        return protocols;
    }

    /**
     * Accepts {@code STATUS CONTENT-TYPE TEXT...}: status 100..599, a content type with a
     * {@code /}, and the rest of the line as the body (may be empty, keeps inner blanks).
     *
     * @throws BadValue for a missing part, a status out of range, or a content type without {@code /}
     */
    static ReturnConfig returns(String value) throws BadValue {
        String[] parts = value.trim().split("\\s+", 3);
        if (parts.length < 2) {
            throw new BadValue("expected STATUS CONTENT-TYPE TEXT..., got '" + value + "'");
        }
        Integer status = Values.parseInt(parts[0]);
        if (status == null || status < 100 || status > 599) {
            throw new BadValue("status: " + parts[0] + " (expected: 100..599)");
        }
        if (parts[1].indexOf('/') <= 0) {
            throw new BadValue("content type: " + parts[1] + " (expected: TYPE/SUBTYPE, like text/plain)");
        }
        return new ReturnConfig(status, parts[1], parts.length == 3 ? parts[2] : "");
    }
}
