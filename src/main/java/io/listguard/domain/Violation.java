package io.listguard.domain;

import com.fasterxml.jackson.annotation.JsonInclude;
import java.util.List;
import java.util.Locale;

/**
 * One problem in a request, at a JSON path such as {@code records[3].kind}. {@code message} is the English text;
 * a violation made with {@link #coded} also has its message {@code code} and {@code args}, so that
 * {@link #message(Locale)} renders it in French (English is {@code message}, which may add technical words to
 * the code's text) (issue 16) and a client can act on the code. Arguments
 * are texts, numbers (grouped in the reader’s language) or coded texts.
 */
@JsonInclude(JsonInclude.Include.NON_NULL)
public record Violation(String path, String message, String code, List<Object> args) {

    public Violation {
        args = args == null ? null : List.copyOf(args);
    }

    /** A violation without a code: its message is the same in every language. */
    public Violation(String path, String message) {
        this(path, message, null, null);
    }

    /** A violation with a message code ({@link Messages}), its message the code's English text. */
    public static Violation coded(String path, String code, Object... args) {
        CodedText text = CodedText.of(code, args);
        return new Violation(path, text.english(), code, text.args());
    }

    /** The same with a technical addition to the English text only (": " and it), e.g. the parser's own words. */
    public static Violation codedWithDetail(String path, String englishDetail, String code, Object... args) {
        CodedText text = CodedText.of(code, args);
        return new Violation(path, text.english() + ": " + englishDetail, code, text.args());
    }

    /** The message in a language: the code's text when the violation has a code, the message otherwise. */
    public String message(Locale locale) {
        // English is the message itself: it may say more than the code's text (Jackson's own words on malformed JSON)
        return code == null || Messages.ENGLISH.getLanguage().equals(locale == null ? "" : locale.getLanguage()) ? message
                : new CodedText(code, args).render(locale);
    }

    /** The same violation with its message in a language (for an answer in the caller's language). */
    public Violation in(Locale locale) {
        return code == null ? this : new Violation(path, message(locale), code, args);
    }

    /** "path: message" in a language. */
    public String located(Locale locale) {
        return Messages.text(locale, "violation.located", path, message(locale));
    }
}
