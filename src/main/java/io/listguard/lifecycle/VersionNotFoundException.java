package io.listguard.lifecycle;

/** No stored version (or no file of that name in it). */
public class VersionNotFoundException extends RuntimeException {

    private final io.listguard.domain.CodedText text;

    public VersionNotFoundException(String message) {
        this(message, null);
    }

    private VersionNotFoundException(String message, io.listguard.domain.CodedText text) {
        super(message);
        this.text = text;
    }

    /** With its message code, so that it reads in the caller's language. */
    public static VersionNotFoundException coded(String code, Object... args) {
        io.listguard.domain.CodedText text = io.listguard.domain.CodedText.of(code, args);
        return new VersionNotFoundException(text.english(), text);
    }

    /** No stored version with this id. */
    public static VersionNotFoundException version(String id) {
        return coded("api.notFound.version", id);
    }

    /** The message code and arguments; null for one made with an English message only. */
    public io.listguard.domain.CodedText text() {
        return text;
    }
}
