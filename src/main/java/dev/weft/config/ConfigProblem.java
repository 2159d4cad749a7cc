package dev.weft.config;

import java.nio.file.Path;

/**
 * One thing wrong with a configuration file, located by file, line and key.
 *
 * <p>{@link #toString()} is the house format every caller prints, one problem per line:
 * <pre>
 * conf/x.properties:12: key 'backend.app.retries': expected a non-negative integer, got 'three'
 * </pre>
 * Two rarer shapes exist for problems that have no key: {@code FILE:LINE: MESSAGE} (a line
 * without a key) and {@code FILE: MESSAGE} (the file as a whole, e.g. unreadable or without a
 * frontend; {@code line} is 0 then).
 *
 * @param file    the path exactly as given to {@link ConfigLoader#load(Path)}
 * @param line    1-based line where the key starts; 0 when the problem concerns the whole file
 * @param key     the key as written (escapes resolved); null when there is none
 * @param message what is wrong and, where it helps, what is expected
 */
public record ConfigProblem(Path file, int line, String key, String message) {

    @Override
    public String toString() {
        if (line <= 0) {
            return file + ": " + message;
        }
        if (key == null) {
            return file + ":" + line + ": " + message;
        }
        return file + ":" + line + ": key '" + key + "': " + message;
    }
}
