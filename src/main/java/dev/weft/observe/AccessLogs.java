package dev.weft.observe;

import dev.weft.config.GlobalConfig;
import dev.weft.stream.StreamRecord;

import java.io.FileOutputStream;
import java.io.FileDescriptor;
import java.io.IOException;
import java.util.function.Function;

/** Opens the access log that {@code global.log} and {@code global.log.format} ask for. */
public final class AccessLogs {
    private AccessLogs() {
    }

    /** Returns the log; throws IOException when the file cannot be opened for appending. */
    public static AccessLog open(GlobalConfig global) throws IOException {
        Function<StreamRecord, String> format = switch (global.logFormat()) {
            case HAPROXY -> LogFormat::haproxy;
            case JSON -> LogFormat::json;
        };
        return switch (global.log()) {
            case GlobalConfig.LogTarget.Off off -> AccessLog.off();
            case GlobalConfig.LogTarget.Stdout stdout ->
                    new StreamAccessLog(new FileOutputStream(FileDescriptor.out), false, format);
            case GlobalConfig.LogTarget.File file ->
                    new StreamAccessLog(new FileOutputStream(file.path().toFile(), true), true, format);
        };
    }
}
