package dev.weft.frontend;

import io.helidon.common.mapper.MappersFactory__ServiceDescriptor;
import io.helidon.service.registry.GlobalServiceRegistry;
import io.helidon.service.registry.ServiceRegistry;
import io.helidon.service.registry.ServiceRegistryConfig;
import io.helidon.service.registry.ServiceRegistryManager;

/**
 * Helidon's process-wide service registry, made without service discovery.
 *
 * <p>Why: Helidon builds its global registry on first use, and its own static initializers use it
 * (an empty {@code Parameters} builds a {@code Mappers}, which looks up every mapper provider), so
 * the first listener built paid for discovering and instantiating every service descriptor on the
 * class path: about 100 ms of CPU at start-up, 40 ms of it on the main thread (BENCHMARKS.md,
 * "What changed in session 24"). weft configures its protocols and content encodings with
 * discovery off ({@link FrontendListener}) and uses no Helidon feature, config source or mapper
 * provider that only the registry's discovery would find. (Helidon still finds its HTTP/1
 * upgrade providers and media supports with {@link java.util.ServiceLoader}, not through the
 * registry: this does not change them.)
 *
 * <p>The registry service Helidon's HTTP code reads (a scan of its webserver and HTTP jars found
 * no other) is its global mapper manager, which converts header and query values
 * ({@code Header.asInt()}, {@code UriQuery.first(...)}): it is registered by name, and has
 * Helidon's built-in mappers only. A Helidon API that looks up another registry service throws
 * {@code ServiceRegistryException} here: register that service too.
 */
public final class HelidonRegistry {
    private HelidonRegistry() {
    }

    /**
     * Returns a registry that reads no service descriptors and no {@link java.util.ServiceLoader}
     * providers from the class path, and holds Helidon's mapper manager (built-in mappers).
     */
    public static ServiceRegistry withoutDiscovery() {
        return ServiceRegistryManager.create(ServiceRegistryConfig.builder()
                        .discoverServices(false)
                        .discoverServicesFromServiceLoader(false)
                        .addServiceDescriptor(MappersFactory__ServiceDescriptor.INSTANCE)
                        .build())
                .registry();
    }

    /**
     * Makes {@link #withoutDiscovery()} Helidon's global registry (replacing any) and returns it.
     * Call it once, at start-up, before any Helidon object is built: what Helidon's static
     * initializers built before keeps the registry they found.
     */
    public static ServiceRegistry install() {
        return GlobalServiceRegistry.registry(withoutDiscovery());
    }
}
