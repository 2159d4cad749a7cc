package dev.weft.it.support;

import java.io.InputStream;
import java.security.MessageDigest;

/**
 * A reproducible, non-periodic byte sequence: the byte at position {@code p} is a pure function
 * of {@code p} (SplitMix64 of {@code p / 8}), so a body that was reordered, duplicated or cut
 * anywhere has a different SHA-256. Origins send it, clients upload it, both sides hash it.
 * Stateless; safe from any thread.
 */
public final class DeterministicBytes {

    private static final int BLOCK = 64 * 1024;

    private DeterministicBytes() {
    }

    /** The byte at absolute position {@code position} (0-based) of the sequence. */
    public static byte at(long position) {
        long word = mix(position >>> 3);
        return (byte) (word >>> ((position & 7) << 3));
    }

    /** Fills {@code buffer[offset, offset+length)} with the sequence starting at {@code position}. */
    public static void fill(long position, byte[] buffer, int offset, int length) {
        for (int i = 0; i < length; i++) {
            buffer[offset + i] = at(position + i);
        }
    }

    /** The first {@code length} bytes of the sequence. */
    public static byte[] array(int length) {
        byte[] bytes = new byte[length];
        fill(0, bytes, 0, length);
        return bytes;
    }

    /** An input stream of the first {@code length} bytes, generated on the fly (constant memory). */
    public static InputStream stream(long length) {
        return new InputStream() {
            private long position;

            @Override
            public int read() {
                return position < length ? at(position++) & 0xff : -1;
            }

            @Override
            public int read(byte[] buffer, int offset, int count) {
                if (position >= length) {
                    return -1;
                }
                int n = (int) Math.min(count, length - position);
                fill(position, buffer, offset, n);
                position += n;
                return n;
            }
        };
    }

    /** The lower-case hex SHA-256 of the first {@code length} bytes of the sequence. */
    public static String sha256(long length) {
        return sha256(0, length);
    }

    /** The lower-case hex SHA-256 of {@code length} bytes of the sequence from position {@code from}. */
    public static String sha256(long from, long length) {
        MessageDigest digest = Sha256.newDigest();
        byte[] block = new byte[BLOCK];
        for (long done = 0; done < length; ) {
            int n = (int) Math.min(BLOCK, length - done);
            fill(from + done, block, 0, n);
            digest.update(block, 0, n);
            done += n;
        }
        return Sha256.hex(digest);
    }

    private static long mix(long index) {
        long z = index + 0x9E3779B97F4A7C15L;
        z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
        z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
        return z ^ (z >>> 31);
    }
}
