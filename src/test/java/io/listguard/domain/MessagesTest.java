package io.listguard.domain;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.util.Properties;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/** Every message code has a French and an English text, with the same arguments. */
class MessagesTest {

    private static final Pattern ARGUMENT = Pattern.compile("\\{(\\d+)");

    @Test
    void frenchAndEnglishHoldTheSameCodesWithTheSameArguments() throws IOException {
        java.util.Set<String> all = new java.util.HashSet<>();
        for (String bundle : Messages.BUNDLES) {
            String path = "/" + bundle.replace('.', '/');
            Properties fr = load(path + "_fr.properties");
            Properties en = load(path + "_en.properties");
            for (String code : fr.stringPropertyNames()) {
                assertThat(all.add(code)).as(code + " is defined in one bundle only (" + bundle + ")").isTrue();
            }
            sameCodes(fr, en);
        }
    }

    private static void sameCodes(Properties fr, Properties en) {
        assertThat(fr.stringPropertyNames()).as("codes in French and English").isEqualTo(en.stringPropertyNames());
        for (String code : fr.stringPropertyNames()) {
            assertThat(arguments(fr.getProperty(code))).as("arguments of " + code).isEqualTo(arguments(en.getProperty(code)));
            assertThat(fr.getProperty(code)).as("French text of " + code + " uses ’, not '").doesNotContain("'");
            assertThat(en.getProperty(code)).as("English text of " + code + " uses ’, not '").doesNotContain("'");
        }
    }

    @Test
    void aCodeIsRenderedInTheLanguageAskedForWithItsArguments() throws IOException {
        Properties fr = load("texts_fr.properties");
        if (fr.isEmpty()) {
            return;
        }
        String code = fr.stringPropertyNames().iterator().next();
        assertThat(Messages.text(Messages.FRENCH, code, "X", "Y", "Z", "W")).isNotEqualTo(code);
        assertThat(Messages.text(java.util.Locale.forLanguageTag("fr-FR"), code)).isEqualTo(Messages.text(Messages.FRENCH, code));
        assertThat(Messages.text(Messages.ENGLISH, "NO_SUCH_CODE")).isEqualTo("NO_SUCH_CODE");
    }

    @Test
    void everyReleasedDrlRuleHasAFrenchTitleAndKeepsItsNameInEnglish() throws IOException {
        java.util.List<String> names = new java.util.ArrayList<>();
        try (var files = java.nio.file.Files.list(java.nio.file.Path.of("rules"))) {
            for (java.nio.file.Path drl : files.filter(f -> f.toString().endsWith(".drl")).toList()) {
                Matcher m = Pattern.compile("(?m)^rule \"([^\"]+)\"").matcher(java.nio.file.Files.readString(drl));
                while (m.find()) {
                    names.add(m.group(1));
                }
            }
        }
        assertThat(names).hasSizeGreaterThanOrEqualTo(16);
        for (String name : names) {
            assertThat(Messages.ruleName(Messages.ENGLISH, name)).as(name).isEqualTo(name);
            assertThat(Messages.ruleName(Messages.FRENCH, name)).as("French title of " + name).isNotEqualTo(name).doesNotContain("'");
        }
        assertThat(Messages.ruleName(Messages.FRENCH, "Consent required but none recorded for the channel"))
                .isEqualTo("Consentement requis mais aucun n’est enregistré pour le canal");
        assertThat(Messages.ruleName(Messages.FRENCH, "a rule of someone else")).isEqualTo("a rule of someone else");
    }

    private static java.util.Set<String> arguments(String text) {
        java.util.Set<String> args = new java.util.TreeSet<>();
        Matcher m = ARGUMENT.matcher(text);
        while (m.find()) {
            args.add(m.group(1));
        }
        return args;
    }

    private static Properties load(String name) throws IOException {
        Properties p = new Properties();
        try (InputStream in = Messages.class.getResourceAsStream(name)) {
            if (in == null) {
                return p; // an area without texts yet: both languages must then be absent (compared above)
            }
            p.load(new InputStreamReader(in, StandardCharsets.UTF_8));
        }
        return p;
    }
}
