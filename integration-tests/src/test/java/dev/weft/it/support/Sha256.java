package dev.weft.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * SHA-256 in lower-case hex, for comparing bodies without keeping them. Stateless.
 */
public final class Sha256 {

    private Sha256() {
    }

    /** A fresh SHA-256 digest (every JDK has one). */
    public static MessageDigest newDigest() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JDK lacks SHA-256", e);
        }
    }

    /** Hex of the digest's final value; the digest is reset. */
    public static String hex(MessageDigest digest) {
        return HexFormat.of().formatHex(digest.digest());
    }

    /** Hex SHA-256 of {@code bytes}. */
    public static String hex(byte[] bytes) {
        return HexFormat.of().formatHex(newDigest().digest(bytes));
    }

    /**
     * Reads {@code in} to its end and returns the hex SHA-256 and the byte count; does not close it.
     * An {@link IOException} (a truncated or reset body) propagates.
     */
    public static Digested digest(InputStream in) throws IOException {
        MessageDigest digest = newDigest();
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        for (int n; (n = in.read(buffer)) != -1; ) {
            digest.update(buffer, 0, n);
            total += n;
        }
        return new Digested(hex(digest), total);
    }

    /**
     * Reads up to {@code limit} bytes of {@code in} into {@code digest} (fewer at its end); returns
     * how many. Does not close {@code in}.
     */
    public static long copy(InputStream in, MessageDigest digest, long limit) throws IOException {
        byte[] buffer = new byte[64 * 1024];
        long total = 0;
        while (total < limit) {
            int n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - total));
            if (n == -1) {
                break;
            }
            digest.update(buffer, 0, n);
            total += n;
        }
        return total;
    }

    /**
     * A body's hash and length.
     *
     * @param sha256 lower-case hex SHA-256
     * @param length bytes read
     */
    public record Digested(String sha256, long length) {}
}
