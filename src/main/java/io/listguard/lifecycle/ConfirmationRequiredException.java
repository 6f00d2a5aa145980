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

    public ConfirmationRequiredException(String activeVersion, List<RevertedRow> reverts, String message) {
        super(message);
        this.activeVersion = activeVersion;
        this.reverts = List.copyOf(reverts);
    }

    public String activeVersion() {
        return activeVersion;
    }

    public List<RevertedRow> reverts() {
        return reverts;
    }
}
