package io.listguard.policy;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.file;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.Decision;
import io.listguard.domain.LegalBasis;
import io.listguard.domain.OptOutMechanism;
import io.listguard.domain.RecordKind;
import io.listguard.domain.Severity;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.TraceEntry;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * policies/consent-regime.xlsx, sheet Régime, and rules/regime.drl: the legal basis each record gets, by audience,
 * channel, record kind and period (legal reference §1, R1-R13). Each test has a lawful companion record "r-ok" where
 * that keeps the decision on APPROVED_WITH_EXCLUSIONS, so that an exclusion is the only thing that changes.
 */
class ConsentRegimeTest extends PolicyTestSupport {

    // ---------------------------------------------------------------- R1

    @ParameterizedTest(name = "R1 consumer {0}: no consent, no contact")
    @EnumSource(value = Channel.class, names = {"EMAIL", "SMS", "AUTOMATED_CALL"})
    @DisplayName("R1: consumer email, SMS and automated calls need prior consent (CPCE L34-5)")
    void R1_consumerElectronicChannelsNeedConsent(Channel channel) {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, channel),
                person("r-1").withoutConsent(), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("NO_CONSENT");
        assertThat(verdict(result, "r-1").contactable()).isFalse();
        assertThat(verdict(result, "r-1").legalBases()).containsExactly(LegalBasis.CONSENT_REQUIRED);
        assertThat(regimeRuleIds(result, "r-1")).containsExactly("R1");
        assertThat(regimeRows(result, "r-1")).containsExactly(14);
        assertThat(verdict(result, "r-ok").contactable()).isTrue();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
        assertThat(result.findings()).isEmpty();
    }

    @ParameterizedTest(name = "R1 consumer {0}: a proven consent allows contact")
    @EnumSource(value = Channel.class, names = {"EMAIL", "SMS", "AUTOMATED_CALL"})
    @DisplayName("R1 counter-case: a consumer who consented on the campaign's channel may be contacted")
    void R1_consumerWithConsentIsContactable(Channel channel) {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, channel), person("r-1")));

        RecordVerdict v = verdict(result, "r-1");
        assertThat(v.contactable()).isTrue();
        assertThat(v.reasons()).isEmpty();
        assertThat(v.legalBases()).containsExactly(LegalBasis.CONSENT_REQUIRED);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
        assertThat(result.findings()).isEmpty();
    }

    @Test
    @DisplayName("R1: consent is specific to a channel: an email consent does not allow an SMS")
    void R1_consentForAnotherChannelDoesNotCount() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.SMS),
                person("r-1").consent(consent(Channel.EMAIL, "2026-03-01", "form-1", true, false)), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("NO_CONSENT");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R1: a generic address of a consumer campaign gets no R11 leniency")
    void R1_appliesToGenericAddressesOfConsumerCampaigns() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1").kind(RecordKind.GENERIC_ADDRESS).email("contact@family.example.org").withoutConsent(),
                person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("NO_CONSENT");
        assertThat(regimeRuleIds(result, "r-1")).containsExactly("R1");
    }

    // ---------------------------------------------------------------- R4

    @Test
    @DisplayName("R4: consumer postal mail is opt-out: no consent needed")
    void R4_consumerPostalIsOptOut() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL),
                person("r-1").withoutConsent()));

        RecordVerdict v = verdict(result, "r-1");
        assertThat(v.contactable()).isTrue();
        assertThat(v.reasons()).isEmpty();
        assertThat(v.legalBases()).containsExactly(LegalBasis.OPT_OUT);
        assertThat(regimeRuleIds(result, "r-1")).containsExactly("R4");
        assertThat(regimeRows(result, "r-1")).containsExactly(15);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R4 counter-case: opt-out still excludes a person who objected (R20)")
    void R4_personWhoObjectedIsExcludedFromPostal() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL),
                person("r-1").withoutConsent().optedOut(), person("r-ok").withoutConsent()));

        assertThat(reasons(result, "r-1")).containsExactly("OPTED_OUT");
        assertThat(verdict(result, "r-1").legalBases()).containsExactly(LegalBasis.OPT_OUT);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    // ---------------------------------------------------------------- R6 (see also PhoneSwitch2026Test)

    @Test
    @DisplayName("R6: from 2026-08-11 a consumer phone call needs consent (C. conso. L223-1, loi 2025-594 art. 13)")
    void R6_consumerPhoneNeedsConsentFrom2026_08_11() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE),
                person("r-1").withoutConsent(), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("NO_CONSENT");
        assertThat(verdict(result, "r-1").legalBases()).containsExactly(LegalBasis.CONSENT_REQUIRED);
        assertThat(regimeRuleIds(result, "r-1")).containsExactly("R6");
        assertThat(regimeRows(result, "r-1")).containsExactly(17);
        assertThat(verdict(result, "r-ok").contactable()).isTrue();
        assertThat(verdict(result, "r-ok").legalBases()).containsExactly(LegalBasis.CONSENT_REQUIRED);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
        assertThat(result.findings()).isEmpty();
    }

    @Test
    @DisplayName("R6 counter-case: a campaign ending 2026-08-10 follows R5 (opt-out)")
    void R6_notBefore2026_08_11() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-03", "2026-08-10"),
                file().bloctelScrubbedOn("2026-07-31"), person("r-1").withoutConsent()));

        assertThat(verdict(result, "r-1").contactable()).isTrue();
        assertThat(verdict(result, "r-1").legalBases()).containsExactly(LegalBasis.OPT_OUT);
        assertThat(regimeRuleIds(result, "r-1")).containsExactly("R5");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
        assertThat(result.findings()).isEmpty();
    }

    @Test
    @DisplayName("R6 exception: a contract in progress about the offer allows the call without consent")
    void R6_contractInProgressException() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE),
                person("r-1").withoutConsent().contract()));

        RecordVerdict v = verdict(result, "r-1");
        assertThat(v.contactable()).isTrue();
        assertThat(v.reasons()).isEmpty();
        assertThat(v.legalBases()).containsExactly(LegalBasis.EXISTING_CONTRACT);
        assertThat(regimeRuleIds(result, "r-1")).containsExactly("R6");
        assertThat(regimeRows(result, "r-1")).containsExactly(18);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R6 exception counter-case: without a contract related to the offer, consent is required")
    void R6_contractExceptionNeedsAContract() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE),
                person("r-1").withoutConsent(), person("r-2").withoutConsent().contract()));

        assertThat(reasons(result, "r-1")).containsExactly("NO_CONSENT");
        assertThat(regimeRows(result, "r-1")).containsExactly(17);
        assertThat(reasons(result, "r-2")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R6 exception does not reach email: a contract does not replace R1 consent")
    void R6_contractExceptionIsForPhoneOnly() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1").withoutConsent().contract(), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("NO_CONSENT");
        assertThat(regimeRuleIds(result, "r-1")).containsExactly("R1");
    }

    // ---------------------------------------------------------------- R10

    @Test
    @DisplayName("R10 related: a business email about the person's job is opt-out (CNIL 2005)")
    void R10_businessEmailRelatedToJobIsOptOut() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("PROFESSIONAL_EQUIPMENT"),
                person("r-1").job("PURCHASING").withoutConsent()));

        RecordVerdict v = verdict(result, "r-1");
        assertThat(v.contactable()).isTrue();
        assertThat(v.legalBases()).containsExactly(LegalBasis.OPT_OUT);
        assertThat(regimeRuleIds(result, "r-1")).containsExactly("R10");
        assertThat(regimeRows(result, "r-1")).containsExactly(19);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R10 related: job functions compare case-insensitively with sheet Offres")
    void R10_jobFunctionComparedCaseInsensitively() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("SOFTWARE"),
                person("r-1").job("it").withoutConsent()));

        assertThat(verdict(result, "r-1").contactable()).isTrue();
        assertThat(verdict(result, "r-1").legalBases()).containsExactly(LegalBasis.OPT_OUT);
    }

    @Test
    @DisplayName("R10 unrelated: a business email unrelated to the job needs consent (CNIL sanction Nestor 2020)")
    void R10_businessEmailUnrelatedToJobNeedsConsent() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("PROFESSIONAL_EQUIPMENT"),
                person("r-1").job("HR").withoutConsent(), person("r-2").withoutConsent(),
                person("r-ok").job("PURCHASING").withoutConsent()));

        assertThat(reasons(result, "r-1")).containsExactly("OFFER_UNRELATED_TO_JOB");
        assertThat(verdict(result, "r-1").legalBases()).containsExactly(LegalBasis.CONSENT_REQUIRED);
        assertThat(regimeRuleIds(result, "r-1")).containsExactly("R10");
        assertThat(regimeRows(result, "r-1")).containsExactly(20);
        // no job function known: the offer cannot be shown to relate to it
        assertThat(reasons(result, "r-2")).containsExactly("OFFER_UNRELATED_TO_JOB");
        assertThat(reasons(result, "r-ok")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R10 unrelated counter-case: with a consent the person may be emailed")
    void R10_unrelatedWithConsentIsContactable() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("PROFESSIONAL_EQUIPMENT"),
                person("r-1").job("HR")));

        assertThat(verdict(result, "r-1").contactable()).isTrue();
        assertThat(verdict(result, "r-1").legalBases()).containsExactly(LegalBasis.CONSENT_REQUIRED);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    // ---------------------------------------------------------------- R11

    @Test
    @DisplayName("R11: a generic business address (contact@) is not personal data: no consent needed")
    void R11_genericBusinessAddressIsNotPersonalData() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("SOFTWARE"),
                person("r-1").kind(RecordKind.GENERIC_ADDRESS).email("contact@acme.example.org").withoutConsent()));

        RecordVerdict v = verdict(result, "r-1");
        assertThat(v.contactable()).isTrue();
        assertThat(v.legalBases()).containsExactly(LegalBasis.NOT_PERSONAL_DATA);
        assertThat(regimeRuleIds(result, "r-1")).containsExactly("R11");
        assertThat(regimeRows(result, "r-1")).containsExactly(21);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R11 counter-case: a named business address unrelated to the offer still needs consent")
    void R11_notForNamedAddresses() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("SOFTWARE"),
                person("r-1").email("jane.roe@acme.example.org").withoutConsent(),
                person("r-ok").kind(RecordKind.GENERIC_ADDRESS).withoutConsent()));

        assertThat(reasons(result, "r-1")).containsExactly("OFFER_UNRELATED_TO_JOB");
        assertThat(regimeRuleIds(result, "r-1")).containsExactly("R10");
    }

    @Test
    @DisplayName("R11: sender identification and opt-out are required all the same")
    void R11_senderAndOptOutStillRequired() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("SOFTWARE")
                        .optOut(OptOutMechanism.NONE),
                person("r-1").kind(RecordKind.GENERIC_ADDRESS).withoutConsent()));

        assertThat(verdict(result, "r-1").contactable()).isTrue();
        assertThat(findingCodes(result)).containsExactly("OPT_OUT_MISSING");
        assertFinding(result, "OPT_OUT_MISSING", Severity.BLOCKING, CAMPAIGN_OBLIGATIONS, "Opposition", "R3");
        assertThat(result.decision()).isEqualTo(Decision.REJECTED);
    }

    // ---------------------------------------------------------------- R12

    @Test
    @DisplayName("R12: a business phone call is opt-out, and Bloctel does not cover business numbers")
    void R12_businessPhoneIsOptOutWithoutBloctel() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.PHONE).period("2026-08-03", "2026-08-07"),
                file().bloctelScrubbedOn("2026-01-01"),
                person("r-1").withoutConsent().bloctel()));

        RecordVerdict v = verdict(result, "r-1");
        assertThat(v.contactable()).isTrue();
        assertThat(v.reasons()).isEmpty();
        assertThat(v.legalBases()).containsExactly(LegalBasis.OPT_OUT);
        assertThat(regimeRuleIds(result, "r-1")).containsExactly("R12");
        assertThat(regimeRows(result, "r-1")).containsExactly(22);
        // no BLOCTEL_SCRUB_STALE either: the scrub concerns consumers only
        assertThat(result.findings()).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R12: business postal mail is opt-out")
    void R12_businessPostalIsOptOut() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.POSTAL),
                person("r-1").withoutConsent()));

        assertThat(verdict(result, "r-1").contactable()).isTrue();
        assertThat(verdict(result, "r-1").legalBases()).containsExactly(LegalBasis.OPT_OUT);
        assertThat(regimeRuleIds(result, "r-1")).containsExactly("R12");
    }

    @Test
    @DisplayName("R12 counter-case: a consumer phone call after 2026-08-10 is not opt-out")
    void R12_notForConsumers() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE),
                person("r-1").withoutConsent(), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("NO_CONSENT");
        assertThat(regimeRuleIds(result, "r-1")).doesNotContain("R12");
    }

    // ---------------------------------------------------------------- R13 (unconfirmed, disabled)

    @ParameterizedTest(name = "R13 disabled, business {0}: falls back to consent (row 25, R1)")
    @EnumSource(value = Channel.class, names = {"SMS", "AUTOMATED_CALL"})
    @DisplayName("R13 rows are disabled (confidence U): business SMS and automated calls fall back to consent")
    void R13_disabled_businessSmsFallsBackToConsent(Channel channel) {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, channel).offer("PROFESSIONAL_EQUIPMENT"),
                person("r-related").job("PURCHASING").withoutConsent(),
                person("r-unrelated").job("HR").withoutConsent(),
                person("r-ok").job("PURCHASING")));

        // were R13 enabled, r-related would be opt-out and r-unrelated excluded as OFFER_UNRELATED_TO_JOB
        assertThat(reasons(result, "r-related")).containsExactly("NO_CONSENT");
        assertThat(reasons(result, "r-unrelated")).containsExactly("NO_CONSENT");
        assertThat(verdict(result, "r-related").legalBases()).containsExactly(LegalBasis.CONSENT_REQUIRED);
        assertThat(regimeRows(result, "r-related")).containsExactly(25);
        assertThat(regimeRuleIds(result, "r-related")).containsExactly("R1");
        assertThat(result.trace()).noneMatch(e -> "R13".equals(ruleIdOf(e.rule())));
        assertThat(verdict(result, "r-ok").contactable()).isTrue();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R13 counter-case: a business SMS to a person who consented may be sent")
    void R13_businessSmsWithConsentIsContactable() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.SMS).offer("PROFESSIONAL_EQUIPMENT"),
                person("r-1").job("HR")));

        assertThat(verdict(result, "r-1").contactable()).isTrue();
        assertThat(verdict(result, "r-1").legalBases()).containsExactly(LegalBasis.CONSENT_REQUIRED);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R13: the disabled R13 rows are still in the policy, with confidence U")
    void R13_rowsKeptButUnconfirmed() {
        var r13 = io.listguard.BundledPolicy.evaluator().policy().origins().values().stream()
                .filter(o -> "R13".equals(o.meta("ruleId"))).toList();
        assertThat(r13).hasSize(2);
        assertThat(r13).allSatisfy(o -> {
            assertThat(o.source()).isEqualTo(CONSENT_REGIME);
            assertThat(o.sheet()).isEqualTo("Régime");
            assertThat(o.meta("confidence")).isEqualTo("U");
        });
    }

    // ---------------------------------------------------------------- no regime row (rules/regime.drl)

    @Test
    @DisplayName("Policy gap: with no regime row (consumer phone before 2016-06-01) consent is presumed required")
    void noRegimeRow_consentPresumedRequired() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2015-03-02", "2015-03-06"),
                file().bloctelScrubbedOn("2015-03-01"),
                person("r-1").withoutConsent(), person("r-ok").lastActivity("2014-06-01")
                        .consent(consent(Channel.PHONE, "2014-06-01", "form-7", true, false))));

        assertThat(regimeRows(result, "r-1")).isEmpty();
        assertThat(reasons(result, "r-1")).containsExactly("NO_CONSENT");
        assertThat(verdict(result, "r-1").legalBases()).containsExactly(LegalBasis.CONSENT_REQUIRED);
        assertThat(result.trace()).anyMatch(e -> e.rule().equals("No regime row applies: consent presumed required")
                && e.facts().contains("record:r-1") && "rules/regime.drl".equals(e.source()));
        assertThat(verdict(result, "r-ok").contactable()).isTrue();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("Policy gap counter-case: when a row applies, the presumption does not fire")
    void noRegimeRow_notWhenARowApplies() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL), person("r-1").withoutConsent()));

        assertThat(result.trace()).map(TraceEntry::rule).doesNotContain("No regime row applies: consent presumed required");
        assertThat(verdict(result, "r-1").legalBases()).containsExactly(LegalBasis.OPT_OUT);
    }
}
