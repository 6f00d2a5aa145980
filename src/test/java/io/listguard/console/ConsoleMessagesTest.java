package io.listguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;

/**
 * The console's texts in step (issue 16): every code of messages.properties (French) has its English text in
 * messages_en.properties and the other way round, none is defined twice, none uses a plain apostrophe (MessageFormat
 * would eat it), and every code a template names literally ({@code #{code}} or {@code #{code(...)}}) exists.
 */
class ConsoleMessagesTest {

    static final Path FRENCH = Path.of("src/main/resources/messages.properties");
    static final Path ENGLISH = Path.of("src/main/resources/messages_en.properties");
    static final Path TEMPLATES = Path.of("src/main/resources/templates/console");

    @Test
    void frenchAndEnglishHaveTheSameCodesEachDefinedOnce() throws IOException {
        Map<String, String> french = read(FRENCH);
        Map<String, String> english = read(ENGLISH);
        assertThat(new TreeSet<>(english.keySet())).as("codes without English").containsAll(french.keySet());
        assertThat(new TreeSet<>(french.keySet())).as("codes without French").containsAll(english.keySet());
    }

    @Test
    void noTextUsesAPlainApostrophe() throws IOException {
        for (Path bundle : List.of(FRENCH, ENGLISH)) {
            assertThat(read(bundle).entrySet().stream().filter(e -> e.getValue().contains("'")).map(Map.Entry::getKey).toList())
                    .as(bundle + ": texts with ' instead of ’").isEmpty();
        }
    }

    @Test
    void everyCodeATemplateNamesExistsInBothLanguages() throws IOException {
        Set<String> french = read(FRENCH).keySet();
        Set<String> english = read(ENGLISH).keySet();
        Pattern code = Pattern.compile("#\\{([a-zA-Z][\\w.]*)[(}]");
        List<String> missing = new ArrayList<>();
        try (Stream<Path> templates = Files.list(TEMPLATES)) {
            for (Path template : templates.toList()) {
                Matcher m = code.matcher(Files.readString(template));
                while (m.find()) {
                    if (!french.contains(m.group(1)) || !english.contains(m.group(1))) {
                        missing.add(template.getFileName() + ": " + m.group(1));
                    }
                }
            }
        }
        assertThat(missing).isEmpty();
    }

    /** The codes and texts of a bundle; a code defined twice fails. */
    private static Map<String, String> read(Path bundle) throws IOException {
        Map<String, String> texts = new LinkedHashMap<>();
        List<String> twice = new ArrayList<>();
        for (String line : Files.readAllLines(bundle, StandardCharsets.UTF_8)) {
            if (line.isBlank() || line.startsWith("#") || !line.contains("=")) {
                continue;
            }
            String key = line.substring(0, line.indexOf('=')).strip();
            if (texts.put(key, line.substring(line.indexOf('=') + 1)) != null) {
                twice.add(key);
            }
        }
        assertThat(twice).as(bundle + ": codes defined twice").isEmpty();
        return texts;
    }
}
