package dev.weft.frontend;

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
 * class path: about 100 ms of the 1 s that {@code java -jar} may take to the first proxied
 * response (BENCHMARKS.md, "Idle connections and start-up"). weft names everything it uses from
 * Helidon: its protocols and content encodings are configured with discovery off
 * ({@link FrontendListener}), and it uses no Helidon feature, config source, media support or
 * mapper that only discovery would find.
 */
public final class HelidonRegistry {
    private HelidonRegistry() {
    }

    /**
     * Returns a registry that holds only Helidon's built-in services: it reads no service
     * descriptors and no {@link java.util.ServiceLoader} providers from the class path.
     */
    public static ServiceRegistry withoutDiscovery() {
        return ServiceRegistryManager.create(ServiceRegistryConfig.builder()
                        .discoverServices(false)
                        .discoverServicesFromServiceLoader(false)
                        .build())
                .registry();
    }

    /**
     * Makes {@link #withoutDiscovery()} Helidon's global registry. Call it once, at start-up,
     * before any Helidon object is built (after that, Helidon may have made its own). Returns the
     * registry installed.
     */
    public static ServiceRegistry install() {
        return GlobalServiceRegistry.registry(withoutDiscovery());
    }
}
