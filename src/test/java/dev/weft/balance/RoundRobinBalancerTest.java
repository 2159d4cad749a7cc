package dev.weft.balance;

import dev.weft.backend.ConnectionPool;
import dev.weft.backend.Server;
import dev.weft.config.BackendConfig.HttpReuse;
import dev.weft.config.HostPort;
import dev.weft.config.ServerConfig;
import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

import static org.assertj.core.api.Assertions.assertThat;

class RoundRobinBalancerTest {

    static Server server(String name, int weight, boolean backup, boolean disabled) {
        return new Server("app", new ServerConfig(name, new HostPort("127.0.0.1", 1), ServerConfig.Proto.H1,
                weight, 0, backup, disabled), new ConnectionPool(HttpReuse.SAFE, 8));
    }

    private static List<String> picks(Balancer b, int n) {
        List<String> out = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            Server s = b.pick(Set.of());
            out.add(s == null ? null : s.name());
        }
        return out;
    }

    @Test
    void interleavesWeightsSmoothly() {
        Balancer b = new RoundRobinBalancer(List.of(server("a", 5, false, false), server("b", 1, false, false),
                server("c", 1, false, false)));
        assertThat(picks(b, 7)).containsExactly("a", "a", "b", "a", "c", "a", "a");
    }

    @Test
    void distributesInProportionToWeight() {
        Balancer b = new RoundRobinBalancer(List.of(server("a", 3, false, false), server("b", 1, false, false)));
        Map<String, Integer> count = new HashMap<>();
        for (String s : picks(b, 4000)) {
            count.merge(s, 1, Integer::sum);
        }
        assertThat(count).containsEntry("a", 3000).containsEntry("b", 1000);
    }

    @Test
    void equalWeightsAlternate() {
        Balancer b = new RoundRobinBalancer(List.of(server("a", 1, false, false), server("b", 1, false, false)));
        assertThat(picks(b, 4)).containsExactly("a", "b", "a", "b");
    }

    @Test
    void skipsDisabledServersAndUsesBackupsOnlyWhenNoActiveIsLeft() {
        Balancer b = new RoundRobinBalancer(List.of(server("a", 1, false, true), server("spare", 1, true, false)));
        assertThat(picks(b, 2)).containsExactly("spare", "spare");
        Balancer withActive = new RoundRobinBalancer(List.of(server("a", 1, false, false), server("spare", 1, true, false)));
        assertThat(picks(withActive, 3)).containsOnly("a");
    }

    @Test
    void avoidsTheServersItIsAskedToAvoid() {
        Server a = server("a", 1, false, false);
        Server b = server("b", 1, false, false);
        Balancer rr = new RoundRobinBalancer(List.of(a, b));
        for (int i = 0; i < 5; i++) {
            assertThat(rr.pick(Set.of(a))).isSameAs(b);
        }
    }

    @Test
    void prefersAnAvoidedActiveServerToABackup() {
        Server a = server("a", 1, false, false);
        Server spare = server("spare", 1, true, false);
        assertThat(new RoundRobinBalancer(List.of(a, spare)).pick(Set.of(a))).isSameAs(a);
    }

    @Test
    void fallsBackToAnAvoidedServerWhenItIsTheOnlyOne() {
        Server a = server("a", 1, false, false);
        assertThat(new RoundRobinBalancer(List.of(a)).pick(Set.of(a))).isSameAs(a);
    }

    @Test
    void returnsNullWhenNoServerIsUsable() {
        assertThat(new RoundRobinBalancer(List.of(server("a", 1, false, true))).pick(Set.of())).isNull();
    }

    @Test
    void leastConnPrefersTheServerWithFewerStreams() {
        Server a = server("a", 1, false, false);
        Server b = server("b", 1, false, false);
        a.tryAcquireSlot();
        a.tryAcquireSlot();
        b.tryAcquireSlot();
        assertThat(new LeastConnBalancer(List.of(a, b)).pick(Set.of())).isSameAs(b);
    }
}
