package io.listguard.lifecycle;

import io.listguard.domain.Messages;
import java.util.Locale;

/**
 * A candidate that failed validation or a scenario: nothing was activated. Its message is English (logs); people
 * read {@link #message(Locale)}, rendered from the report in their language.
 */
public class PolicyRejectedException extends RuntimeException {

    private final ValidationReport report;
    private final String versionId;

    /** A candidate (an upload, a merge) the report refuses. */
    public PolicyRejectedException(ValidationReport report) {
        this(null, report);
    }

    /** A stored version that cannot be activated ({@code versionId}), or a candidate when it is null. */
    public PolicyRejectedException(String versionId, ValidationReport report) {
        super(render(versionId, report, Messages.ENGLISH));
        this.report = report;
        this.versionId = versionId;
    }

    /** The version whose activation was refused; null for an upload. */
    public String versionId() {
        return versionId;
    }

    public ValidationReport report() {
        return report;
    }

    /** Why, in a language: the count of errors and the first of them, located in the file, or the first failed scenario. */
    public String message(Locale locale) {
        return render(versionId, report, locale);
    }

    private static String render(String versionId, ValidationReport report, Locale locale) {
        String why = PolicyValidation.rejection(report, locale);
        return versionId == null ? why : Messages.text(locale, "policy.rejected.version", versionId, why);
    }
}
