package dev.weft.it.h2;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.http.HttpClient;
import java.net.http.HttpResponse;
import java.net.http.HttpResponse.BodyHandlers;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

import dev.weft.it.support.Http11;
import dev.weft.it.support.JettyOrigin;
import dev.weft.it.support.WeftDiagnostics;
import dev.weft.it.support.WeftProcess;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The server sends GOAWAY on its connections every 250 ms while 8 clients keep requesting:
 * streams in flight finish, streams the server did not take (above its last-stream-id) are
 * retried as certainly not processed, new streams go to new connections; no client sees an error.
 */
@ExtendWith(WeftDiagnostics.class)
class H2GoAwayIT {

    private static final int CLIENTS = 8;
    private static final int REQUESTS_PER_CLIENT = 100;

    @Test
    void goAwayDuringLoadFailsNoRequest() throws Exception {
        try (JettyOrigin origin = JettyOrigin.startH2c(100);
             WeftProcess weft = WeftProcess.config(H2BackendIT.CONFIG).set("ORIGIN_PORT", origin.port()).start()) {
            try (HttpClient warmUp = Http11.client()) {
                assertThat(warmUp.send(Http11.request(weft.uri("/slow?ms=1")).build(), BodyHandlers.ofString())
                        .statusCode()).as(weft::diagnostics).isEqualTo(200);
            }
            AtomicBoolean loading = new AtomicBoolean(true);
            AtomicInteger goAways = new AtomicInteger();
            CompletableFuture<Void> goAwayLoop = CompletableFuture.runAsync(() -> {
                while (loading.get()) {
                    goAways.addAndGet(origin.goAwayAll());
                    // Often enough to hit streams in flight; a connection that lives less than a
                    // request would fail every retry, which no real server does.
                    pause(250);
                }
            });

            List<Integer> statuses;
            try {
                statuses = H2BackendIT.runConcurrently(CLIENTS, client -> {
                    List<Integer> mine = new ArrayList<>();
                    try (HttpClient http = Http11.client()) {
                        for (int i = 0; i < REQUESTS_PER_CLIENT; i++) {
                            HttpResponse<String> r = http.send(Http11.request(weft.uri("/slow?ms=5&c=" + client + "&i=" + i))
                                    .build(), BodyHandlers.ofString());
                            mine.add(r.statusCode());
                        }
                    }
                    return mine;
                });
            } finally {
                loading.set(false);
                goAwayLoop.join();
            }

            assertThat(statuses).as(() -> "failed streams: " + weft.accessLog().stream()
                            .filter(l -> l.status() != 200).toList() + weft.diagnostics())
                    .hasSize(CLIENTS * REQUESTS_PER_CLIENT).containsOnly(200);
            assertThat(goAways.get()).as("GOAWAY frames the server sent during the load").isGreaterThan(2);
            assertThat(origin.acceptedConnections()).as("connections weft had to open again after GOAWAY").isGreaterThan(2);
        }
    }

    private static void pause(long ms) {
        try {
            Thread.sleep(ms);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
