package dev.weft.config;

import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/**
 * The whole configuration, as typed records: the only thing the rest of weft sees of the
 * {@code .properties} file. Built once by {@link ConfigLoader}; immutable.
 *
 * @param file      the file it was read from (for messages)
 * @param global    the {@code global.*} keys
 * @param frontends frontends in file order (order of their first key)
 * @param backends  backends in file order (order of their first key)
 */
public record WeftConfig(Path file, GlobalConfig global, List<FrontendConfig> frontends,
                         List<BackendConfig> backends) {

    public WeftConfig {
        frontends = List.copyOf(frontends);
        backends = List.copyOf(backends);
    }

    /** Returns the backend called {@code name}, if any. */
    public Optional<BackendConfig> backend(String name) {
        return backends.stream().filter(b -> b.name().equals(name)).findFirst();
    }
}
