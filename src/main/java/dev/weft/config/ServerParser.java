package dev.weft.config;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * Parses {@code backend.NAME.server.SNAME} values: {@code HOST:PORT [OPTION...]}, options
 * separated by blanks. Every bad option is reported, not only the first. Stateless.
 * <pre>
 * proto=h1|h2|fcgi  h1 the default; h2: HTTP/2 with prior knowledge (cleartext); fcgi: FastCGI
 * weight=N          1..256, default 1
 * maxconn=N         concurrent streams, 0 (default) = unlimited
 * backup, disabled  flags
 * no-check, slowstart=D, tls, sni=NAME, tls-verify=none   not supported yet
 * </pre>
 */
final class ServerParser {

    private static final String OPTIONS = "proto=, weight=, maxconn=, backup, disabled";
    private static final List<String> NOT_YET_FLAGS = List.of("no-check", "tls");
    private static final List<String> NOT_YET_VALUES = List.of("slowstart", "sni", "tls-verify");

    /**
     * A parsed server value; {@link #named} adds SNAME from the key.
     *
     * @param address  HOST:PORT
     * @param proto    {@link ServerConfig.Proto#H1}, {@link ServerConfig.Proto#H2} or {@link ServerConfig.Proto#FCGI}
     * @param weight   1..256
     * @param maxconn  0 = unlimited
     * @param backup   {@code backup}
     * @param disabled {@code disabled}
     */
    record ServerOptions(HostPort address, ServerConfig.Proto proto, int weight, int maxconn,
                         boolean backup, boolean disabled) {
        /** Returns the server record for server {@code name}. */
        ServerConfig named(String name) {
            return new ServerConfig(name, address, proto, weight, maxconn, backup, disabled);
        }
    }

    private ServerParser() {}

    /**
     * Parses one server value.
     *
     * @throws BadValue with one message per bad part: address, unknown or repeated option, value
     *                  out of range, option not supported yet
     */
    static ServerOptions parse(String value) throws BadValue {
        if (value.isBlank()) {
            throw new BadValue("expected HOST:PORT [OPTION...], got ''");
        }
        String[] words = value.trim().split("\\s+");
        List<String> errors = new ArrayList<>();
        HostPort address = null;
        try {
            address = Values.hostPort(words[0]);
        } catch (BadValue e) {
            errors.addAll(e.messages());
        }
        Builder b = new Builder();
        Set<String> seen = new HashSet<>();
        for (int i = 1; i < words.length; i++) {
            String option = words[i];
            int eq = option.indexOf('=');
            String name = eq < 0 ? option : option.substring(0, eq);
            if (!seen.add(name)) {
                errors.add("server option '" + name + "' given twice");
                continue;
            }
            try {
                b.apply(option, name, eq < 0 ? null : option.substring(eq + 1));
            } catch (BadValue e) {
                errors.addAll(e.messages());
            }
        }
        if (!errors.isEmpty()) {
            throw new BadValue(errors);
        }
        return new ServerOptions(address, b.proto, b.weight, b.maxconn, b.backup, b.disabled);
    }

    /** Accumulates options; confined to one {@link #parse} call. */
    private static final class Builder {
        ServerConfig.Proto proto = ServerConfig.Proto.H1;
        int weight = 1;
        int maxconn = 0;
        boolean backup;
        boolean disabled;

        void apply(String option, String name, String value) throws BadValue {
            if (NOT_YET_FLAGS.contains(name) || NOT_YET_VALUES.contains(name)) {
                throw new BadValue("server option '" + option + "' not supported yet");
            }
            switch (name) {
                case "backup" -> backup = flag(option, value);
                case "disabled" -> disabled = flag(option, value);
                case "proto" -> proto = proto(value);
                case "weight" -> weight = ranged("weight", value, 1, 256, "1..256");
                case "maxconn" -> maxconn = ranged("maxconn", value, 0, Integer.MAX_VALUE, "0 or more, 0 = unlimited");
                default -> throw new BadValue("unknown server option '" + option + "' (expected: " + OPTIONS + ")");
            }
        }

        private static boolean flag(String option, String value) throws BadValue {
            if (value != null) {
                throw new BadValue("server option '" + option + "' takes no value");
            }
            return true;
        }

        private static ServerConfig.Proto proto(String value) throws BadValue {
            return switch (value == null ? "" : value) {
                case "h1" -> ServerConfig.Proto.H1;
                case "h2" -> ServerConfig.Proto.H2;
                case "fcgi" -> ServerConfig.Proto.FCGI;
                default -> throw new BadValue("proto: " + (value == null ? "missing" : value)
                        + " (expected: h1, h2 or fcgi)");
            };
        }

        private static int ranged(String name, String value, int min, int max, String expected) throws BadValue {
            Integer n = value == null ? null : Values.parseInt(value);
            if (n == null || n < min || n > max) {
                throw new BadValue(name + ": " + (value == null ? "missing" : value) + " (expected: " + expected + ")");
            }
            return n;
        }
    }
}
