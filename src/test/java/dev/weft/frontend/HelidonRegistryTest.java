package dev.weft.frontend;

import static org.assertj.core.api.Assertions.assertThat;

import io.helidon.common.mapper.Mappers;
import io.helidon.common.uri.UriQuery;
import io.helidon.http.HeaderValues;
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
        ServiceRegistryManager helidons = ServiceRegistryManager.create();
        try {
            assertThat(helidons.registry().all(MapperProvider.class)).isNotEmpty();
        } finally {
            helidons.shutdown();
        }
        assertThat(HelidonRegistry.withoutDiscovery().all(MapperProvider.class)).isEmpty();
    }

    @Test
    void installMakesItTheGlobalRegistryAndHelidonsBuiltInsStillWork() {
        ServiceRegistry before = GlobalServiceRegistry.registry();
        try {
            ServiceRegistry installed = HelidonRegistry.install();
            assertThat(GlobalServiceRegistry.registry()).isSameAs(installed);
            assertThat(installed.all(MapperProvider.class)).isEmpty();
            // Helidon's built-in mappers do not depend on discovery (Mappers.create() reads the
            // global registry), and header and query values, which convert through the global
            // mapper manager (a registry service), still convert.
            assertThat(Mappers.create().map("123", String.class, Long.class, "")).isEqualTo(123L);
            assertThat(HeaderValues.create("X-Count", "7").asInt().get()).isEqualTo(7);
            assertThat(UriQuery.create("n=42").first("n").asInt().get()).isEqualTo(42);
        } finally {
            GlobalServiceRegistry.registry(before); // leave the other tests Helidon's default
        }
    }
}
