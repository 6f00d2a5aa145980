package io.listguard.rules;

import io.listguard.domain.Decision;
import io.listguard.domain.LegalBasis;
import io.listguard.domain.YesNo;

/**
 * What rule actions write to: the global {@code out} of every decision table (its Variables cell,
 * {@code io.listguard.rules.Outcomes out}) and of every DRL file ({@code global io.listguard.rules.Outcomes out;}).
 * An action is called from a rule's consequence and applies to the rule that is firing: its code, severity,
 * message and legal reference are that rule's metadata (the row's METADATA columns, or the DRL rule's
 * {@code @code(...)}, {@code @legalRef(...)} annotations), and its trace entry is the firing's. The evaluation
 * knows which rule is firing; an action therefore takes no rule context.
 */
public interface Outcomes {

    /**
     * A record-rule row matched: with YES, excludes the record for the rule's {@code code}; with NO, the firing
     * stays in the trace as a case considered and allowed.
     */
    void exclude(Prospect prospect, YesNo exclude);

    /** Excludes the record of a legal basis for the reason its regime row gives when consent is missing. */
    void excludeForMissingConsent(AppliedBasis basis);

    /** Assigns a legal basis to a record (consent-regime rows) and inserts it as an {@link AppliedBasis}. */
    void basis(Prospect prospect, LegalBasis basis);

    /** A finding row matched: with YES, raises its finding (code, severity, message and legal reference are the rule's). */
    void finding(YesNo raise);

    /** Records the decision of the evaluation (rules/decision.drl, summary stage). */
    void decide(Decision decision);

    /** Declares evidence the campaign's records file must hold (rules/evidence.drl, campaign stage). */
    void needs(Evidence evidence);

    /** Declares an offer category (sheet "Offers"); its label is the rule's {@code offerLabel}. */
    void offer(String code);

    /** Relates job functions, e.g. "PURCHASING, PRODUCTION", to the offer declared by the same row. */
    void relatedJobs(String jobFunctions);

    /**
     * Declares a public holiday (sheet "Public holidays", R21a): a day written MM-DD or EASTER+N / EASTER-N; its label
     * is the rule's {@code holidayLabel}. It holds in all of France unless the same row names départements.
     */
    void holiday(String day);

    /** Restricts the holiday declared by the same row to départements, e.g. "57, 67, 68". */
    void holidayDepartements(String departements);
}
