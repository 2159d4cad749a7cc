package dev.weft.config;

import dev.weft.config.PropertiesReader.Line;
import org.junit.jupiter.api.Test;

import java.nio.file.Path;
import java.util.List;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatExceptionOfType;

class PropertiesReaderTest {

    private final Problems problems = new Problems(Path.of("t.properties"));

    private List<Line> read(String text) {
        return PropertiesReader.read(text, problems);
    }

    private List<String> problems() {
        try {
            problems.throwIfAny();
            return List.of();
        } catch (ConfigException e) {
            return e.problems().stream().map(ConfigProblem::toString).toList();
        }
    }

    @Test
    void keepsFileOrderAndTheLineWhereEachKeyStarts() {
        List<Line> lines = read("""
                # a comment
                z = 1

                   ! another comment
                a = 2
                m = 3
                """);
        assertThat(lines).containsExactly(new Line(2, "z", "1"), new Line(5, "a", "2"), new Line(6, "m", "3"));
        assertThat(problems()).isEmpty();
    }

    @Test
    void acceptsEqualsColonOrBlankAsSeparator() {
        assertThat(read("a=1\nb : 2\nc 3\nd\t=\t4\ne:5\nf\n"))
                .containsExactly(new Line(1, "a", "1"), new Line(2, "b", "2"), new Line(3, "c", "3"),
                        new Line(4, "d", "4"), new Line(5, "e", "5"), new Line(6, "f", ""));
    }

    @Test
    void trimsValuesButKeepsInnerBlanksAndAnEscapedTrailingBlank() {
        assertThat(read("a =   x  y   \nb = x\\ \n"))
                .containsExactly(new Line(1, "a", "x  y"), new Line(2, "b", "x "));
    }

    @Test
    void joinsContinuationLinesDroppingTheirLeadingBlanksAndReportsTheFirstLine() {
        List<Line> lines = read("""
                one = 1
                route = path-prefix /a \\
                        and method GET \\
                        -> app
                two = 2
                """);
        assertThat(lines).containsExactly(new Line(1, "one", "1"),
                new Line(2, "route", "path-prefix /a and method GET -> app"), new Line(5, "two", "2"));
    }

    @Test
    void anEvenNumberOfTrailingBackslashesDoesNotContinue() {
        assertThat(read("a = x\\\\\nb = y\n")).containsExactly(new Line(1, "a", "x\\"), new Line(2, "b", "y"));
    }

    @Test
    void aContinuationAtTheEndOfTheFileEndsTheValue() {
        assertThat(read("a = x\\")).containsExactly(new Line(1, "a", "x"));
    }

    @Test
    void aCommentLineIsNotContinued() {
        assertThat(read("# comment \\\na = 1\n")).containsExactly(new Line(2, "a", "1"));
    }

    @Test
    void resolvesStandardEscapesInKeysAndValues() {
        assertThat(read("a\\=b\\ c = t\\tn\\nu\\u00e9 \\\\ \\q\n"))
                .containsExactly(new Line(1, "a=b c", "t\tn\nué \\ q"));
    }

    @Test
    void countsLinesOverCrLfAndCr() {
        assertThat(read("a=1\r\nb=2\rc=3\n")).extracting(Line::line).containsExactly(1, 2, 3);
    }

    @Test
    void reportsAMalformedUnicodeEscape() {
        assertThat(read("a = \\u12x4\nb = 1\n")).containsExactly(new Line(2, "b", "1"));
        assertThat(problems()).containsExactly("t.properties:1: key 'a': malformed \\uXXXX escape (expected: four hex digits)");
    }

    @Test
    void reportsADuplicateKeyAtTheSecondOccurrenceNamingTheFirstLine() {
        assertThat(read("a = 1\nb = 2\na = 3\n")).containsExactly(new Line(1, "a", "1"), new Line(2, "b", "2"));
        assertThat(problems()).containsExactly("t.properties:3: key 'a': duplicate key; first set on line 1");
    }

    @Test
    void reportsALineWithoutKey() {
        assertThat(read("= 1\n")).isEmpty();
        assertThat(problems()).containsExactly("t.properties:1: line has no key before its separator");
    }

    @Test
    void unescapeDropsALoneTrailingBackslash() throws BadValue {
        assertThat(PropertiesReader.unescape("ab\\")).isEqualTo("ab");
        assertThatExceptionOfType(BadValue.class).isThrownBy(() -> PropertiesReader.unescape("\\u12"));
    }
}
