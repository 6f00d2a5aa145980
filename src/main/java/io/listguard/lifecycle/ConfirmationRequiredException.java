package io.listguard.lifecycle;

import java.util.List;

/**
 * An activation refused until a person confirms it: the workbooks came without a recorded base version, so every
 * row that differs from the active version, or that the active version has and they lack, may undo a colleague's
 * change. Send the activation again with the confirmation to go ahead. Nothing was stored or activated.
 */
public class ConfirmationRequiredException extends RuntimeException {

    private final String activeVersion;
    private final List<RevertedRow> reverts;

    private final io.listguard.domain.CodedText text;

    public ConfirmationRequiredException(String activeVersion, List<RevertedRow> reverts, String message) {
        this(activeVersion, reverts, message, null);
    }

    /** With its message code and arguments, so that it reads in the caller's language. */
    public ConfirmationRequiredException(String activeVersion, List<RevertedRow> reverts, io.listguard.domain.CodedText text) {
        this(activeVersion, reverts, text.english(), text);
    }

    private ConfirmationRequiredException(String activeVersion, List<RevertedRow> reverts, String message, io.listguard.domain.CodedText text) {
        super(message);
        this.activeVersion = activeVersion;
        this.reverts = List.copyOf(reverts);
        this.text = text;
    }

    /** The message code and arguments; null for one made with an English message only. */
    public io.listguard.domain.CodedText text() {
        return text;
    }

    public String activeVersion() {
        return activeVersion;
    }

    public List<RevertedRow> reverts() {
        return reverts;
    }
}
