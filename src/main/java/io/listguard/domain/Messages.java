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
    private static final String BUNDLE = "io.listguard.domain.texts";
    private static final ResourceBundle.Control NO_FALLBACK = ResourceBundle.Control.getNoFallbackControl(ResourceBundle.Control.FORMAT_PROPERTIES);

    private Messages() {
    }

    /** The text of a code in a language (French unless English is asked for); the code itself if it has none. */
    public static String text(Locale locale, String code, Object... args) {
        Locale language = locale != null && locale.getLanguage().equals("en") ? ENGLISH : FRENCH;
        try {
            String pattern = ResourceBundle.getBundle(BUNDLE, language, Messages.class.getClassLoader(), NO_FALLBACK).getString(code);
            return args.length == 0 ? pattern : new MessageFormat(pattern, language).format(args);
        } catch (MissingResourceException e) {
            return code;
        }
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
