package io.listguard.policy;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.file;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.Decision;
import io.listguard.domain.RecordKind;
import io.listguard.evaluation.EvaluationResult;
import java.util.List;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * policies/record-rules.xlsx: sheets Enregistrements (objections, Bloctel, retention, call limits), Consent (consents that
 * do not count) and Contact points. Unless said otherwise the campaign is the default one (2026-12-01 to
 * 2026-12-20) and each test has a lawful companion record "r-ok".
 */
class RecordRulesTest extends PolicyTestSupport {

    // ---------------------------------------------------------------- R20

    @ParameterizedTest(name = "R20 consumer {0}: an objection excludes the record")
    @EnumSource(Channel.class)
    @DisplayName("R20: an objection to direct marketing is absolute, on every channel (GDPR art. 21(2)-(3))")
    void R20_objectionExcludesOnEveryChannel(Channel channel) {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, channel),
                person("r-1").optedOut(), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("OPTED_OUT");
        assertThat(exclusionRuleIds(result, "Enregistrements", "r-1", "OPTED_OUT")).containsExactly("R20");
        assertThat(verdict(result, "r-ok").contactable()).isTrue();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
        assertThat(result.findings()).isEmpty();
    }

    @Test
    @DisplayName("R20: an objection is honoured even for a generic business address (not personal data)")
    void R20_objectionExcludesAGenericBusinessAddress() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("SOFTWARE"),
                person("r-1").kind(RecordKind.GENERIC_ADDRESS).withoutConsent().optedOut(),
                person("r-ok").kind(RecordKind.GENERIC_ADDRESS).withoutConsent()));

        assertThat(reasons(result, "r-1")).containsExactly("OPTED_OUT");
        assertThat(reasons(result, "r-ok")).isEmpty();
    }

    @Test
    @DisplayName("R20 counter-case: a person who did not object is not excluded as OPTED_OUT")
    void R20_noObjectionNoExclusion() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL), person("r-1")));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    // ---------------------------------------------------------------- R5 Bloctel registration

    @Test
    @DisplayName("R5: a consumer number on Bloctel is excluded until 2026-08-10 (C. conso. L223-1)")
    void R5_bloctelRegisteredConsumerIsExcluded() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-03", "2026-08-07"),
                file().bloctelScrubbedOn("2026-07-31"),
                person("r-1").bloctel(), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("BLOCTEL_REGISTERED");
        assertThat(exclusionRuleIds(result, "Enregistrements", "r-1", "BLOCTEL_REGISTERED")).containsExactly("R5");
        assertThat(fired(result, "Enregistrements", "record:r-1")).singleElement()
                .satisfies(e -> assertThat(e.row()).isEqualTo(15));
        assertThat(reasons(result, "r-ok")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
        assertThat(findingCodes(result)).containsExactly("BLOCTEL_NUMBERS_IN_RENTED_FILE"); // R24: the provider rented Bloctel numbers (L223-3)
    }

    @Test
    @DisplayName("R5 press exception: newspapers and magazines may call Bloctel-registered consumers (L223-5)")
    void R5_bloctelPressException() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).offer("PRESS").period("2026-08-03", "2026-08-07"),
                file().bloctelScrubbedOn("2026-07-31"),
                person("r-1").bloctel()));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R5 contract exception: a call about a contract in progress may reach a Bloctel-registered consumer")
    void R5_bloctelContractException() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-03", "2026-08-07"),
                file().bloctelScrubbedOn("2026-07-31"),
                person("r-1").bloctel().contract()));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R5 counter-case: Bloctel concerns the telephone only, not email")
    void R5_bloctelIrrelevantForEmail() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL).period("2026-08-03", "2026-08-07"),
                person("r-1").bloctel()));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    // ---------------------------------------------------------------- R18

    @Test
    @DisplayName("R18: prospect data more than 3 years after the person's last contact must not be used")
    void R18_retentionExpiredAfterThreeYears() {
        // campaign's last day 2026-12-20; last activity 2023-12-19 is 3 years and 1 day before, and so is the consent
        // (a consent is an act of the person: a recent one would keep the data within retention)
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1").lastActivity("2023-12-19").consent(consent(Channel.EMAIL, "2023-06-01", "form-1", true, false)), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("RETENTION_EXPIRED");
        assertThat(exclusionRuleIds(result, "Enregistrements", "r-1", "RETENTION_EXPIRED")).containsExactly("R18");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R18 counter-case: exactly 3 years on the campaign's last day is still within retention")
    void R18_notBeforeThreeYears() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL),
                person("r-1").lastActivity("2023-12-20")));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    // ---------------------------------------------------------------- R21b, R21c

    @Test
    @DisplayName("R21b: a consumer already called 4 times in 30 days may not be called again (D223-9)")
    void R21b_callLimitReached() {
        // the campaign plans one attempt per person: 3 past + 1 planned stays within the 4 of R21b (sheet Appels par personne)
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).calling(new io.listguard.domain.CallingPlan(
                        List.of(new io.listguard.domain.CallingWindow(List.of(java.time.DayOfWeek.MONDAY), java.time.LocalTime.of(10, 0),
                                java.time.LocalTime.of(12, 0))), false, 1)),
                person("r-1").attempts(4), person("r-ok").attempts(3)));

        assertThat(reasons(result, "r-1")).containsExactly("CALL_LIMIT_REACHED");
        assertThat(exclusionRuleIds(result, "Enregistrements", "r-1", "CALL_LIMIT_REACHED")).containsExactly("R21b");
        assertThat(reasons(result, "r-ok")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R21b counter-case: call attempts do not limit an email campaign")
    void R21b_notForEmail() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1").attempts(9)));

        assertThat(reasons(result, "r-1")).isEmpty();
    }

    @Test
    @DisplayName("R21c: no call for 60 days after a consumer refused (D223-9)")
    void R21c_refusedRecently() {
        // campaign starts 2026-12-01: a refusal on 2026-10-03 leaves 59 days; one on 2026-10-01, 61 days
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE),
                person("r-1").lastRefusal("2026-10-03"), person("r-ok").lastRefusal("2026-10-01")));

        assertThat(reasons(result, "r-1")).containsExactly("REFUSED_RECENTLY");
        assertThat(exclusionRuleIds(result, "Enregistrements", "r-1", "REFUSED_RECENTLY")).containsExactly("R21c");
        assertThat(reasons(result, "r-ok")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R21c boundary: the 60th calendar day after the refusal is still inside the pause")
    void R21c_sixtiethDayAfterRefusalIsStillPaused() {
        // D223-9: no new call "avant l'expiration d'un delai de soixante jours calendaires a compter de ce refus".
        // The day of the refusal does not count: a refusal on 2026-10-02 pauses 2026-10-03 to 2026-12-01 included,
        // so a campaign starting 2026-12-01 (day 60) may not call this person.
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE),
                person("r-1").lastRefusal("2026-10-02"), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("REFUSED_RECENTLY");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R21c counter-case: a refusal more than 60 days before the campaign no longer excludes")
    void R21c_notAfter60Days() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE), person("r-1").lastRefusal("2026-09-01")));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R21c counter-case: a refusal does not limit email")
    void R21c_notForEmail() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1").lastRefusal("2026-11-30")));

        assertThat(reasons(result, "r-1")).isEmpty();
    }

    // ---------------------------------------------------------------- R14, R15, R19 (sheet Consentement)

    @Test
    @DisplayName("R14: a consent without individual proof does not count (GDPR art. 7(1); CNIL EDF 2022)")
    void R14_consentWithoutIndividualProof() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1").consent(consent(Channel.EMAIL, "2026-03-01", null, true, false)),
                person("r-2").consent(consent(Channel.EMAIL, "2026-03-01", "  ", true, false)),
                person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("CONSENT_UNPROVEN");
        assertThat(reasons(result, "r-2")).containsExactly("CONSENT_UNPROVEN");
        assertThat(exclusionRuleIds(result, "Consentement", "r-1", "CONSENT_UNPROVEN")).containsExactly("R14");
        assertThat(reasons(result, "r-ok")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R14 counter-case: the proof matters only where consent is the legal basis (not postal opt-out)")
    void R14_notCheckedUnderOptOut() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL),
                person("r-1").consent(consent(Channel.POSTAL, "2026-03-01", null, false, false))));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R14 applies to R6 telephone consent too")
    void R14_appliesToPhoneConsentUnderR6() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE),
                person("r-1").consent(consent(Channel.PHONE, "2026-03-01", null, true, false)), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("CONSENT_UNPROVEN");
    }

    @Test
    @DisplayName("R15: consent 'for partners' counts only if the renter was named (CNIL; Canal+ 2023)")
    void R15_partnerNotNamed() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.SMS),
                person("r-1").consent(consent(Channel.SMS, "2026-03-01", "form-1", false, false)),
                person("r-2").consent(consent(Channel.SMS, "2026-03-01", "form-1", null, false)),
                person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("PARTNER_NOT_NAMED");
        assertThat(reasons(result, "r-2")).containsExactly("PARTNER_NOT_NAMED");
        assertThat(exclusionRuleIds(result, "Consentement", "r-1", "PARTNER_NOT_NAMED")).containsExactly("R15");
        assertThat(reasons(result, "r-ok")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R15 counter-case: the renter named at collection makes the consent count")
    void R15_renterNamed() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.SMS),
                person("r-1").consent(consent(Channel.SMS, "2026-03-01", "form-1", true, false))));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R14+R15: a consent both unproven and not naming the renter gets both reasons")
    void R14_R15_bothReasons() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1").consent(consent(Channel.EMAIL, "2026-03-01", null, false, false)), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactlyInAnyOrder("CONSENT_UNPROVEN", "PARTNER_NOT_NAMED");
        assertThat(result.summary().excluded()).isEqualTo(1);
    }

    @Test
    @DisplayName("R19: online consent of a child under 15 needs a parent's consent (Loi I&L art. 45)")
    void R19_minorWithoutParentalConsent() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1").birthDate("2012-01-01"), // 14 when consenting on 2026-03-01
                person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("MINOR_WITHOUT_PARENTAL_CONSENT");
        assertThat(exclusionRuleIds(result, "Consentement", "r-1", "MINOR_WITHOUT_PARENTAL_CONSENT")).containsExactly("R19");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R19 counter-case: with a parent's consent, or at 15, the consent counts")
    void R19_parentalConsentOrFifteen() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-parent").birthDate("2012-01-01").consent(consent(Channel.EMAIL, "2026-03-01", "form-1", true, true)),
                person("r-15").birthDate("2011-03-01")));

        assertThat(reasons(result, "r-parent")).isEmpty();
        assertThat(reasons(result, "r-15")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    // ---------------------------------------------------------------- R7 (unconfirmed, disabled)

    @Test
    @DisplayName("R7 is disabled by default (décret 2026-662 unverified, confidence U): an old phone consent is NOT expired")
    void R7_disabledByDefault_oldPhoneConsentNotExpired() {
        // 18 months old on the campaign's last day: CONSENT_EXPIRED if R7 were enabled
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE),
                person("r-1").consent(consent(Channel.PHONE, "2025-06-01", "form-1", true, false))));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(verdict(result, "r-1").contactable()).isTrue();
        assertThat(result.summary().excludedBy()).doesNotContainKey("CONSENT_EXPIRED");
        assertThat(result.trace()).noneMatch(e -> "R7".equals(ruleIdOf(e.rule())));
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);

        // the row is kept in record-rules.xlsx, sheet Consentement, marked unconfirmed
        List<RuleOrigin> r7 = BundledPolicy.evaluator().policy().origins().values().stream()
                .filter(o -> "R7".equals(o.meta("ruleId"))).toList();
        assertThat(r7).singleElement().satisfies(o -> {
            assertThat(o.source()).isEqualTo(RECORD_RULES);
            assertThat(o.sheet()).isEqualTo("Consentement");
            assertThat(o.meta("confidence")).isEqualTo("U");
        });
    }

    // ---------------------------------------------------------------- contact points

    @Test
    @DisplayName("Q-CONTACT: a malformed email address makes the record INVALID_CONTACT")
    void invalidContact_email() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1").email("jean.dupont(at)example"), person("r-2").email(null), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("INVALID_CONTACT");
        assertThat(reasons(result, "r-2")).containsExactly("INVALID_CONTACT");
        assertThat(exclusionRuleIds(result, "Points de contact", "r-1", "INVALID_CONTACT")).containsExactly("Q-CONTACT");
        assertThat(reasons(result, "r-ok")).isEmpty();
        // 2 of 3 records: the file-wide hygiene warning too, which does not change the decision
        assertThat(findingCodes(result)).containsExactly("HIGH_INVALID_CONTACT_RATE");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("Q-CONTACT: an SMS needs a mobile number; a landline is INVALID_CONTACT")
    void invalidContact_smsNeedsAMobile() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.SMS),
                person("r-1").phone("01 23 45 67 89"), person("r-ok").phone("+33 7 12 34 56 78")));

        assertThat(reasons(result, "r-1")).containsExactly("INVALID_CONTACT");
        assertThat(reasons(result, "r-ok")).isEmpty();
    }

    @Test
    @DisplayName("Q-CONTACT counter-case: a landline is a valid number for a phone call")
    void invalidContact_landlineIsFineForPhone() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE),
                person("r-1").phone("01 23 45 67 89"), person("r-2").phone("12345"), person("r-ok")));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(reasons(result, "r-2")).containsExactly("INVALID_CONTACT");
    }

    @Test
    @DisplayName("Q-CONTACT: postal mail needs a deliverable address")
    void invalidContact_postal() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL),
                person("r-1").postalAddress("Paris"), person("r-ok")));

        assertThat(reasons(result, "r-1")).containsExactly("INVALID_CONTACT");
        assertThat(reasons(result, "r-ok")).isEmpty();
    }

    @Test
    @DisplayName("Q-CONTACT counter-case: a missing phone number does not matter for an email campaign")
    void invalidContact_onlyTheCampaignsChannelCounts() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1").phone(null).postalAddress(null)));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
        assertThat(result.findings()).isEmpty();
    }
}
