package io.listguard.lifecycle;

/** A candidate that failed validation or a scenario: nothing was activated. */
public class PolicyRejectedException extends RuntimeException {

    private final ValidationReport report;

    public PolicyRejectedException(String message, ValidationReport report) {
        super(message);
        this.report = report;
    }

    public ValidationReport report() {
        return report;
    }
}
