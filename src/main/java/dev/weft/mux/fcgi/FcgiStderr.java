package dev.weft.mux.fcgi;

import java.io.ByteArrayOutputStream;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;

/**
 * Logs what an application writes to FCGI_STDERR (PHP warnings, error_log()), one log line per
 * line of output, each tagged with the server and the ConnStream id so an operator can match it
 * with the access log. Lines longer than {@link #MAX_LINE} are logged in pieces. Logging only: a
 * response with stderr output keeps its status. Confined to one stream's thread.
 */
final class FcgiStderr {
    static final int MAX_LINE = 4096;
    private static final System.Logger LOG = System.getLogger("dev.weft.mux.fcgi.stderr");

    private final String tag;
    private final ByteArrayOutputStream line = new ByteArrayOutputStream(128);
    private int lines;

    /** @param tag e.g. {@code php/fpm1 cs#12} */
    FcgiStderr(String tag) {
        this.tag = tag;
    }

    /** Takes STDERR content bytes (all of {@code bytes}). */
    void write(ByteBuffer bytes) {
        while (bytes.hasRemaining()) {
            byte b = bytes.get();
            if (b == '\n') {
                flush();
            } else {
                line.write(b);
                if (line.size() >= MAX_LINE) {
                    flush();
                }
            }
        }
    }

    /** Logs a pending partial line (at END_REQUEST or when the stream fails). */
    void flush() {
        if (line.size() == 0) {
            return;
        }
        String text = line.toString(StandardCharsets.UTF_8);
        line.reset();
        if (text.endsWith("\r")) {
            text = text.substring(0, text.length() - 1);
        }
        lines++;
        LOG.log(System.Logger.Level.WARNING, "fcgi " + tag + " stderr: " + text);
    }

    /** Lines logged so far (for tests). */
    int lines() {
        return lines;
    }
}
