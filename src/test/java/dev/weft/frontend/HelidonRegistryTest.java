package dev.weft.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.mapper.Mappers;
import io.helidon.common.mapper.spi.MapperProvider;
import io.helidon.service.registry.GlobalServiceRegistry;
import io.helidon.service.registry.ServiceRegistry;
import io.helidon.service.registry.ServiceRegistryManager;

import org.junit.jupiter.api.Test;

/** The registry weft gives Helidon: nothing discovered, installed as the global one, enough for Helidon's own use. */
class HelidonRegistryTest {
    @Test
    void discoversNoServiceThatHelidonsDefaultRegistryDiscovers() {
        // The default registry finds Helidon's mapper providers on the class path (the
        // descriptors whose instantiation made start-up slow); weft's finds none of them.
        assertThat(ServiceRegistryManager.create().registry().all(MapperProvider.class)).isNotEmpty();
        assertThat(HelidonRegistry.withoutDiscovery().all(MapperProvider.class)).isEmpty();
    }

    @Test
    void installMakesItTheGlobalRegistryAndHelidonsBuiltInsStillWork() {
        ServiceRegistry before = GlobalServiceRegistry.registry();
        try {
            ServiceRegistry installed = HelidonRegistry.install();
            assertThat(GlobalServiceRegistry.registry()).isSameAs(installed);
            assertThat(installed.all(MapperProvider.class)).isEmpty();
            // Helidon's built-in mappers do not depend on discovery: header and parameter values
            // still convert (Mappers.create() reads the global registry).
            assertThat(Mappers.create().map("123", String.class, Long.class, "")).isEqualTo(123L);
        } finally {
            GlobalServiceRegistry.registry(before); // leave the other tests Helidon's default
        }
    }
}
