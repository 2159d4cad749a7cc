package dev.weft.http;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeaderListTest {

    private static List<String> lines(HeaderList h) {
        List<String> out = new ArrayList<>();
        h.forEach((n, v) -> out.add(n + ": " + v));
        return out;
    }

    @Test
    void keepsOrderAndDuplicatesPastItsFirstCapacity() {
        HeaderList h = new HeaderList();
        List<String> expected = new ArrayList<>();
        for (int i = 0; i < 40; i++) {
            h.add(i % 3 == 0 ? "Dup" : "F" + i, "v" + i);
            expected.add((i % 3 == 0 ? "Dup" : "F" + i) + ": v" + i);
        }

        assertThat(h.size()).isEqualTo(40);
        assertThat(lines(h)).containsExactlyElementsOf(expected);
        assertThat(h.name(39)).isEqualTo("Dup");
        assertThat(h.value(38)).isEqualTo("v38");
        assertThat(h.all("dup")).hasSize(14).startsWith("v0", "v3").endsWith("v39");
        assertThat(h.first("DUP")).isEqualTo("v0");
    }

    @Test
    void refusesAnIndexPastItsSizeEvenWhereItsArrayHasRoom() {
        HeaderList h = new HeaderList().add("A", "1");

        assertThatThrownBy(() -> h.name(1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> h.value(-1)).isInstanceOf(IndexOutOfBoundsException.class);
        assertThatThrownBy(() -> new HeaderList().name(0)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void removesEveryFieldOfANameAnyCaseAndKeepsTheRestInOrder() {
        HeaderList h = new HeaderList().add("Connection", "close").add("A", "1").add("connection", "x")
                .add("B", "2").add("CONNECTION", "y");

        assertThat(h.remove("Connection")).isEqualTo(3);
        assertThat(lines(h)).containsExactly("A: 1", "B: 2");
        assertThat(h.remove("Connection")).isZero();
        h.add("C", "3");
        assertThat(lines(h)).containsExactly("A: 1", "B: 2", "C: 3");
        assertThat(h.first("Connection")).isNull();
        assertThatThrownBy(() -> h.name(3)).isInstanceOf(IndexOutOfBoundsException.class);
    }

    @Test
    void removesNamesInOnePassAndSetsAName() {
        HeaderList h = new HeaderList().add("Keep-Alive", "5").add("X", "1").add("TE", "t").add("Y", "2");

        assertThat(h.removeNames(n -> n.length() == 2 || n.startsWith("Keep"))).isEqualTo(2);
        assertThat(lines(h)).containsExactly("X: 1", "Y: 2");
        h.set("x", "9");
        assertThat(lines(h)).containsExactly("Y: 2", "x: 9");
        assertThat(new HeaderList().removeNames(n -> true)).isZero();
    }

    @Test
    void aCopyIsIndependentBothWays() {
        HeaderList h = new HeaderList().add("A", "1");
        HeaderList c = h.copy();
        c.add("B", "2");
        h.set("A", "changed");

        assertThat(lines(h)).containsExactly("A: changed");
        assertThat(lines(c)).containsExactly("A: 1", "B: 2");
        assertThat(new HeaderList().copy().add("Z", "z").size()).isEqualTo(1);
    }

    @Test
    void findsTokensInAnyValueOfTheName() {
        HeaderList h = new HeaderList().add("Connection", "keep-alive").add("connection", "Upgrade, close");

        assertThat(h.hasToken("Connection", "close")).isTrue();
        assertThat(h.hasToken("Connection", "upgrade")).isTrue();
        assertThat(h.hasToken("Connection", "clo")).isFalse();
        assertThat(h.contains("CONNECTION")).isTrue();
    }
}
