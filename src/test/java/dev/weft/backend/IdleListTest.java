package dev.weft.backend;

import org.junit.jupiter.api.Test;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;

import static org.assertj.core.api.Assertions.assertThat;

/** IdleList: each listing is taken out once, by whoever claims it, whatever order the deque's nodes go in. */
class IdleListTest {

    private static Connection connection(long id) {
        return new Connection(id, null, () -> { });
    }

    private static List<IdleList.Listing> listed(IdleList list) {
        List<IdleList.Listing> out = new ArrayList<>();
        list.forEach(out::add);
        return out;
    }

    @Test
    void connectionsAreTakenOutMostRecentFirstOrOldestFirstAndCounted() {
        IdleList list = new IdleList();
        Connection a = connection(1);
        Connection b = connection(2);
        Connection c = connection(3);
        list.add(a, 1);
        list.add(b, 2);
        list.add(c, 3);
        assertThat(list.count()).isEqualTo(3);

        assertThat(list.pollNewest()).isSameAs(c);
        assertThat(list.pollOldest()).isSameAs(a);
        assertThat(list.remove(b)).isTrue();
        assertThat(list.remove(b)).as("taken out once").isFalse();
        assertThat(list.count()).isZero();
        assertThat(list.pollOldest()).isNull();
        assertThat(listed(list)).isEmpty();
    }

    /**
     * A poller has taken the node of {@code a}'s listing out of the deque when a stream claims
     * the listing (and finds no node to remove): the poller must not take {@code a} as well, nor
     * uncount it twice, and goes on to the next listing.
     */
    @Test
    void aPollerThatLostTheClaimOfTheNodeItPolledSkipsIt() {
        Connection a = connection(1);
        Connection b = connection(2);
        IdleList[] list = new IdleList[1];
        list[0] = new IdleList(new ConcurrentLinkedDeque<>() {
            private boolean once = true;

            @Override
            public IdleList.Listing pollLast() {
                IdleList.Listing l = super.pollLast();
                if (once && l != null) {
                    once = false;
                    assertThat(list[0].remove(a)).as("the stream's claim wins").isTrue();
                }
                return l;
            }
        });
        list[0].add(a, 1);
        list[0].add(b, 2);

        assertThat(list[0].pollOldest()).isSameAs(b);
        assertThat(list[0].count()).isZero();
        assertThat(listed(list[0])).isEmpty();
    }

    /** A close claims a connection's listing before its node is in the deque: the add removes the node. */
    @Test
    void aListingClaimedWhileBeingAddedLeavesNoNode() {
        Connection a = connection(1);
        IdleList[] list = new IdleList[1];
        list[0] = new IdleList(new ConcurrentLinkedDeque<>() {
            @Override
            public void addFirst(IdleList.Listing l) {
                assertThat(list[0].remove(a)).as("a close's claim, before the node is added").isTrue();
                super.addFirst(l);
            }
        });
        list[0].add(a, 1);

        assertThat(list[0].count()).isZero();
        assertThat(listed(list[0])).as("no claimed node left behind").isEmpty();
    }

    /** A connection taken out and listed again: its old listing (held by a slow look) takes nothing out. */
    @Test
    void anOldListingOfAConnectionListedAgainTakesNothingOut() {
        IdleList list = new IdleList();
        Connection a = connection(1);
        list.add(a, 1);
        IdleList.Listing old = listed(list).getFirst();
        assertThat(list.remove(a)).isTrue();
        list.add(a, 2);

        assertThat(list.remove(old)).isFalse();
        assertThat(list.count()).isEqualTo(1);
        assertThat(listed(list)).singleElement().satisfies(l -> assertThat(l.sinceNanos()).isEqualTo(2));
    }
}
