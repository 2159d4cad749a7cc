package dev.weft.config;

import java.nio.file.InvalidPathException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parsers of the scalar value types shared by many keys: integers, durations, sizes,
 * booleans, lists, keywords, names, paths and {@code host:port}. Each takes the value text
 * (escapes resolved, {@code ${NAME}} expanded, trimmed) and returns a typed value or throws
 * {@link BadValue}; none returns null. Stateless.
 */
final class Values {

    private static final Pattern DIGITS = Pattern.compile("-?[0-9]+");
    private static final Pattern DURATION = Pattern.compile("([0-9]+)(ms|s|m|h|d)?");
    private static final Pattern SIZE = Pattern.compile("([0-9]+)([kmgKMG])?");
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9_-]+");
    private static final Pattern LIST_SEPARATOR = Pattern.compile("[\\s,]+");

    private Values() {}

    /** Accepts {@code 0} and up (to {@link Integer#MAX_VALUE}). */
    static int nonNegativeInt(String value) throws BadValue {
        Integer n = parseInt(value);
        if (n == null || n < 0) {
            throw new BadValue("expected a non-negative integer, got '" + value + "'");
        }
        return n;
    }

    /** Accepts {@code 1} and up (to {@link Integer#MAX_VALUE}). */
    static int positiveInt(String value) throws BadValue {
        Integer n = parseInt(value);
        if (n == null || n <= 0) {
            throw new BadValue("expected a positive integer, got '" + value + "'");
        }
        return n;
    }

    /** Returns a decimal int (optionally negative, ASCII digits only), or null when it is none. */
    static Integer parseInt(String value) {
        if (!DIGITS.matcher(value).matches()) {
            return null;
        }
        try {
            return Integer.parseInt(value);
        } catch (NumberFormatException overflow) {
            return null;
        }
    }

    /**
     * Accepts {@code 250ms}, {@code 5s}, {@code 2m}, {@code 1h}, {@code 1d}, and a bare number
     * meaning milliseconds (as HAProxy does); zero is allowed, negatives and fractions are not.
     */
    static Duration duration(String value) throws BadValue {
        Matcher m = DURATION.matcher(value);
        if (m.matches()) {
            try {
                long n = Long.parseLong(m.group(1));
                String unit = m.group(2) == null ? "ms" : m.group(2);
                return switch (unit) {
                    case "ms" -> Duration.ofMillis(n);
                    case "s" -> Duration.ofSeconds(n);
                    case "m" -> Duration.ofMinutes(n);
                    case "h" -> Duration.ofHours(n);
                    default -> Duration.ofDays(n);
                };
            } catch (NumberFormatException | ArithmeticException tooLarge) {
                throw new BadValue("duration too large: '" + value + "'");
            }
        }
        throw new BadValue("expected a duration like 250ms, 5s, 2m or 1h, got '" + value + "'");
    }

    /** Accepts {@code 512}, {@code 16k}, {@code 1m}, {@code 1g} (binary multiples); returns bytes. */
    static long size(String value) throws BadValue {
        Matcher m = SIZE.matcher(value);
        if (!m.matches()) {
            throw new BadValue("expected a size like 512, 16k, 1m or 1g, got '" + value + "'");
        }
        int shift = m.group(2) == null ? 0 : switch (Character.toLowerCase(m.group(2).charAt(0))) {
            case 'k' -> 10;
            case 'm' -> 20;
            default -> 30;
        };
        try {
            return Math.multiplyExact(Long.parseLong(m.group(1)), 1L << shift);
        } catch (NumberFormatException | ArithmeticException tooLarge) {
            throw new BadValue("size too large: '" + value + "'");
        }
    }

    /** Like {@link #size} but refuses 0. */
    static long positiveSize(String value) throws BadValue {
        long n = size(value);
        if (n == 0) {
            throw new BadValue("expected a positive size, got '" + value + "'");
        }
        return n;
    }

    /** Accepts {@code on}/{@code true} and {@code off}/{@code false}, lower case as in HAProxy. */
    static boolean bool(String value) throws BadValue {
        return switch (value) {
            case "on", "true" -> true;
            case "off", "false" -> false;
            default -> throw new BadValue("expected on or off (or true/false), got '" + value + "'");
        };
    }

    /** Splits a space- and/or comma-separated list; returns the non-empty items (maybe none). */
    static List<String> list(String value) {
        return Arrays.stream(LIST_SEPARATOR.split(value)).filter(s -> !s.isEmpty()).toList();
    }

    /**
     * Accepts one constant of {@code type} written in lower case with {@code -} for {@code _}
     * ({@code HttpReuse.AGGRESSIVE} is {@code aggressive}).
     */
    static <E extends Enum<E>> E keyword(String value, Class<E> type) throws BadValue {
        for (E e : type.getEnumConstants()) {
            if (word(e).equals(value)) {
                return e;
            }
        }
        List<String> words = new ArrayList<>();
        for (E e : type.getEnumConstants()) {
            words.add(word(e));
        }
        throw new BadValue("expected one of " + String.join(", ", words) + ", got '" + value + "'");
    }

    /** The config word of an enum constant: lower case, {@code _} as {@code -}. */
    static String word(Enum<?> e) {
        return e.name().toLowerCase(Locale.ROOT).replace('_', '-');
    }

    /** True for a frontend, backend or server name: letters, digits, {@code -} and {@code _}. */
    static boolean isName(String value) {
        return NAME.matcher(value).matches();
    }

    /** Accepts a backend name as used in {@code default-backend} and routes. */
    static String backendName(String value) throws BadValue {
        if (!isName(value)) {
            throw new BadValue("expected a backend name (letters, digits, '-' or '_'), got '" + value + "'");
        }
        return value;
    }

    /** Accepts any non-empty file path the platform can represent; kept as written (relative stays relative). */
    static Path path(String value) throws BadValue {
        if (value.isEmpty()) {
            throw new BadValue("expected a file path, got ''");
        }
        try {
            return Path.of(value);
        } catch (InvalidPathException e) {
            throw new BadValue("not a valid file path: '" + value + "' (" + e.getReason() + ")");
        }
    }

    /**
     * Accepts {@code host:port} or {@code [ipv6]:port}; the port must be 1..65535.
     *
     * @throws BadValue for a missing or bad port, an empty host, or an IPv6 literal without brackets
     */
    static HostPort hostPort(String value) throws BadValue {
        String host;
        String port;
        if (value.startsWith("[")) {
            int close = value.indexOf("]:");
            if (close < 0) {
                throw new BadValue("expected [IPV6]:PORT, got '" + value + "'");
            }
            host = value.substring(1, close);
            port = value.substring(close + 2);
        } else {
            int colon = value.lastIndexOf(':');
            if (colon < 0) {
                throw new BadValue("expected HOST:PORT, got '" + value + "'");
            }
            host = value.substring(0, colon);
            port = value.substring(colon + 1);
            if (host.indexOf(':') >= 0) {
                throw new BadValue("IPv6 addresses need brackets, like [::1]:80, got '" + value + "'");
            }
        }
        if (host.isEmpty()) {
            throw new BadValue("expected HOST:PORT, got '" + value + "' (empty host)");
        }
        Integer p = parseInt(port);
        if (p == null || p < 1 || p > 65535) {
            throw new BadValue("port: " + (port.isEmpty() ? "''" : port) + " (expected: 1..65535) in '" + value + "'");
        }
        return new HostPort(host, p);
    }
}
