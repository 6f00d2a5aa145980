package io.listguard.lifecycle;

import io.listguard.policy.WorkbookMerge;
import java.util.List;

/**
 * A change refused because it would lose someone's work: an upload whose cells were also changed by others since
 * its base (UPLOAD), or a candidate whose activation would undo changes made since its base (ACTIVATION). Each
 * conflict names the file, sheet and cell with the texts of the base, the active version and the upload.
 * Nothing was stored or activated.
 */
public class PolicyConflictException extends RuntimeException {

    public enum Kind { UPLOAD, ACTIVATION }

    private final Kind kind;
    private final String baseVersion;
    private final String activeVersion;
    private final List<WorkbookMerge.Conflict> conflicts;

    private final io.listguard.domain.CodedText text;

    public PolicyConflictException(Kind kind, String baseVersion, String activeVersion, List<WorkbookMerge.Conflict> conflicts, String message) {
        this(kind, baseVersion, activeVersion, conflicts, message, null);
    }

    /** With its message code and arguments, so that it reads in the caller's language. */
    public PolicyConflictException(Kind kind, String baseVersion, String activeVersion, List<WorkbookMerge.Conflict> conflicts,
                                   io.listguard.domain.CodedText text) {
        this(kind, baseVersion, activeVersion, conflicts, text.english(), text);
    }

    private PolicyConflictException(Kind kind, String baseVersion, String activeVersion, List<WorkbookMerge.Conflict> conflicts, String message,
                                    io.listguard.domain.CodedText text) {
        super(message);
        this.text = text;
        this.kind = kind;
        this.baseVersion = baseVersion;
        this.activeVersion = activeVersion;
        this.conflicts = List.copyOf(conflicts);
    }

    /** The message code and arguments; null for one made with an English message only. */
    public io.listguard.domain.CodedText text() {
        return text;
    }

    public Kind kind() {
        return kind;
    }

    public String baseVersion() {
        return baseVersion;
    }

    public String activeVersion() {
        return activeVersion;
    }

    public List<WorkbookMerge.Conflict> conflicts() {
        return conflicts;
    }
}
