package io.listguard.domain;

import java.text.MessageFormat;
import java.util.List;
import java.util.Locale;
import java.util.MissingResourceException;
import java.util.ResourceBundle;

/**
 * The texts people read, by message code, in French and English: {@code io/listguard/domain/texts_fr.properties}
 * and {@code texts_en.properties}. Plain Java (a {@link ResourceBundle}), so the core, the CLI and a batch worker
 * render the same sentences as the service. A code's arguments are filled in with {@link MessageFormat}; texts
 * use typographic apostrophes (’) so that MessageFormat keeps them.
 */
public final class Messages {

    public static final Locale FRENCH = Locale.FRENCH;
    public static final Locale ENGLISH = Locale.ENGLISH;
    /**
     * The bundles, searched in order: {@code texts} and one per area under {@code io/listguard/domain/texts/}
     * ({@code policy_fr.properties}, {@code policy_en.properties}, ...), so that each area keeps its own texts.
     */
    static final List<String> BUNDLES = List.of("io.listguard.domain.texts", "io.listguard.domain.texts.policy",
            "io.listguard.domain.texts.findings", "io.listguard.domain.texts.api", "io.listguard.domain.texts.cli",
            "io.listguard.domain.texts.scenario", "io.listguard.domain.texts.formats", "io.listguard.domain.texts.spark");
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private Messages() {
    }

    /** The text of a code in a language (French unless English is asked for); the code itself if it has none. */
    public static String text(Locale locale, String code, Object... args) {
        Locale language = locale != null && locale.getLanguage().equals("en") ? ENGLISH : FRENCH;
        String pattern = pattern(language, code);
        if (pattern == null) {
            return code;
        }
        return args.length == 0 ? pattern : new MessageFormat(pattern, language).format(args);
    }

    /**
     * The language an HTTP {@code Accept-Language} header asks for: French or English, English when it asks for
     * neither or is absent (the API's texts have always been English by default).
     */
    public static Locale ofAcceptLanguage(String acceptLanguage) {
        if (acceptLanguage == null || acceptLanguage.isBlank()) {
            return ENGLISH;
        }
        try {
            Locale chosen = Locale.lookup(Locale.LanguageRange.parse(acceptLanguage), List.of(ENGLISH, FRENCH));
            return chosen == null ? ENGLISH : chosen;
        } catch (IllegalArgumentException e) {
            return ENGLISH;
        }
    }

    /**
     * A DRL rule's name as a person reads it: its French title ({@code drl.rule.<name>}) for a French reader, the
     * name itself (the engine's identifier, in English) otherwise or when the rule has no title.
     */
    public static String ruleName(Locale locale, String rule) {
        if (rule == null || locale != null && locale.getLanguage().equals("en")) {
            return rule;
        }
        String title = pattern(FRENCH, "drl.rule." + rule.replaceAll("[^A-Za-z0-9]+", "_").replaceAll("^_+|_+$", ""));
        return title == null ? rule : title;
    }

    /** Whether a code has a text (in French; MessagesTest keeps English in step). */
    public static boolean has(String code) {
        return pattern(FRENCH, code) != null;
    }

    private static String pattern(Locale language, String code) {
        for (String bundle : BUNDLES) {
            try {
                ResourceBundle texts = ResourceBundle.getBundle(bundle, language, Messages.class.getClassLoader(), NO_FALLBACK);
                if (texts.containsKey(code)) {
                    return texts.getString(code);
                }
            } catch (MissingResourceException e) {
                // an area without texts yet
            }
        }
        return null;
    }

    /** English, the language of the API's and the logs' default texts until issue 16 makes French the default. */
    public static String english(String code, Object... args) {
        return text(ENGLISH, code, args);
    }

    public static String english(String code, List<String> args) {
        return english(code, args.toArray());
    }

    public static String french(String code, List<String> args) {
        return text(FRENCH, code, args.toArray());
    }
}
