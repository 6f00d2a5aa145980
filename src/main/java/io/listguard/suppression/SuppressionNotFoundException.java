package io.listguard.suppression;

/** The identifier asked about is not on the suppression list. The message never holds the identifier itself. */
public class SuppressionNotFoundException extends RuntimeException {

    private final transient io.listguard.domain.CodedText text;

    public SuppressionNotFoundException(String message) {
        super(message);
        this.text = null;
    }

    /** With its message code, so that it reads in the caller's language. */
    public SuppressionNotFoundException(io.listguard.domain.CodedText text) {
        super(text.english());
        this.text = text;
    }

    /** The message code; null for one made with an English message only. */
    public io.listguard.domain.CodedText text() {
        return text;
    }
}
