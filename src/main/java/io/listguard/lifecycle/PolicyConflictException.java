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

    public PolicyConflictException(Kind kind, String baseVersion, String activeVersion, List<WorkbookMerge.Conflict> conflicts, String message) {
        super(message);
        this.kind = kind;
        this.baseVersion = baseVersion;
        this.activeVersion = activeVersion;
        this.conflicts = List.copyOf(conflicts);
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
