package io.listguard.rules;

import io.listguard.domain.LegalBasis;
import io.listguard.domain.PolicyText;
import io.listguard.domain.YesNo;

/**
 * The regime a consent-regime row assigned to one record, inserted by that row's action. Consent-quality rows and
 * the DRL in {@code rules/regime.drl} match it. {@code noConsentReason} is the row's exclusion code for a record
 * without consent (NO_CONSENT, or OFFER_UNRELATED_TO_JOB for R10).
 */
public final class AppliedBasis {

    private final Prospect prospect;
    private final LegalBasis basis;
    private final String noConsentReason;
    private final String ruleName;
    private final PolicyText legalRef;

    public AppliedBasis(Prospect prospect, LegalBasis basis, String noConsentReason, String ruleName, PolicyText legalRef) {
        this.prospect = prospect;
        this.basis = basis;
        this.noConsentReason = noConsentReason;
        this.ruleName = ruleName;
        this.legalRef = legalRef;
    }

    /** The legal reference of the regime row that assigned this basis, in English and French. */
    public PolicyText getLegalRef() {
        return legalRef;
    }

    public Prospect getProspect() {
        return prospect;
    }

    public LegalBasis getBasis() {
        return basis;
    }

    public String getNoConsentReason() {
        return noConsentReason;
    }

    public String getRuleName() {
        return ruleName;
    }

    public YesNo getConsentGiven() {
        return prospect.getConsentGiven();
    }

    public YesNo getConsentProven() {
        return prospect.getConsentProven();
    }

    public YesNo getRenterNamed() {
        return prospect.getRenterNamed();
    }

    public YesNo getParentalConsent() {
        return prospect.getParentalConsent();
    }

    public boolean ageAtConsentBelow(int years) {
        return prospect.ageAtConsentBelow(years);
    }

    public boolean consentOlderThanMonths(int months) {
        return prospect.consentOlderThanMonths(months);
    }

    /** YES when the record's only consents for the channel are later than the campaign's first day (not prior). */
    public YesNo getConsentOnlyAfterStart() {
        return prospect.getConsentOnlyAfterStart();
    }

    /** True when the consent was passed on more than {@code hops} times (R15). */
    public boolean consentHopAbove(int hops) {
        return prospect.consentHopAbove(hops);
    }

    /** YES when a contract related to the offer is claimed without the renter stated as its party. */
    public YesNo getContractPartyUnknown() {
        return prospect.getContractPartyUnknown();
    }

    @Override
    public String toString() {
        return prospect + " basis:" + basis;
    }
}
