package dev.weft.mux.fcgi;

import java.util.OptionalInt;
import java.util.concurrent.atomic.AtomicBoolean;

/**
 * What weft learnt about one FastCGI server from {@code FCGI_GET_VALUES} on its first connection
 * (FastCGI specification 1.0, §4.1): {@code FCGI_MAX_CONNS}, {@code FCGI_MAX_REQS},
 * {@code FCGI_MPXS_CONNS}. A server may leave any of them out; php-fpm 8.2 answers only
 * {@code FCGI_MPXS_CONNS=0} (see {@link FcgiProbe}). The probe is made once per server and
 * process, by whichever stream opens the first connection. Thread-safe: shared by every stream of
 * the server; owned by the {@link dev.weft.backend.Connector}.
 */
public final class FcgiServerInfo {
    private final AtomicBoolean probeClaimed = new AtomicBoolean();
    private volatile boolean probed;
    private volatile int maxConns;
    private volatile boolean multiplexes;

    /** True once, for the caller that must make the probe; false for every later caller. */
    boolean claimProbe() {
        return probeClaimed.compareAndSet(false, true);
    }

    /** Records the probe's outcome; {@code maxConns} 0 when the server did not say. */
    void learnt(int maxConns, boolean multiplexes) {
        this.maxConns = maxConns;
        this.multiplexes = multiplexes;
        this.probed = true;
    }

    /** True once a probe has finished (answered or given up). */
    public boolean probed() {
        return probed;
    }

    /** {@code FCGI_MAX_CONNS} as the server gave it, if it did. */
    public OptionalInt maxConns() {
        return maxConns > 0 ? OptionalInt.of(maxConns) : OptionalInt.empty();
    }

    /**
     * {@code FCGI_MPXS_CONNS=1}. Recorded only: weft sends one request per connection at a time
     * whatever the server says, which every FastCGI server accepts.
     */
    public boolean multiplexes() {
        return multiplexes;
    }
}
