package io.listguard.policy;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.file;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.Consent;
import io.listguard.domain.Decision;
import io.listguard.domain.Severity;
import io.listguard.evaluation.EvaluationResult;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * Issue 15, the record facts of policies/record-rules.xlsx: prior consent (R1, R6), retention from collection (R18),
 * the renter's contract (R5, R6, R9, R23), the sector bans per record (R9, R23), an objection during a call (R27),
 * the liste orange (R25) and the partner chain (R15). Each rule on both sides of its date and of its exception.
 * Unless said otherwise the campaign is the default one (2026-12-01 to 2026-12-20).
 */
class RecordLawInDepthTest extends PolicyTestSupport {

    private static Consent hop(Channel channel, Integer hop) {
        return new Consent(channel, LocalDate.parse("2026-03-01"), "form-1", true, false, "Partenaire Exemple", hop);
    }

    // ---------------------------------------------------------------- R1, R6: prior consent

    @Test
    @DisplayName("R1: a consent given on the campaign's first day is prior and counts")
    void R1_consentOnTheFirstDayCounts() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1").consent(consent(Channel.EMAIL, "2026-12-01", "form-1", true, false))));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R1: a consent dated the day after the campaign's first day does not count: CONSENT_NOT_PRIOR (Consent sheet)")
    void R1_consentAfterTheFirstDayDoesNotCount() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1").consent(consent(Channel.EMAIL, "2026-12-02", "form-1", true, false)), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactlyInAnyOrder("NO_CONSENT", "CONSENT_NOT_PRIOR");
        assertThat(exclusionRuleIds(result, "Consentement", "r-1", "CONSENT_NOT_PRIOR")).containsExactly("R1");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R1/R14: with a prior and a later consent, the rules read the prior one (a later proven consent does not cure an unproven prior one)")
    void R1_thePriorConsentIsTheOneRead() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1").consent(consent(Channel.EMAIL, "2026-11-01", null, true, false))
                        .consent(consent(Channel.EMAIL, "2026-12-10", "form-2", true, false)),
                person("r-2").consent(consent(Channel.EMAIL, "2026-11-01", "form-1", true, false))
                        .consent(consent(Channel.EMAIL, "2026-12-10", null, false, false))));

        assertThat(reasons(result, "r-1")).containsExactly("CONSENT_UNPROVEN");
        assertThat(reasons(result, "r-2")).isEmpty();
    }

    @Test
    @DisplayName("R6: from 2026-08-11 a telephone consent given after the campaign's first day does not count")
    void R6_telephoneConsentMustBePrior() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE),
                person("r-1").consent(consent(Channel.PHONE, "2026-12-05", "call-1", true, false)),
                person("r-2").consent(consent(Channel.PHONE, "2026-11-30", "call-2", true, false))));

        assertThat(reasons(result, "r-1")).containsExactlyInAnyOrder("NO_CONSENT", "CONSENT_NOT_PRIOR");
        assertThat(exclusionRuleIds(result, "Consentement", "r-1", "CONSENT_NOT_PRIOR")).containsExactly("R6");
        assertThat(reasons(result, "r-2")).isEmpty();
    }

    @Test
    @DisplayName("R4 counter-case: a later consent is irrelevant where no consent is required (postal, opt-out)")
    void R4_laterConsentIrrelevantWithoutConsentRegime() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL),
                person("r-1").consent(consent(Channel.POSTAL, "2026-12-05", "form-1", true, false))));

        assertThat(reasons(result, "r-1")).isEmpty();
    }

    // ---------------------------------------------------------------- R18: retention from collection

    @Test
    @DisplayName("R18: without any last contact, data collected more than 3 years before the campaign's last day has expired")
    void R18_collectedMoreThanThreeYearsAgo() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL),
                person("r-1").withoutConsent().noLastActivity().collectedOn("2023-12-19"),
                person("r-2").withoutConsent().noLastActivity().collectedOn("2023-12-20")));

        assertThat(reasons(result, "r-1")).containsExactly("RETENTION_EXPIRED");
        assertThat(exclusionRuleIds(result, "Enregistrements", "r-1", "RETENTION_EXPIRED")).containsExactly("R18");
        assertThat(reasons(result, "r-2")).isEmpty();
    }

    @Test
    @DisplayName("R18: a consent is an act of the person: an old consent alone expires the data, a recent one (any channel) keeps it")
    void R18_consentDatesCount() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL),
                person("r-1").noLastActivity().consent(consent(Channel.EMAIL, "2023-12-19", "form-1", true, false)),
                person("r-2").lastActivity("2020-01-01").collectedOn("2019-05-01").consent(consent(Channel.SMS, "2024-01-10", "form-2", true, false))));

        assertThat(reasons(result, "r-1")).containsExactly("RETENTION_EXPIRED");
        assertThat(reasons(result, "r-2")).isEmpty();
    }

    @Test
    @DisplayName("R18: the latest of last contact, collection and consent counts: a recent last contact keeps data collected long ago")
    void R18_latestActCounts() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL),
                person("r-1").withoutConsent().collectedOn("2015-01-01").lastActivity("2025-06-01")));

        assertThat(reasons(result, "r-1")).isEmpty();
    }

    @Test
    @DisplayName("R18 (documented gap): a record with no last contact, no collection date and no consent is not matched")
    void R18_nothingKnownIsNotMatched() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL),
                person("r-1").withoutConsent().noLastActivity()));

        assertThat(reasons(result, "r-1")).isEmpty();
    }

    // ---------------------------------------------------------------- R6, R5: the renter's contract

    @Test
    @DisplayName("R6: from 2026-08-11 the contract exception needs a contract with the renter")
    void R6_contractExceptionNeedsTheRenter() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE),
                person("r-renter").withoutConsent().contract(true),
                person("r-other").withoutConsent().contract(false),
                person("r-unknown").withoutConsent().contract(null)));

        assertThat(reasons(result, "r-renter")).isEmpty();
        assertThat(reasons(result, "r-other")).containsExactly("NO_CONSENT");
        assertThat(reasons(result, "r-unknown")).containsExactlyInAnyOrder("NO_CONSENT", "CONTRACT_WITH_RENTER_UNPROVEN");
        assertThat(exclusionRuleIds(result, "Consentement", "r-unknown", "CONTRACT_WITH_RENTER_UNPROVEN")).containsExactly("R6");
    }

    @Test
    @DisplayName("R5: until 2026-08-10 a Bloctel number may be called about a contract in progress with the renter only")
    void R5_bloctelContractExceptionNeedsTheRenter() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-03", "2026-08-07"),
                file().bloctelScrubbedOn("2026-07-31"),
                person("r-renter").bloctel().contract(true),
                person("r-other").bloctel().contract(false),
                person("r-unknown").bloctel().contract(null)));

        assertThat(reasons(result, "r-renter")).isEmpty();
        assertThat(reasons(result, "r-other")).containsExactly("BLOCTEL_REGISTERED");
        assertThat(reasons(result, "r-unknown")).containsExactlyInAnyOrder("BLOCTEL_REGISTERED", "CONTRACT_WITH_RENTER_UNPROVEN");
        assertThat(exclusionRuleIds(result, "Enregistrements", "r-unknown", "CONTRACT_WITH_RENTER_UNPROVEN")).containsExactly("R5");
    }

    @Test
    @DisplayName("R6 counter-case: an unstated contract party never excludes by itself (consumer email, consent given)")
    void R6_unknownPartyAloneIsHarmless() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1").contract(null)));

        assertThat(reasons(result, "r-1")).isEmpty();
    }

    // ---------------------------------------------------------------- R9: sector bans per record

    @Test
    @DisplayName("R9: energy renovation by telephone is banned from 2020-07-26 (loi 2020-901), not the day before")
    void R9_energyRenovationByPhoneFrom2020_07_26() {
        EvaluationResult before = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).offer("ENERGY_RENOVATION").period("2020-07-20", "2020-07-25"),
                file().bloctelScrubbedOn("2020-07-15"), person("r-1").withoutConsent()));
        EvaluationResult from = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).offer("RENEWABLE_ENERGY").period("2020-07-26", null),
                file().bloctelScrubbedOn("2020-07-15"), person("r-1").withoutConsent()));

        assertThat(reasons(before, "r-1")).isEmpty();
        assertThat(reasons(from, "r-1")).containsExactly("SECTOR_BANNED");
        assertThat(exclusionRuleIds(from, "Enregistrements", "r-1", "SECTOR_BANNED")).containsExactly("R9");
    }

    @Test
    @DisplayName("R9: a banned campaign whose people hold no contract is rejected (NO_CONTACTABLE_RECORDS); a contract holder with the renter may be called")
    void R9_contractHolderMayBeCalled() {
        // 2024: after the 2020 ban, before the campaign-level row's 2025 date on main
        EvaluationResult none = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).offer("ENERGY_RENOVATION").period("2024-03-04", "2024-03-08"),
                file().bloctelScrubbedOn("2024-03-01").certifiedUntil("2027-06-30"), person("r-1"), person("r-2")));
        EvaluationResult holder = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).offer("ENERGY_RENOVATION").period("2024-03-04", "2024-03-08"),
                file().bloctelScrubbedOn("2024-03-01"), person("r-1"), person("r-2").contract(true), person("r-3").contract(null)));

        assertThat(reasons(none, "r-1")).containsExactly("SECTOR_BANNED");
        assertThat(findingCodes(none)).contains("NO_CONTACTABLE_RECORDS");
        assertThat(none.decision()).isEqualTo(Decision.REJECTED);

        assertThat(reasons(holder, "r-1")).containsExactly("SECTOR_BANNED");
        assertThat(reasons(holder, "r-2")).isEmpty();
        assertThat(reasons(holder, "r-3")).containsExactlyInAnyOrder("SECTOR_BANNED", "CONTRACT_WITH_RENTER_UNPROVEN");
        assertThat(holder.findings()).noneMatch(f -> f.severity() == Severity.BLOCKING);
        assertThat(holder.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R9: home adaptation by telephone is banned from 2025-07-02 (loi 2025-594), not the day before")
    void R9_homeAdaptationByPhoneFrom2025_07_02() {
        EvaluationResult before = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).offer("HOME_ADAPTATION").period("2025-06-23", "2025-07-01"),
                file().bloctelScrubbedOn("2025-06-20"), person("r-1")));
        EvaluationResult from = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).offer("HOME_ADAPTATION").period("2025-07-02", null),
                file().bloctelScrubbedOn("2025-06-20"), person("r-1"), person("r-2").contract(true)));

        assertThat(reasons(before, "r-1")).isEmpty();
        assertThat(reasons(from, "r-1")).containsExactly("SECTOR_BANNED");
        assertThat(reasons(from, "r-2")).isEmpty();
    }

    @ParameterizedTest(name = "R9 consumer {0}")
    @EnumSource(value = Channel.class, names = {"EMAIL", "SMS", "AUTOMATED_CALL"})
    @DisplayName("R9 (M): electronic canvassing for the three offers is banned from 2025-07-02, except a contract with the renter")
    void R9_electronicFrom2025_07_02(Channel channel) {
        Consent prior = consent(channel, "2025-01-10", "form-1", true, false);
        EvaluationResult before = evaluate(request(campaign(Audience.CONSUMER, channel).offer("RENEWABLE_ENERGY").period("2025-06-23", "2025-07-01"),
                person("r-1").consent(prior)));
        EvaluationResult from = evaluate(request(campaign(Audience.CONSUMER, channel).offer("HOME_ADAPTATION").period("2025-07-02", null),
                person("r-1").consent(prior), person("r-2").consent(prior).contract(true)));

        assertThat(reasons(before, "r-1")).isEmpty();
        assertThat(reasons(from, "r-1")).containsExactly("SECTOR_BANNED");
        assertThat(reasons(from, "r-2")).isEmpty();
    }

    @Test
    @DisplayName("R9 counter-case: postal mail, business audiences and other offers are not banned per record")
    void R9_notForPostalBusinessOrOtherOffers() {
        assertThat(reasons(evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL).offer("ENERGY_RENOVATION"), person("r-1"))), "r-1")).isEmpty();
        assertThat(reasons(evaluate(request(campaign(Audience.BUSINESS, Channel.PHONE).offer("ENERGY_RENOVATION"), person("r-1"))), "r-1")).isEmpty();
        assertThat(reasons(evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).offer("HOME_IMPROVEMENT"), person("r-1"))), "r-1")).isEmpty();
    }

    // ---------------------------------------------------------------- R23: CPF

    @Test
    @DisplayName("R23: canvassing CPF holders is banned from 2022-12-21 (C. trav. L6323-8-1), not the day before")
    void R23_cpfFrom2022_12_21() {
        Consent prior = consent(Channel.EMAIL, "2022-01-10", "form-1", true, false);
        EvaluationResult before = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL).offer("CPF_TRAINING").period("2022-12-19", "2022-12-20"),
                person("r-1").consent(prior)));
        EvaluationResult from = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL).offer("CPF_TRAINING").period("2022-12-21", null),
                person("r-1").consent(prior)));

        assertThat(reasons(before, "r-1")).isEmpty();
        assertThat(reasons(from, "r-1")).containsExactly("CPF_CANVASSING_BANNED");
        assertThat(exclusionRuleIds(from, "Enregistrements", "r-1", "CPF_CANVASSING_BANNED")).containsExactly("R23");
        assertThat(from.decision()).isEqualTo(Decision.REJECTED);
    }

    @ParameterizedTest(name = "R23 business {0}")
    @EnumSource(value = Channel.class, names = {"PHONE", "SMS", "AUTOMATED_CALL", "EMAIL"})
    @DisplayName("R23: businesses too, on every channel L6323-8-1 names; a training action in progress with the renter is excepted, an unstated party is not")
    void R23_businessesTooWithTheContractException(Channel channel) {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, channel).offer("CPF_TRAINING"),
                person("r-1").job("IT"), person("r-2").job("IT").contract(true), person("r-3").job("IT").contract(null)));

        assertThat(reasons(result, "r-1")).contains("CPF_CANVASSING_BANNED");
        assertThat(reasons(result, "r-2")).doesNotContain("CPF_CANVASSING_BANNED", "CONTRACT_WITH_RENTER_UNPROVEN");
        assertThat(reasons(result, "r-3")).contains("CPF_CANVASSING_BANNED", "CONTRACT_WITH_RENTER_UNPROVEN");
    }

    @Test
    @DisplayName("R23 counter-case: postal mail is not among the channels L6323-8-1 names (telephone, interpersonal messages, email, social networks)")
    void R23_notByPost() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL).offer("CPF_TRAINING"), person("r-1")));

        assertThat(reasons(result, "r-1")).doesNotContain("CPF_CANVASSING_BANNED");
    }

    // ---------------------------------------------------------------- R27: objection during a call

    @Test
    @DisplayName("R27: from 2026-08-11 a consumer who objected during a call may not be recontacted, whatever the objection's date")
    void R27_objectionDuringACallFrom2026_08_11() {
        EvaluationResult before = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-03", "2026-08-10"),
                file().bloctelScrubbedOn("2026-07-31"), person("r-1").objectedDuringCall("2024-01-15")));
        EvaluationResult from = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-11", "2026-08-14"),
                file().bloctelScrubbedOn("2026-07-31"), person("r-1").objectedDuringCall("2024-01-15"), person("r-ok")));

        assertThat(reasons(before, "r-1")).isEmpty();
        assertThat(reasons(from, "r-1")).containsExactly("OBJECTED_DURING_CALL");
        assertThat(exclusionRuleIds(from, "Enregistrements", "r-1", "OBJECTED_DURING_CALL")).containsExactly("R27");
        assertThat(reasons(from, "r-ok")).isEmpty();
    }

    @Test
    @DisplayName("R27 vs R21c: a refusal of the offer pauses calls for 60 days only; an objection during a call has no end")
    void R27_distinctFromARefusal() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE),
                person("r-refused").lastRefusal("2026-09-01"), person("r-objected").objectedDuringCall("2026-09-01")));

        assertThat(reasons(result, "r-refused")).isEmpty();
        assertThat(reasons(result, "r-objected")).containsExactly("OBJECTED_DURING_CALL");
    }

    // ---------------------------------------------------------------- R25: liste orange

    @ParameterizedTest(name = "R25 {0}")
    @EnumSource(value = Channel.class, names = {"PHONE", "SMS", "AUTOMATED_CALL", "POSTAL"})
    @DisplayName("R25: a person on the liste orange is excluded on telephone, SMS, automated calls and post")
    void R25_listeOrangeExcludes(Channel channel) {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, channel),
                person("r-1").listeOrange(true), person("r-2").listeOrange(false), person("r-3")));

        assertThat(reasons(result, "r-1")).containsExactly("ON_LISTE_ORANGE");
        assertThat(exclusionRuleIds(result, "Enregistrements", "r-1", "ON_LISTE_ORANGE")).containsExactly("R25");
        assertThat(reasons(result, "r-2")).isEmpty();
        assertThat(reasons(result, "r-3")).isEmpty();
    }

    @Test
    @DisplayName("R25 counter-case: the liste orange does not concern email")
    void R25_notForEmail() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1").listeOrange(true)));

        assertThat(reasons(result, "r-1")).isEmpty();
    }

    // ---------------------------------------------------------------- R15: partner chain

    @Test
    @DisplayName("R15: a consent passed on more than once does not count (PARTNER_CHAIN_TOO_LONG); one hop or an unknown hop does")
    void R15_oneHopOnly() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-2").consent(hop(Channel.EMAIL, 2)), person("r-1").consent(hop(Channel.EMAIL, 1)),
                person("r-unknown").consent(hop(Channel.EMAIL, null))));

        assertThat(reasons(result, "r-2")).containsExactly("PARTNER_CHAIN_TOO_LONG");
        assertThat(exclusionRuleIds(result, "Consentement", "r-2", "PARTNER_CHAIN_TOO_LONG")).containsExactly("R15");
        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(reasons(result, "r-unknown")).isEmpty();
    }

    @Test
    @DisplayName("R15 counter-case: the hop of a consent is not read where no consent is required (postal)")
    void R15_notWithoutConsentRegime() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL), person("r-1").consent(hop(Channel.POSTAL, 3))));

        assertThat(reasons(result, "r-1")).isEmpty();
    }
}
