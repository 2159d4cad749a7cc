package dev.weft.mux.fcgi;

import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What weft keeps per FastCGI server across its connections: whether the {@code FCGI_GET_VALUES}
 * probe ({@link FcgiProbe}) was made. It is made once per server and process, by whichever stream
 * opens the first connection; its outcome lowers the server's slots ({@code FCGI_MAX_CONNS}) and
 * is logged. Thread-safe: shared by every stream of the server; owned by the
 * {@link dev.weft.backend.Connector}.
 */
public final class FcgiServerInfo {
    private final AtomicBoolean probeClaimed = new AtomicBoolean();

    /** True once, for the caller that must make the probe; false for every later caller. */
    boolean claimProbe() {
        return probeClaimed.compareAndSet(false, true);
    }
}
