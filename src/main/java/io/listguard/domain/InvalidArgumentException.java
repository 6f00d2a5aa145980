package io.listguard.domain;

import java.util.Locale;

/**
 * A request parameter or part that is refused (a page size out of range, a missing file part, an If-Match that
 * names no version, ...), with its message code ({@link Messages}) so that the answer reads in the caller's
 * language. {@link #getMessage()} is the English text, as for any {@link IllegalArgumentException}.
 */
public class InvalidArgumentException extends IllegalArgumentException {

    private final transient CodedText text;

    /** Arguments are texts, numbers or {@link CodedText}s (see {@link CodedText#of}). */
    public InvalidArgumentException(String code, Object... args) {
        this(CodedText.of(code, args));
    }

    private InvalidArgumentException(CodedText text) {
        super(text.english());
        this.text = text;
    }

    public CodedText text() {
        return text;
    }

    public String code() {
        return text.code();
    }

    public String message(Locale locale) {
        return text.render(locale);
    }
}
