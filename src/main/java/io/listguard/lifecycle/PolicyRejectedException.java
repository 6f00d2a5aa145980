package io.listguard.lifecycle;

/** A candidate that failed validation or a scenario: nothing was activated. */
public class PolicyRejectedException extends RuntimeException {

    private final ValidationReport report;

    private final String versionId;

    public PolicyRejectedException(String message, ValidationReport report) {
        this(null, message, report);
    }

    /** The activation of a stored version refused: its id, so that the answer names it in the caller's language. */
    public PolicyRejectedException(String versionId, String message, ValidationReport report) {
        super(message);
        this.versionId = versionId;
        this.report = report;
    }

    /** The version whose activation was refused; null for an upload. */
    public String versionId() {
        return versionId;
    }

    public ValidationReport report() {
        return report;
    }
}
