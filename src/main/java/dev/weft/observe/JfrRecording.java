package dev.weft.observe;

import dev.weft.config.GlobalConfig;

import java.io.IOException;
import java.text.ParseException;

import jdk.jfr.Configuration;
import jdk.jfr.Recording;

/**
 * The recording {@code global.jfr = on} starts at boot: the JDK's default profile plus every
 * weft event, kept for {@code global.jfr.max-age}, written to {@code global.jfr.file} when
 * weft stops.
 */
public final class JfrRecording implements AutoCloseable {
    private static final String[] EVENTS = {"weft.Stream", "weft.ConnectAttempt", "weft.ConnStreamReset", "weft.Retry"};

    private final Recording recording;

    private JfrRecording(Recording recording) {
        this.recording = recording;
    }

    /** Starts the recording; throws when the JDK's default settings cannot be read or the file set. */
    public static JfrRecording start(GlobalConfig global) throws IOException, ParseException {
        Recording r = new Recording(Configuration.getConfiguration("default"));
        for (String e : EVENTS) {
            r.enable(e).withoutThreshold();
        }
        r.enable("jdk.VirtualThreadPinned").withoutThreshold();
        r.setName("weft");
        r.setMaxAge(global.jfrMaxAge());
        r.setToDisk(true);
        r.setDestination(global.jfrFile());
        r.setDumpOnExit(true);
        r.start();
        return new JfrRecording(r);
    }

    /** Stops the recording, which writes it to its file. */
    @Override
    public void close() {
        recording.stop();
        recording.close();
    }
}
