package io.listguard.rules;

import io.listguard.domain.Campaign;
import io.listguard.domain.Consent;
import io.listguard.domain.ContactPoints;
import io.listguard.domain.LegalBasis;
import io.listguard.domain.LocalZones;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RecordKind;
import io.listguard.domain.YesNo;
import io.listguard.rules.Evidence;
import java.time.LocalDate;
import java.time.Period;
import java.time.ZoneId;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A record of the rented file as the rules see it for one campaign. Everything that depends on the campaign (its
 * channel's consent, its dates) is resolved here once, so that rule conditions stay simple comparisons. Dates are
 * measured against the stricter end of the campaign period: retention and consent age against its last day,
 * a refusal pause against its first day.
 *
 * <p>Issue 15: the consent the rules read is the most recent one for the channel given on or before the campaign's
 * first day (consent must be prior); a contract counts only when it is with the renter; retention runs from the
 * latest act of the person (last contact, collection, consent).
 *
 * <p>The verdict fields are written by rule actions and read after the session; no rule condition reads them,
 * so they need no {@code modify}.
 */
public final class Prospect {

    private final String id;
    private final RecordKind kind;
    private final String jobFunction;
    private final Set<String> segments;
    private final YesNo optedOut;
    private final YesNo bloctelRegistered;
    private final YesNo contractRelatedToOffer;
    private final YesNo contractPartyUnknown;
    private final YesNo jobRelatedToOffer;
    private final YesNo validEmail;
    private final YesNo validPhone;
    private final YesNo validMobile;
    private final YesNo validPostalAddress;
    private final Consent consent;
    private final LocalDate birthDate;
    private final LocalDate lastPersonAct;
    private final YesNo consentOnlyAfterStart;
    private final YesNo objectedDuringCall;
    private final YesNo onListeOrange;
    private final YesNo outOfHoursCallsAgreed;
    private final String offerCategory;
    private final int callAttemptsLast30Days;
    private final LocalDate lastRefusalOn;
    private final LocalDate campaignStart;
    private final LocalDate campaignLastDay;
    private final YesNo suppressed;
    private final YesNo restricted;
    private final YesNo optOutNotInFile;
    private final YesNo consentNotInFile;
    private final YesNo bloctelNotInFile;
    private final String label;
    // the person's zone and département are read only by the calling rules: worked out on first use, so that an
    // email or postal campaign does not parse every phone number and postal code for them
    private final String declaredZone;
    private final String phone;
    private final String postalAddress;
    private ZoneId zone;
    private String departement;
    private final int plannedAttempts;
    private final CallingCalendar calling;

    private final Set<String> reasons = new LinkedHashSet<>(2);
    private final List<String> decidingRules = new ArrayList<>(3);
    private final List<LegalBasis> legalBases = new ArrayList<>(2);

    public Prospect(ProspectRecord record, Campaign campaign, Set<String> jobFunctionsRelatedToOffer) {
        this(record, campaign, jobFunctionsRelatedToOffer, false);
    }

    public Prospect(ProspectRecord record, Campaign campaign, Set<String> jobFunctionsRelatedToOffer, boolean suppressed) {
        this(record, campaign, jobFunctionsRelatedToOffer, suppressed, Set.of());
    }

    /**
     * {@code notInFile}: the evidence the campaign needs that this record's file was declared not to hold, and that
     * the record leaves blank (issue 12, item 3); rules/evidence.drl excludes the record for it.
     */
    public Prospect(ProspectRecord record, Campaign campaign, Set<String> jobFunctionsRelatedToOffer, boolean suppressed,
                    Set<Evidence> notInFile) {
        this(record, campaign, jobFunctionsRelatedToOffer, suppressed, notInFile, new CallingCalendar(campaign, null));
    }

    /**
     * As above, with the campaign's {@link CallingCalendar} (one per evaluation, shared by its records): the public
     * holidays and the local hours of the sheet "Calling per person" (R21a, R21b).
     */
    public Prospect(ProspectRecord record, Campaign campaign, Set<String> jobFunctionsRelatedToOffer, boolean suppressed,
                    Set<Evidence> notInFile, CallingCalendar calling) {
        this(record, campaign, jobFunctionsRelatedToOffer, suppressed, false, notInFile, calling);
    }

    /** As above; {@code restricted}: the person's processing is restricted (GDPR art. 18), rules/suppression.drl excludes them (R29). */
    public Prospect(ProspectRecord record, Campaign campaign, Set<String> jobFunctionsRelatedToOffer, boolean suppressed, boolean restricted,
                    Set<Evidence> notInFile, CallingCalendar calling) {
        this.calling = calling;
        this.restricted = YesNo.of(restricted);
        this.outOfHoursCallsAgreed = YesNo.of(Boolean.TRUE.equals(record.outOfHoursCallsAgreed()));
        this.declaredZone = record.timeZone();
        this.phone = record.phone();
        this.postalAddress = record.postalAddress();
        this.plannedAttempts = Math.max(1, campaign.maxCallAttempts());
        this.suppressed = YesNo.of(suppressed);
        this.optOutNotInFile = YesNo.of(notInFile.contains(Evidence.OPT_OUT));
        this.consentNotInFile = YesNo.of(notInFile.contains(Evidence.CONSENT));
        this.bloctelNotInFile = YesNo.of(notInFile.contains(Evidence.BLOCTEL));
        this.label = "record:" + record.id();
        this.id = record.id();
        this.kind = record.kind();
        this.jobFunction = record.jobFunction();
        this.segments = Set.copyOf(record.segments());
        this.optedOut = YesNo.of(Boolean.TRUE.equals(record.optedOut()));
        this.bloctelRegistered = YesNo.of(Boolean.TRUE.equals(record.bloctelRegistered()));
        // the contract exceptions (R5, R6, R9, R23) concern a contract with the professional who canvasses: the renter
        boolean contractClaimed = Boolean.TRUE.equals(record.activeContractRelatedToOffer());
        this.contractRelatedToOffer = YesNo.of(contractClaimed && Boolean.TRUE.equals(record.contractWithRenter()));
        this.contractPartyUnknown = YesNo.of(contractClaimed && record.contractWithRenter() == null);
        this.jobRelatedToOffer = YesNo.of(record.jobFunction() != null
                && jobFunctionsRelatedToOffer.contains(record.jobFunction().toUpperCase(Locale.ROOT)));
        this.validEmail = YesNo.of(ContactPoints.validEmail(record.email()));
        this.validPhone = YesNo.of(ContactPoints.validPhone(record.phone()));
        this.validMobile = YesNo.of(ContactPoints.validMobile(record.phone()));
        this.validPostalAddress = YesNo.of(ContactPoints.validPostalAddress(record.postalAddress()));
        // consent must be prior ("préalable", R1, R6): one given after the campaign's first day does not count
        List<Consent> onChannel = record.consents().stream()
                .filter(c -> c != null && c.channel() == campaign.channel() && c.givenOn() != null)
                .toList();
        this.consent = onChannel.stream()
                .filter(c -> !c.givenOn().isAfter(campaign.startDate()))
                .max(Comparator.comparing(Consent::givenOn))
                .orElse(null);
        this.consentOnlyAfterStart = YesNo.of(consent == null && !onChannel.isEmpty());
        this.birthDate = record.birthDate();
        // R18: the latest act of the person: a contact they initiated, the collection of their data, a consent they gave
        LocalDate latest = latest(record.lastActivityOn(), record.collectedOn());
        for (Consent c : record.consents()) {
            if (c != null) {
                latest = latest(latest, c.givenOn());
            }
        }
        this.lastPersonAct = latest;
        this.objectedDuringCall = YesNo.of(record.objectedDuringCallOn() != null);
        this.onListeOrange = YesNo.of(Boolean.TRUE.equals(record.listeOrange()));
        this.offerCategory = campaign.offerCategory();
        this.callAttemptsLast30Days = record.callAttemptsLast30Days() == null ? 0 : record.callAttemptsLast30Days();
        this.lastRefusalOn = record.lastRefusalOn();
        this.campaignStart = campaign.startDate();
        this.campaignLastDay = campaign.lastDay();
    }

    public String getId() {
        return id;
    }

    public RecordKind getKind() {
        return kind;
    }

    public String getJobFunction() {
        return jobFunction;
    }

    public Set<String> getSegments() {
        return segments;
    }

    public YesNo getOptedOut() {
        return optedOut;
    }

    public YesNo getBloctelRegistered() {
        return bloctelRegistered;
    }

    public YesNo getContractRelatedToOffer() {
        return contractRelatedToOffer;
    }

    /**
     * YES when the file says a contract in progress relates to the offer but not who is party to it
     * ({@code contractWithRenter} absent): the exception is not proven, {@link #getContractRelatedToOffer()} is NO.
     */
    public YesNo getContractPartyUnknown() {
        return contractPartyUnknown;
    }

    /** YES when the person objected to canvassing during a call (R27), whatever the date. */
    public YesNo getObjectedDuringCall() {
        return objectedDuringCall;
    }

    /** YES when the person's directory entry is on the operator's opposition list, the liste orange (R25). */
    public YesNo getOnListeOrange() {
        return onListeOrange;
    }

    /** The campaign's offer category, for rows that name offers on the record's side. */
    public String getOfferCategory() {
        return offerCategory;
    }

    /**
     * YES when the record's consents for the campaign's channel are all dated after the campaign's first day: none
     * counts (consent must be prior), so {@link #getConsentGiven()} is NO.
     */
    public YesNo getConsentOnlyAfterStart() {
        return consentOnlyAfterStart;
    }

    /** True when the consent read was passed on more than {@code hops} times (R15); false when its hop is unknown. */
    public boolean consentHopAbove(int hops) {
        return consent != null && consent.hop() != null && consent.hop() > hops;
    }

    public YesNo getJobRelatedToOffer() {
        return jobRelatedToOffer;
    }

    /** YES when the person's email or phone is on the central suppression list (R20). */
    public YesNo getSuppressed() {
        return suppressed;
    }

    /** YES when the person asked for their processing to be restricted (GDPR art. 18) and it is not lifted (R29). */
    public YesNo getRestricted() {
        return restricted;
    }

    /** YES when the file was declared not to hold objections and the record says nothing of one (R20). */
    public YesNo getOptOutNotInFile() {
        return optOutNotInFile;
    }

    /** YES when the file was declared not to hold consents and the record has none on the campaign's channel. */
    public YesNo getConsentNotInFile() {
        return consentNotInFile;
    }

    /** YES when the file was declared not to hold Bloctel registrations and the record says nothing of one (R5). */
    public YesNo getBloctelNotInFile() {
        return bloctelNotInFile;
    }

    public YesNo getValidEmail() {
        return validEmail;
    }

    public YesNo getValidPhone() {
        return validPhone;
    }

    public YesNo getValidMobile() {
        return validMobile;
    }

    public YesNo getValidPostalAddress() {
        return validPostalAddress;
    }

    public int getCallAttemptsLast30Days() {
        return callAttemptsLast30Days;
    }

    /** YES when the person expressly agreed to be called outside the D223-9 days and hours (R21a). */
    public YesNo getOutOfHoursCallsAgreed() {
        return outOfHoursCallsAgreed;
    }

    /** The person's time zone: the record's {@code timeZone}, else the phone's prefix, else the postal code's, else Paris. */
    public ZoneId zone() {
        if (zone == null) {
            zone = LocalZones.zoneOf(declaredZone, phone, postalAddress);
        }
        return zone;
    }

    /** The person's département ("57", "974"), from the postal code or an overseas phone prefix; null when unknown. */
    public String departement() {
        if (departement == null) {
            departement = LocalZones.departementOf(phone, postalAddress);
            if (departement == null) {
                departement = "";
            }
        }
        return departement.isEmpty() ? null : departement;
    }

    /**
     * A cell such as "10:00-13:00, 14:00-20:00": true when some calling window of the campaign, converted to the
     * person's time zone on the campaign's dates, does not lie inside one of these local slots (R21a).
     */
    public boolean callsOutsideLocalHours(String slots) {
        // every record of every campaign meets these conditions (a decision table's constraints on Prospect are
        // evaluated on insert, before the join with the campaign): a campaign that calls no one answers at once
        return calling.calls() && calling.callsOutsideLocalHours(zone(), slots);
    }

    /** A cell such as "MONDAY, …, FRIDAY": true when some window falls, in the person's time zone, on another day (R21a). */
    public boolean callsOnLocalDaysOtherThan(String days) {
        return calling.calls() && calling.callsOnLocalDaysOtherThan(zone(), days);
    }

    /**
     * YES when every day on which the campaign calls (national holidays aside) is a public holiday of the person's
     * département: a one-day campaign on Alsace-Moselle's 26 December, for a person in 67 (R21a).
     */
    public YesNo getLocalHolidayOnEveryCallingDay() {
        return YesNo.of(calling.calls() && calling.localHolidayOnEveryCallingDay(departement()));
    }

    /**
     * True when the attempts of the last 30 days plus those the campaign plans per person in 30 days (its
     * {@code maxAttemptsPer30Days}, at least one) exceed {@code limit} (R21b: past and planned in one window).
     */
    public boolean attemptsWithPlannedAbove(int limit) {
        return callAttemptsLast30Days + plannedAttempts > limit;
    }

    /** YES when the record holds a consent for the campaign's channel. */
    public YesNo getConsentGiven() {
        return YesNo.of(consent != null);
    }

    /** YES when that consent points to an individual proof (R14). */
    public YesNo getConsentProven() {
        return YesNo.of(consent != null && consent.proofRef() != null && !consent.proofRef().isBlank());
    }

    /** YES when the renter was named when the person consented (R15). */
    public YesNo getRenterNamed() {
        return YesNo.of(consent != null && Boolean.TRUE.equals(consent.renterNamed()));
    }

    /** YES when a parent consented jointly (R19). */
    public YesNo getParentalConsent() {
        return YesNo.of(consent != null && Boolean.TRUE.equals(consent.parentalConsent()));
    }

    /** True when the person was younger than {@code years} when consenting; false when the age is unknown. */
    public boolean ageAtConsentBelow(int years) {
        if (consent == null || birthDate == null) {
            return false;
        }
        return Period.between(birthDate, consent.givenOn()).getYears() < years;
    }

    /** True when the consent for the channel is more than {@code months} old on the campaign's last day (R7). */
    public boolean consentOlderThanMonths(int months) {
        return consent != null && consent.givenOn().plusMonths(months).isBefore(campaignLastDay);
    }

    /**
     * True when the latest act of the person (the last contact they initiated, the collection of their data, a consent
     * they gave) is more than {@code years} before the campaign's last day (R18). False when none of these is known.
     */
    public boolean inactiveForMoreThanYears(int years) {
        return lastPersonAct != null && lastPersonAct.plusYears(years).isBefore(campaignLastDay);
    }

    private static LocalDate latest(LocalDate a, LocalDate b) {
        if (a == null) {
            return b;
        }
        return b == null || !b.isAfter(a) ? a : b;
    }

    /**
     * True when the campaign starts within the pause of {@code days} calendar days that follows a refusal (R21c).
     * The day of the refusal does not count (French rule for counting periods): the pause covers D+1 to D+days.
     */
    public boolean refusedWithinDays(int days) {
        return lastRefusalOn != null && !campaignStart.isAfter(lastRefusalOn.plusDays(days));
    }

    // Written by rule actions, read once the session is done.

    public void exclude(String reason) {
        reasons.add(reason);
    }

    public void addLegalBasis(LegalBasis basis) {
        if (!legalBases.contains(basis)) {
            legalBases.add(basis);
        }
    }

    public Set<String> reasons() {
        return reasons;
    }

    /** Records that a rule decided something for this record (its legal basis, an exclusion): "file:sheet:row". */
    public void decidedBy(String rule) {
        if (!decidingRules.contains(rule)) {
            decidingRules.add(rule);
        }
    }

    public List<String> decidingRules() {
        return decidingRules;
    }

    public List<LegalBasis> legalBases() {
        return legalBases;
    }

    /** How traces name this fact: "record:" and the id, never contact data. */
    @Override
    public String toString() {
        return label;
    }
}
