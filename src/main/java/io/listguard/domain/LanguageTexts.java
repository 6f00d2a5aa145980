package io.listguard.domain;

import java.util.Locale;

/**
 * A value whose JSON form has texts to write in the reader's language (the API's JSON writer asks for them by
 * property name): a scenario result's {@code failures}. Plain Java, so that the core needs no JSON library to say it.
 */
public interface LanguageTexts {

    /** The property's value in a language, or null to write it as it is. */
    Object inLanguage(String property, Locale locale);
}
