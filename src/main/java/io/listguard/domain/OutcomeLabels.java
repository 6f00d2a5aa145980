package io.listguard.domain;

import java.util.Locale;

/**
 * What people read for the stable codes of an answer: decisions, severities, legal bases, finding scopes and
 * exclusion reasons, by message code ({@code decision.APPROVED}, {@code reason.NO_CONSENT}...) in
 * {@code texts/findings_fr.properties} and {@code findings_en.properties}. The codes themselves never change; a
 * code without a label (a reason a newer policy raises) shows as itself.
 */
public final class OutcomeLabels {

    public static final String DECISION = "decision.";
    public static final String SEVERITY = "severity.";
    public static final String LEGAL_BASIS = "legalBasis.";
    public static final String SCOPE = "scope.";
    public static final String REASON = "reason.";

    private OutcomeLabels() {
    }

    public static String decision(Locale locale, Decision decision) {
        return label(locale, DECISION, decision.name());
    }

    /** A decision code as stored (including RUNNING, a bulk job's evaluation not yet complete). */
    public static String decision(Locale locale, String decision) {
        return label(locale, DECISION, decision);
    }

    public static String severity(Locale locale, Severity severity) {
        return label(locale, SEVERITY, severity.name());
    }

    public static String legalBasis(Locale locale, LegalBasis basis) {
        return label(locale, LEGAL_BASIS, basis.name());
    }

    public static String scope(Locale locale, FindingScope scope) {
        return label(locale, SCOPE, scope.name());
    }

    /** An exclusion reason's label; the code itself when it has none. */
    public static String reason(Locale locale, String code) {
        return label(locale, REASON, code);
    }

    private static String label(Locale locale, String prefix, String code) {
        if (code == null) {
            return null;
        }
        String key = prefix + code;
        return Messages.has(key) ? Messages.text(locale, key) : code;
    }
}
