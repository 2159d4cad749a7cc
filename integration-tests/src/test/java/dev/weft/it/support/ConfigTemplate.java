package dev.weft.it.support;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A test config: a {@code .properties} resource under {@code integration-tests/src/test/resources}
 * with {@code @NAME@} placeholders ({@code @FRONT_PORT@}, {@code @LOG@}, {@code @ORIGIN_PORT@}...)
 * that the test fills. Placeholders are not {@code ${...}} on purpose: that is weft's own
 * environment-variable syntax. Immutable.
 */
public final class ConfigTemplate {

    private static final Pattern PLACEHOLDER = Pattern.compile("@([A-Z][A-Z0-9_]*)@");

    private final String resource;
    private final String text;

    private ConfigTemplate(String resource, String text) {
        this.resource = resource;
        this.text = text;
    }

    /** Loads the classpath resource {@code resource}, e.g. {@code conf/http/get-post.properties}. */
    public static ConfigTemplate fromResource(String resource) {
        try (InputStream in = ConfigTemplate.class.getClassLoader().getResourceAsStream(resource)) {
            if (in == null) {
                throw new IllegalArgumentException("no test resource " + resource);
            }
            return new ConfigTemplate(resource, new String(in.readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read test resource " + resource, e);
        }
    }

    /** The resource name, for messages. */
    public String resource() {
        return resource;
    }

    /** The placeholder names used in the template, without the {@code @}s. */
    public Set<String> placeholders() {
        Set<String> names = new TreeSet<>();
        Matcher m = PLACEHOLDER.matcher(text);
        while (m.find()) {
            names.add(m.group(1));
        }
        return names;
    }

    /**
     * Returns the text with every {@code @NAME@} replaced by {@code values.get(NAME)}.
     *
     * @throws IllegalArgumentException if a placeholder has no value (a test bug, named in the message)
     */
    public String fill(Map<String, String> values) {
        Set<String> missing = new TreeSet<>(placeholders());
        missing.removeAll(values.keySet());
        if (!missing.isEmpty()) {
            throw new IllegalArgumentException(resource + ": no value for placeholders " + missing);
        }
        Matcher m = PLACEHOLDER.matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(values.get(m.group(1))));
        }
        m.appendTail(out);
        return out.toString();
    }

    /**
     * Returns the 1-based line of {@code file} where {@code key} is assigned ({@code key = v},
     * {@code key=v} or {@code key: v}), to check the {@code FILE:LINE} of weft's config errors.
     *
     * @throws IllegalArgumentException if the key is not in the file (a test bug)
     */
    public static int lineOf(Path file, String key) {
        List<String> lines;
        try {
            lines = Files.readAllLines(file, StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        Pattern assignment = Pattern.compile("^\\s*" + Pattern.quote(key) + "\\s*[=:].*$");
        for (int i = 0; i < lines.size(); i++) {
            if (assignment.matcher(lines.get(i)).matches()) {
                return i + 1;
            }
        }
        throw new IllegalArgumentException(file + " does not assign " + key);
    }
}
