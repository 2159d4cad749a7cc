package dev.weft.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes the hop-by-hop fields of a message before it is forwarded (RFC 9110 §7.6.1): the
 * fixed list below, and every field named in {@code Connection}. Neither Helidon nor our codec
 * does it, and a copied {@code Connection} breaks HTTP/2 (RFC 9113 §8.2.2). Runs on every head
 * in both directions, so it is one pass over the fields after one over Connection's tokens.
 */
public final class HopByHop {

    private HopByHop() {
    }

    /** Strips the hop-by-hop fields from {@code headers} in place. */
    public static void strip(HeaderList headers) {
        List<String> named = null;
        for (int i = 0; i < headers.size(); i++) {
            if (headers.name(i).equalsIgnoreCase("Connection")) {
                named = tokens(headers.value(i), named);
            }
        }
        List<String> extra = named;
        headers.removeNames(extra == null ? HopByHop::isHopByHop : name -> isHopByHop(name) || named(extra, name));
    }

    /**
     * True for the fields that are always connection-specific (RFC 9110 §7.6.1 and RFC 9113
     * §8.2.2): Connection, Keep-Alive, Proxy-Connection, TE, Transfer-Encoding, Upgrade. Not
     * Trailer: it names the trailer fields end to end. Switch on length first: most names are
     * rejected without a comparison.
     */
    static boolean isHopByHop(String name) {
        return isHopByHop(name, 0, name.length());
    }

    /** {@link #isHopByHop(String)} of {@code s.substring(from, to)}, without the substring. */
    private static boolean isHopByHop(String s, int from, int to) {
        return switch (to - from) {
            case 2 -> s.regionMatches(true, from, "TE", 0, 2);
            case 7 -> s.regionMatches(true, from, "Upgrade", 0, 7);
            case 10 -> s.regionMatches(true, from, "Connection", 0, 10) || s.regionMatches(true, from, "Keep-Alive", 0, 10);
            case 16 -> s.regionMatches(true, from, "Proxy-Connection", 0, 16);
            case 17 -> s.regionMatches(true, from, "Transfer-Encoding", 0, 17);
            default -> false;
        };
    }

    /**
     * Adds the comma-separated tokens of {@code value} to {@code into} (created when null) and
     * returns it; leaves out a token that names a field the fixed list strips anyway, so that the
     * usual {@code Connection: keep-alive} (or {@code Upgrade}) costs no list and no second test
     * per field.
     */
    private static List<String> tokens(String value, List<String> into) {
        for (int start = 0; start <= value.length(); ) {
            int end = FieldTokens.elementEnd(value, start);
            int s = FieldTokens.skipOws(value, start, end);
            int e = FieldTokens.trimOws(value, s, end);
            if (e > s && !isHopByHop(value, s, e)) {
                if (into == null) {
                    into = new ArrayList<>(2);
                }
                into.add(value.substring(s, e));
            }
            start = end + 1;
        }
        return into;
    }

    private static boolean named(List<String> tokens, String name) {
        for (int i = 0; i < tokens.size(); i++) {
            if (tokens.get(i).equalsIgnoreCase(name)) {
                return true;
            }
        }
        return false;
    }
}
