package dev.weft.config;

import dev.weft.config.Condition.And;
import dev.weft.config.Condition.Header;
import dev.weft.config.Condition.Host;
import dev.weft.config.Condition.Method;
import dev.weft.config.Condition.Not;
import dev.weft.config.Condition.PathEquals;
import dev.weft.config.Condition.PathPrefix;
import dev.weft.config.Condition.PathRegex;
import dev.weft.config.ConditionParser.RouteTarget;
import org.junit.jupiter.api.Test;

import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class ConditionParserTest {

    @Test
    void parsesEachAtom() throws BadValue {
        assertThat(ConditionParser.condition("path-prefix /api/")).isEqualTo(new PathPrefix("/api/"));
        assertThat(ConditionParser.condition("path /health")).isEqualTo(new PathEquals("/health"));
        assertThat(ConditionParser.condition("host example.com")).isEqualTo(new Host("example.com"));
        assertThat(ConditionParser.condition("header X-Env staging")).isEqualTo(new Header("X-Env", "staging"));
        assertThat(ConditionParser.condition("method POST")).isEqualTo(new Method("POST"));
    }

    @Test
    void compilesPathRegex() throws BadValue {
        Condition c = ConditionParser.condition("path-regex ^/v[0-9]+/.*$");
        assertThat(c).isInstanceOf(PathRegex.class);
        assertThat(((PathRegex) c).regex().matcher("/v2/users").find()).isTrue();
        assertThat(((PathRegex) c).regex().pattern()).isEqualTo("^/v[0-9]+/.*$");
    }

    @Test
    void joinsTermsWithAndAndNegatesWithNot() throws BadValue {
        assertThat(ConditionParser.condition("path-prefix /api and not method GET and header X-Env staging"))
                .isEqualTo(new And(List.of(new PathPrefix("/api"), new Not(new Method("GET")), new Header("X-Env", "staging"))));
        assertThat(ConditionParser.condition("not not host a")).isEqualTo(new Not(new Not(new Host("a"))));
    }

    @Test
    void anArgumentMayBeAKeywordWord() throws BadValue {
        assertThat(ConditionParser.condition("header and not")).isEqualTo(new Header("and", "not"));
    }

    @Test
    void parsesARouteSplittingAtTheLastArrow() throws BadValue {
        assertThat(ConditionParser.route("path-regex ^/a->b$ -> app"))
                .extracting(RouteTarget::backend).isEqualTo("app");
        assertThat(ConditionParser.route("  host   a.example   ->   web-2 "))
                .isEqualTo(new RouteTarget(new Host("a.example"), "web-2"));
    }

    @Test
    void refusesRoutesWithoutArrowConditionOrBackend() {
        for (String bad : List.of("path /x app", "-> app", "path /x ->", "path /x -> a b")) {
            assertThatExceptionOfType(BadValue.class).as(bad).isThrownBy(() -> ConditionParser.route(bad));
        }
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> ConditionParser.route("path /x app"))
                .withMessage("expected CONDITION -> BACKEND, got 'path /x app'");
    }

    @Test
    void refusesBadConditionsSayingWhy() {
        assertRefused("paht /x", "condition: unknown word 'paht' (expected: path-prefix, path, path-regex, host, header, method, not)");
        assertRefused("path-prefix", "condition: 'path-prefix' needs a value");
        assertRefused("header X-Env", "condition: 'header' needs NAME VALUE");
        assertRefused("path /a path /b", "condition: 'path' (expected: 'and' between conditions)");
        assertRefused("path /a and", "condition: 'and' at the end (expected: a condition after it)");
        assertRefused("not", "condition: 'not' at the end (expected: a condition after it)");
        assertRefused("path-prefix api", "path-prefix: 'api' (expected: a path starting with '/')");
        assertRefused("method G(T", "method: 'G(T' (expected: an HTTP token)");
        assertRefused("", "condition: empty (expected: path-prefix, path, path-regex, host, header, method, not)");
    }

    @Test
    void refusesABadRegexWithTheCompilersReason() {
        assertRefused("path-regex [a-", "path-regex: bad regex '[a-': Illegal character range near index 3");
    }

    private static void assertRefused(String condition, String message) {
        assertThatExceptionOfType(BadValue.class).as(condition)
                .isThrownBy(() -> ConditionParser.condition(condition)).withMessage(message);
    }
}
