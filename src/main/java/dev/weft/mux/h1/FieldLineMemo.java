package dev.weft.mux.h1;

import java.util.Arrays;

/**
 * The field lines of the previous section, by position, with the name and value each was parsed
 * into; owned by one {@link FieldSectionReader} and confined to its thread. An origin sends
 * nearly the same head every time (Server, Content-Type, Connection, ETag...: only Date and
 * Content-Length tend to change), so a line that repeats, byte for byte, the line at the same
 * position of the section before is not validated or copied into new strings again: it parses to
 * the same name and value, which were valid then. The match is one comparison of the raw bytes
 * (vectorised by {@link Arrays#equals(byte[], int, int, byte[], int, int)}); a mismatch costs that
 * comparison and the copy of the new line in place of the old.
 *
 * <p>Bounded: the first {@value #MAX_LINES} field lines of a section, each up to
 * {@value #MAX_LINE_BYTES} bytes, are remembered (about 2 KiB at most per reader, a few hundred
 * bytes for a typical head); longer lines and later ones are parsed every time.
 */
final class FieldLineMemo {
    static final int MAX_LINES = 16;
    static final int MAX_LINE_BYTES = 128;

    private final byte[][] lines = new byte[MAX_LINES][];
    private final int[] lengths = new int[MAX_LINES];
    private final String[] names = new String[MAX_LINES];
    private final String[] values = new String[MAX_LINES];
    /** Position of the section's next field line. */
    private int next;

    /** Starts a section: its first field line is compared with the previous section's first. */
    void startSection() {
        next = 0;
    }

    /**
     * Takes the position of the section's next field line. Returns it, or -1 past the positions
     * remembered; pass it to {@link #repeats} and then either {@link #name}/{@link #value} or
     * {@link #remember}.
     */
    int nextPosition() {
        return next < MAX_LINES ? next++ : -1;
    }

    /**
     * True when the line {@code a[from..to)} (terminator excluded) is, byte for byte, the one
     * remembered at {@code position}; its name and value are then {@link #name} and
     * {@link #value}. False for position -1.
     */
    boolean repeats(int position, byte[] a, int from, int to) {
        if (position < 0) {
            return false;
        }
        byte[] line = lines[position];
        return line != null && Arrays.equals(line, 0, lengths[position], a, from, to);
    }

    String name(int position) {
        return names[position];
    }

    String value(int position) {
        return values[position];
    }

    /**
     * Remembers that the valid field line {@code a[from..to)} parsed into {@code name} and
     * {@code value}, at {@code position} (ignored when -1). A line too long to remember leaves
     * the position's older line, which still parses to its own name and value if it comes again.
     */
    void remember(int position, byte[] a, int from, int to, String name, String value) {
        int n = to - from;
        if (position < 0 || n > MAX_LINE_BYTES) {
            return;
        }
        byte[] line = lines[position];
        if (line == null || line.length < n) {
            line = new byte[n];
            lines[position] = line;
        }
        System.arraycopy(a, from, line, 0, n);
        lengths[position] = n;
        names[position] = name;
        values[position] = value;
    }
}
