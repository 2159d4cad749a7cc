package dev.weft.http;

import java.util.ArrayList;
import java.util.List;

/**
 * Removes the hop-by-hop fields of a message before it is forwarded (RFC 9110 §7.6.1): the
 * fixed list below, and every field named in {@code Connection}. Neither Helidon nor our codec
 * does it, and a copied {@code Connection} breaks HTTP/2 (RFC 9113 §8.2.2).
 */
public final class HopByHop {
    /** Always connection-specific; never forwarded. */
    private static final String[] FIELDS = {
        "Connection", "Keep-Alive", "Proxy-Connection", "TE", "Trailer", "Transfer-Encoding", "Upgrade",
    };

    private HopByHop() {
    }

    /** Strips the hop-by-hop fields from {@code headers} in place. */
    public static void strip(HeaderList headers) {
        List<String> named = null;
        for (int i = 0; i < headers.size(); i++) {
            if (headers.name(i).equalsIgnoreCase("Connection")) {
                for (String token : headers.value(i).split(",")) {
                    String t = token.trim();
                    if (!t.isEmpty()) {
                        if (named == null) {
                            named = new ArrayList<>(2);
                        }
                        named.add(t);
                    }
                }
            }
        }
        if (named != null) {
            for (String n : named) {
                headers.remove(n);
            }
        }
        for (String f : FIELDS) {
            headers.remove(f);
        }
    }
}
