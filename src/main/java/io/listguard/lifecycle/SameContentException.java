package io.listguard.lifecycle;

/** An upload whose content (cells, DRL, scenarios) is that of a stored version: that version is named, none is created. */
public class SameContentException extends RuntimeException {

    private final String existingVersion;

    private final io.listguard.domain.CodedText text;

    public SameContentException(String existingVersion, String message) {
        this(existingVersion, message, null);
    }

    private SameContentException(String existingVersion, String message, io.listguard.domain.CodedText text) {
        super(message);
        this.existingVersion = existingVersion;
        this.text = text;
    }

    /** The same with its message code, so that it reads in the caller's language. */
    public static SameContentException coded(String existingVersion, String code, Object... args) {
        io.listguard.domain.CodedText text = io.listguard.domain.CodedText.of(code, args);
        return new SameContentException(existingVersion, text.english(), text);
    }

    /** The message code and arguments; null for one made with an English message only. */
    public io.listguard.domain.CodedText text() {
        return text;
    }

    public String existingVersion() {
        return existingVersion;
    }
}
