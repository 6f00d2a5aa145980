package io.listguard.lifecycle;

/** An action the version's state forbids: activating a withdrawn version, withdrawing the active one, and the like. */
public class PolicyStateException extends RuntimeException {

    private final String versionId;
    private final io.listguard.domain.CodedText text;

    public PolicyStateException(String versionId, String message) {
        this(versionId, message, null);
    }

    private PolicyStateException(String versionId, String message, io.listguard.domain.CodedText text) {
        super(message);
        this.versionId = versionId;
        this.text = text;
    }

    /** A refusal with its message code, so that it reads in the caller's language. */
    public static PolicyStateException coded(String versionId, String code, Object... args) {
        io.listguard.domain.CodedText text = io.listguard.domain.CodedText.of(code, args);
        return new PolicyStateException(versionId, text.english(), text);
    }

    /** The message code and arguments; null for a refusal made with an English message only. */
    public io.listguard.domain.CodedText text() {
        return text;
    }

    public String versionId() {
        return versionId;
    }
}
