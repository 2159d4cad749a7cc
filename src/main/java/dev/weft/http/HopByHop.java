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
        return switch (name.length()) {
            case 2 -> name.equalsIgnoreCase("TE");
            case 7 -> name.equalsIgnoreCase("Upgrade");
            case 10 -> name.equalsIgnoreCase("Connection") || name.equalsIgnoreCase("Keep-Alive");
            case 16 -> name.equalsIgnoreCase("Proxy-Connection");
            case 17 -> name.equalsIgnoreCase("Transfer-Encoding");
            default -> false;
        };
    }

    /** Adds the comma-separated tokens of {@code value} to {@code into} (created when null); returns it. */
    private static List<String> tokens(String value, List<String> into) {
        for (int start = 0; start <= value.length(); ) {
            int end = FieldTokens.elementEnd(value, start);
            int s = FieldTokens.skipOws(value, start, end);
            int e = FieldTokens.trimOws(value, s, end);
            if (e > s) {
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
