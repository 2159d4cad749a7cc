package dev.weft.config;

import dev.weft.config.KeyLookup.Match;
import dev.weft.config.Settings.Setting;

import java.io.IOException;
import java.nio.charset.MalformedInputException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;
import java.util.function.Function;

/**
 * Reads a weft {@code .properties} file into a {@link WeftConfig}: the only way a config file
 * becomes records. The keys, syntax and messages are the contract of
 * {@code shared/spec/config.md}; the keys themselves are listed once, in {@link KeyCatalogue}.
 *
 * <p>The pipeline, each step in its own class:
 * <pre>
 * file text --PropertiesReader--> (line, key, value) in file order; duplicates refused
 *           --KeyLookup---------> catalogue entry per key; unknown keys refused (did you mean)
 *           --EnvExpander-------> ${NAME} expanded
 *           --ValueType.parse---> typed value per key               (all into Settings)
 *           --ConfigAssembler---> records, defaults applied, cross-key checks
 * </pre>
 * Every step records its problems and goes on, so that one run reports every problem in the
 * file; {@link #load} then throws them together. A bad file never yields a config.
 *
 * <p>Thread-safe: holds only the environment lookup; each {@link #load} works on its own state.
 */
public final class ConfigLoader {

    private final EnvExpander expander;

    /**
     * @param env looks up an environment variable for {@code ${NAME}}: its value, or null when
     *            it is not set. Production passes {@code System::getenv}; tests pass a map's {@code get}.
     */
    public ConfigLoader(Function<String, String> env) {
        this.expander = new EnvExpander(Objects.requireNonNull(env, "env"));
    }

    /**
     * Reads, checks and assembles {@code file}.
     *
     * @param file the config file; it appears in every {@link ConfigProblem} and in
     *             {@link WeftConfig#file()} exactly as given (relative stays relative)
     * @return the whole configuration, defaults applied, every reference checked
     * @throws ConfigException when the file cannot be read or has any problem; it lists all of
     *                         them, in line order
     */
    public WeftConfig load(Path file) throws ConfigException {
        Problems problems = new Problems(file);
        Optional<String> text = read(file, problems);
        if (text.isEmpty()) {
            problems.throwIfAny();
        }
        Settings settings = new Settings();
        for (PropertiesReader.Line line : PropertiesReader.read(text.orElseThrow(), problems)) {
            settle(line, settings, problems);
        }
        WeftConfig config = new ConfigAssembler(file, settings, problems).assemble();
        problems.throwIfAny();
        return config;
    }

    private static Optional<String> read(Path file, Problems problems) {
        try {
            String text = Files.readString(file);
            return Optional.of(text.startsWith("\uFEFF") ? text.substring(1) : text);
        } catch (NoSuchFileException e) {
            problems.add(0, null, "no such file");
        } catch (MalformedInputException e) {
            problems.add(0, null, "not valid UTF-8");
        } catch (IOException e) {
            problems.add(0, null, "cannot read (" + e.getClass().getSimpleName()
                    + (e.getMessage() == null ? "" : ": " + e.getMessage()) + ")");
        }
        return Optional.empty();
    }

    /** Matches, expands and parses one line into {@code settings}, or records why it cannot. */
    private void settle(PropertiesReader.Line line, Settings settings, Problems problems) {
        Optional<Match> found = KeyLookup.match(line.key());
        if (found.isEmpty()) {
            problems.add(line.line(), line.key(), "unknown key"
                    + KeyLookup.suggest(line.key()).map(s -> "; did you mean '" + s + "'?").orElse(""));
            return;
        }
        Match match = found.get();
        List<String> badNames = badNames(match);
        if (!badNames.isEmpty()) {
            problems.addAll(line.line(), line.key(), badNames);
            return; // a key with a bad name belongs to no frontend or backend
        }
        Setting invalid = new Setting(line.line(), line.key(), match.spec(), match.names(), Optional.empty());
        if (!match.spec().supported()) {
            problems.add(line.line(), line.key(), "not supported yet");
            settings.add(invalid);
            return;
        }
        try {
            Object value = match.spec().type().parse(expander.expand(line.value()));
            settings.add(new Setting(line.line(), line.key(), match.spec(), match.names(), Optional.of(value)));
        } catch (BadValue e) {
            problems.addAll(line.line(), line.key(), e.messages());
            settings.add(invalid);
        }
    }

    /** Checks each placeholder value: names are letters, digits, '-' and '_'; N is an int >= 0. */
    private static List<String> badNames(Match match) {
        List<String> placeholders = match.spec().segments().stream().filter(KeySpec.PLACEHOLDERS::contains).toList();
        String section = match.spec().segments().getFirst();
        List<String> errors = new ArrayList<>();
        for (int i = 0; i < placeholders.size(); i++) {
            String value = match.names().get(i);
            Integer number = Values.parseInt(value);
            switch (placeholders.get(i)) {
                case "NAME" -> check(Values.isName(value), section + " name", value, "letters, digits, '-' or '_'", errors);
                case "SNAME" -> check(Values.isName(value), "server name", value, "letters, digits, '-' or '_'", errors);
                case "N" -> check(number != null && number >= 0, "route number", value, "a non-negative integer", errors);
                default -> { } // P: any FastCGI parameter name
            }
        }
        return errors;
    }

    private static void check(boolean ok, String what, String value, String expected, List<String> errors) {
        if (!ok) {
            errors.add(what + ": '" + value + "' (expected: " + expected + ")");
        }
    }
}
