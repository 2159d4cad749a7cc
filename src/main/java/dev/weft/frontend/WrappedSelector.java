package dev.weft.frontend;

import java.util.Set;

import io.helidon.common.buffers.BufferData;
import io.helidon.webserver.spi.ServerConnectionSelector;

/**
 * A connection selector that claims the connections {@code selector} claims (same preface, same
 * application protocols) and makes them its own way in {@link #connection}: the base of weft's
 * wrappers around Helidon's selectors (the process-wide connection limit, HTTP/2 write batching).
 */
abstract class WrappedSelector implements ServerConnectionSelector {
    /** Helidon's selector (or another wrapper) being wrapped. */
    protected final ServerConnectionSelector selector;

    WrappedSelector(ServerConnectionSelector selector) {
        this.selector = selector;
    }

    @Override
    public final int bytesToIdentifyConnection() {
        return selector.bytesToIdentifyConnection();
    }

    @Override
    public final Support supports(BufferData data) {
        return selector.supports(data);
    }

    @Override
    public final Set<String> supportedApplicationProtocols() {
        return selector.supportedApplicationProtocols();
    }
}
