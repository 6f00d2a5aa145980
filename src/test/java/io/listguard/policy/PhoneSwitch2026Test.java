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
import io.listguard.domain.Severity;
import io.listguard.evaluation.EvaluationResult;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * Consumer telephone canvassing across the change of 2026-08-10/11 (legal reference §1 R5/R6 and §2 Bloctel):
 * consent-regime.xlsx rows 16-18, record-rules.xlsx sheet Enregistrements row 15 (BLOCTEL_REGISTERED) and
 * campaign-obligations.xlsx sheet Bloctel (BLOCTEL_SCRUB_STALE). A campaign is judged under every regime in force
 * during its period, and the stricter outcome holds.
 */
class PhoneSwitch2026Test extends PolicyTestSupport {

    private static EvaluationResult phoneCampaign(String start, String end, String scrubbedOn) {
        return evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).period(start, end),
                file().bloctelScrubbedOn(scrubbedOn),
                person("r-no-consent").withoutConsent(),
                person("r-consent"),
                person("r-bloctel-consent").bloctel(),
                person("r-bloctel-no-consent").bloctel().withoutConsent()));
    }

    // ---------------------------------------------------------------- 2026-08-10: R5

    @Test
    @DisplayName("R5 on 2026-08-10: opt-out, and Bloctel-registered numbers are excluded (C. conso. L223-1, 2020 wording)")
    void R5_campaignOn2026_08_10_isOptOutWithBloctel() {
        EvaluationResult result = phoneCampaign("2026-08-10", "2026-08-10", "2026-08-01");

        assertThat(reasons(result, "r-no-consent")).isEmpty();
        assertThat(verdict(result, "r-no-consent").legalBases()).containsExactly(LegalBasis.OPT_OUT);
        assertThat(regimeRuleIds(result, "r-no-consent")).containsExactly("R5");
        assertThat(regimeRows(result, "r-no-consent")).containsExactly(16);
        assertThat(reasons(result, "r-consent")).isEmpty();
        // a consent does not override Bloctel under R5
        assertThat(reasons(result, "r-bloctel-consent")).containsExactly("BLOCTEL_REGISTERED");
        assertThat(reasons(result, "r-bloctel-no-consent")).containsExactly("BLOCTEL_REGISTERED");
        assertThat(exclusionRuleIds(result, "Enregistrements", "r-bloctel-consent", "BLOCTEL_REGISTERED")).containsExactly("R5");
        assertThat(findingCodes(result)).containsExactly("BLOCTEL_NUMBERS_IN_RENTED_FILE"); // R24: the provider rented Bloctel numbers (L223-3)
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
        assertThat(result.summary().excludedBy()).containsExactlyInAnyOrderEntriesOf(java.util.Map.of("BLOCTEL_REGISTERED", 2));
    }

    @Test
    @DisplayName("R5 on 2026-08-10: a Bloctel scrub older than 30 days is BLOCTEL_SCRUB_STALE (C. conso. R223-6)")
    void R5_bloctelScrubStaleOn2026_08_10() {
        EvaluationResult result = phoneCampaign("2026-08-10", "2026-08-10", "2026-07-10"); // 31 days

        assertThat(findingCodes(result)).containsExactlyInAnyOrder("BLOCTEL_SCRUB_STALE", "BLOCTEL_NUMBERS_IN_RENTED_FILE"); // R24 too
        assertFinding(result, "BLOCTEL_SCRUB_STALE", Severity.BLOCKING, CAMPAIGN_OBLIGATIONS, "Bloctel", "R5");
        assertThat(result.decision()).isEqualTo(Decision.REJECTED);
    }

    @Test
    @DisplayName("R5 counter-case: a scrub exactly 30 days before the last call is fresh enough")
    void R5_bloctelScrub30DaysOldIsFresh() {
        EvaluationResult result = phoneCampaign("2026-08-10", "2026-08-10", "2026-07-11"); // 30 days

        assertThat(findingCodes(result)).containsExactly("BLOCTEL_NUMBERS_IN_RENTED_FILE"); // R24: the provider rented Bloctel numbers (L223-3)
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R5: a file never scrubbed against Bloctel is stale")
    void R5_fileNeverScrubbedIsStale() {
        EvaluationResult result = phoneCampaign("2026-08-03", "2026-08-07", null);

        assertThat(findingCodes(result)).containsExactlyInAnyOrder("BLOCTEL_SCRUB_STALE", "BLOCTEL_NUMBERS_IN_RENTED_FILE"); // R24 too
        assertThat(result.decision()).isEqualTo(Decision.REJECTED);
    }

    // ---------------------------------------------------------------- 2026-08-11: R6

    @Test
    @DisplayName("R6 on 2026-08-11: consent required; Bloctel (registration and scrub) no longer matters")
    void R6_campaignOn2026_08_11_needsConsentAndIgnoresBloctel() {
        EvaluationResult result = phoneCampaign("2026-08-11", "2026-08-11", "2026-05-01"); // scrub 102 days old

        assertThat(reasons(result, "r-no-consent")).containsExactly("NO_CONSENT");
        assertThat(verdict(result, "r-no-consent").legalBases()).containsExactly(LegalBasis.CONSENT_REQUIRED);
        assertThat(regimeRuleIds(result, "r-no-consent")).containsExactly("R6");
        assertThat(regimeRows(result, "r-no-consent")).containsExactly(17);
        assertThat(reasons(result, "r-consent")).isEmpty();
        assertThat(reasons(result, "r-bloctel-consent")).isEmpty();
        assertThat(verdict(result, "r-bloctel-consent").contactable()).isTrue();
        assertThat(reasons(result, "r-bloctel-no-consent")).containsExactly("NO_CONSENT");
        assertThat(result.findings()).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    // ---------------------------------------------------------------- 2026-08-05 to 2026-08-20: both

    @Test
    @DisplayName("R5+R6 crossing 2026-08-10/11: both regimes apply and the stricter outcome holds")
    void R5_R6_campaignCrossingTheSwitchGetsBothRegimes() {
        EvaluationResult result = phoneCampaign("2026-08-05", "2026-08-20", "2026-08-01");

        assertThat(reasons(result, "r-no-consent")).containsExactly("NO_CONSENT");
        assertThat(verdict(result, "r-no-consent").legalBases())
                .containsExactlyInAnyOrder(LegalBasis.OPT_OUT, LegalBasis.CONSENT_REQUIRED);
        assertThat(regimeRuleIds(result, "r-no-consent")).containsExactlyInAnyOrder("R5", "R6");
        assertThat(reasons(result, "r-bloctel-consent")).containsExactly("BLOCTEL_REGISTERED");
        assertThat(reasons(result, "r-bloctel-no-consent")).containsExactlyInAnyOrder("NO_CONSENT", "BLOCTEL_REGISTERED");
        assertThat(reasons(result, "r-consent")).isEmpty();
        assertThat(verdict(result, "r-consent").legalBases())
                .containsExactlyInAnyOrder(LegalBasis.OPT_OUT, LegalBasis.CONSENT_REQUIRED);
        assertThat(findingCodes(result)).containsExactly("BLOCTEL_NUMBERS_IN_RENTED_FILE"); // R24: the provider rented Bloctel numbers (L223-3)
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
        assertThat(result.summary().contactable()).isEqualTo(1);
        assertThat(result.summary().excluded()).isEqualTo(3);
    }

    @Test
    @DisplayName("R5+R6 crossing: the Bloctel scrub still has to be fresh")
    void R5_R6_crossingCampaignStillNeedsAFreshScrub() {
        EvaluationResult result = phoneCampaign("2026-08-05", "2026-08-20", "2026-07-01");

        assertThat(findingCodes(result)).containsExactlyInAnyOrder("BLOCTEL_SCRUB_STALE", "BLOCTEL_NUMBERS_IN_RENTED_FILE"); // R24 too
        assertThat(result.decision()).isEqualTo(Decision.REJECTED);
    }

    @Test
    @DisplayName("R5+R6 crossing: a contract in progress exempts from both consent and Bloctel")
    void R5_R6_crossingCampaignContractException() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-05", "2026-08-20"),
                file().bloctelScrubbedOn("2026-08-01"),
                person("r-1").withoutConsent().bloctel().contract()));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(verdict(result, "r-1").legalBases())
                .containsExactlyInAnyOrder(LegalBasis.OPT_OUT, LegalBasis.EXISTING_CONTRACT);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }
}
