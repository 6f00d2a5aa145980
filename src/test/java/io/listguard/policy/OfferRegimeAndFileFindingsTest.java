package io.listguard.policy;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.file;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.Decision;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.LegalBasis;
import io.listguard.domain.Severity;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Evaluator;
import io.listguard.evaluation.Finding;
import java.nio.file.Path;
import java.time.LocalDate;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Issue 15, helper "regime": the offer-category columns of the Regime sheet and the press exception after
 * 2026-08-11 (R6, C. conso. L223-5: consent-regime.xlsx, Regime row 26, switched off); the special categories of
 * GDPR art. 9 as segments (R26: list-quality.xlsx, Targeting rows 18-28, File thresholds row 17); a rented file
 * holding Bloctel numbers (R24, C. conso. L223-3, until 2026-08-10: File thresholds row 18).
 */
class OfferRegimeAndFileFindingsTest extends PolicyTestSupport {

    static final int PRESS_ROW = 26;

    @TempDir
    Path tmp;

    /** A consumer phone press campaign from 2026-08-11: one person without consent and not on Bloctel, one with consent. */
    private static EvaluationRequest pressCall(String offer, String start, String end) {
        return request(campaign(Audience.CONSUMER, Channel.PHONE).offer(offer).period(start, end),
                file().bloctelScrubbedOn(start),
                person("r-no-consent").withoutConsent(),
                person("r-consent"));
    }

    private static EvaluationResult evaluate(WorkingCopy copy, EvaluationRequest request) {
        return new Evaluator(new PolicyCompiler().compile(copy.policySet(), "test")).evaluate(request);
    }

    // ---------------------------------------------------------------- R6 / L223-5: the press row, off by default

    @Test
    @DisplayName("R6 (L223-5 press row off): a press call on 2026-08-11 without consent is NO_CONSENT under row 17, as for any offer")
    void R6_pressRowOff_pressCallNeedsConsent() {
        EvaluationResult result = evaluate(pressCall("PRESS", "2026-08-11", "2026-08-11"));

        assertThat(reasons(result, "r-no-consent")).containsExactly("NO_CONSENT");
        assertThat(regimeRows(result, "r-no-consent")).containsExactly(17);
        assertThat(regimeRuleIds(result, "r-no-consent")).containsExactly("R6");
        assertThat(reasons(result, "r-consent")).isEmpty();
    }

    @Test
    @DisplayName("R6 (L223-5 press row off): the switched-off row is in the workbook, U, with both readings and their sources")
    void R6_pressRowIsKeptOffWithBothReadings() {
        var origin = io.listguard.BundledPolicy.evaluator().policy().origin("ConsentRegime Régime_" + PRESS_ROW).orElseThrow();
        assertThat(origin.meta("ruleId")).isEqualTo("R6");
        assertThat(origin.meta("confidence")).isEqualTo("U");
        assertThat(origin.meta("legalRef")).contains("UNCONFIRMED, switched off").contains("L223-5").contains("Reading 1").contains("Reading 2")
                .contains("loi n° 2025-594").contains("https://www.legifrance.gouv.fr/").contains("consent required");
    }

    @Test
    @DisplayName("R6 (L223-5 press row off): the regime is unchanged on 2026-08-10, a press call is opt-out and Bloctel does not apply (R5)")
    void R6_pressRowOff_dayBeforeTheSwitchIsOptOut() {
        EvaluationResult result = evaluate(pressCall("PRESS", "2026-08-10", "2026-08-10"));

        assertThat(reasons(result, "r-no-consent")).isEmpty();
        assertThat(verdict(result, "r-no-consent").legalBases()).containsExactly(LegalBasis.OPT_OUT);
        assertThat(regimeRows(result, "r-no-consent")).containsExactly(16);
    }

    private WorkingCopy pressRowOn() {
        return new WorkingCopy(tmp)
                .set("consent-regime.xlsx", "Régime", "P" + PRESS_ROW, "true")
                .set("consent-regime.xlsx", "Régime", "G17", "PRESS");
    }

    @Test
    @DisplayName("R6 (L223-5 press row switched on, with PRESS excepted from row 17): a press call on 2026-08-11 without consent, not on Bloctel, is contactable (opt-out)")
    void R6_pressRowOn_pressCallWithoutConsentIsContactable() {
        EvaluationResult result = evaluate(pressRowOn(), pressCall("PRESS", "2026-08-11", "2026-08-11"));

        assertThat(reasons(result, "r-no-consent")).isEmpty();
        assertThat(verdict(result, "r-no-consent").legalBases()).containsExactly(LegalBasis.OPT_OUT);
        assertThat(regimeRows(result, "r-no-consent")).containsExactly(PRESS_ROW);
        assertThat(regimeRuleIds(result, "r-no-consent")).containsExactly("R6");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R6 (L223-5 press row switched on): still only from 2026-08-11, and an objection still excludes (R20)")
    void R6_pressRowOn_otherSideOfTheDateAndObjections() {
        WorkingCopy copy = pressRowOn();
        EvaluationResult before = evaluate(copy, pressCall("PRESS", "2026-08-10", "2026-08-10"));
        assertThat(regimeRows(before, "r-no-consent")).containsExactly(16);

        EvaluationResult objected = evaluate(copy, request(campaign(Audience.CONSUMER, Channel.PHONE).offer("PRESS").period("2026-09-01", "2026-09-02"),
                person("r-objected").withoutConsent().optedOut(), person("r-ok").withoutConsent()));
        assertThat(reasons(objected, "r-objected")).containsExactly("OPTED_OUT");
        assertThat(reasons(objected, "r-ok")).isEmpty();
    }

    @Test
    @DisplayName("R6 (L223-5 press row switched on): any other offer still needs consent, and a press contract in progress is EXISTING_CONTRACT (row 18)")
    void R6_pressRowOn_otherOffersAndContractsAreUnchanged() {
        WorkingCopy copy = pressRowOn();
        EvaluationResult insurance = evaluate(copy, pressCall("INSURANCE", "2026-08-11", "2026-08-11"));
        assertThat(reasons(insurance, "r-no-consent")).containsExactly("NO_CONSENT");
        assertThat(regimeRows(insurance, "r-no-consent")).containsExactly(17);

        EvaluationResult contract = evaluate(copy, request(campaign(Audience.CONSUMER, Channel.PHONE).offer("PRESS").period("2026-08-11", "2026-08-11"),
                person("r-contract").withoutConsent().contract()));
        assertThat(reasons(contract, "r-contract")).isEmpty();
        assertThat(regimeRows(contract, "r-contract")).containsExactly(18);
    }

    @Test
    @DisplayName("R6 (L223-5): switching the press row on without excepting PRESS from row 17 is an overlap; the stricter outcome (consent) holds")
    void R6_pressRowOnAlone_overlapsRow17AndConsentStillHolds() {
        WorkingCopy copy = new WorkingCopy(tmp).set("consent-regime.xlsx", "Régime", "P" + PRESS_ROW, "true");
        assertThat(new SingleHitAnalysis(LocalDate.of(2020, 1, 1)).analyse(copy.policySet())).singleElement()
                .satisfies(w -> assertThat(w.message()).startsWith("rows 17 and " + PRESS_ROW + " overlap")
                        .contains("Offer category PRESS").contains("from 2026-08-11")
                        .contains("CONSENT_REQUIRED / NO_CONSENT against OPT_OUT / -"));

        EvaluationResult result = evaluate(copy, pressCall("PRESS", "2026-08-11", "2026-08-11"));
        assertThat(reasons(result, "r-no-consent")).containsExactly("NO_CONSENT");
        assertThat(regimeRows(result, "r-no-consent")).containsExactlyInAnyOrder(17, PRESS_ROW);
    }

    @Test
    @DisplayName("R6 (L223-5): excepting PRESS from row 17 without switching the press row on leaves a gap, named, and consent is presumed required")
    void R6_pressExceptedAlone_isANamedGap() {
        WorkingCopy copy = new WorkingCopy(tmp).set("consent-regime.xlsx", "Régime", "G17", "PRESS");
        assertThat(new SingleHitAnalysis(LocalDate.of(2020, 1, 1)).analyse(copy.policySet())).singleElement()
                .satisfies(w -> assertThat(w.message()).startsWith("no enabled row covers")
                        .contains("Public CONSUMER, Canal(aux) PHONE").contains("Offer category PRESS, from 2026-08-11"))
                .satisfies(w -> assertThat(w.message(java.util.Locale.FRENCH)).contains("Catégorie d’offre PRESS, à partir du 2026-08-11"));

        EvaluationResult result = evaluate(copy, pressCall("PRESS", "2026-08-11", "2026-08-11"));
        assertThat(reasons(result, "r-no-consent")).containsExactly("NO_CONSENT");
    }

    @Test
    @DisplayName("R6 (L223-5 press row switched on with PRESS excepted from row 17): the regime has neither overlaps nor gaps")
    void R6_pressRowOnBothCells_noWarnings() {
        assertThat(new SingleHitAnalysis(LocalDate.of(2020, 1, 1)).analyse(pressRowOn().policySet())).isEmpty();
    }

    // ---------------------------------------------------------------- R26: GDPR art. 9 special categories

    @ParameterizedTest(name = "R26 (GDPR art. 9): segment {0} is excluded SPECIAL_CATEGORY_SEGMENT and the file is rejected SPECIAL_CATEGORY_TARGETING")
    @ValueSource(strings = {"HEALTH", "DISABILITY", "ETHNIC_ORIGIN", "POLITICAL_OPINION", "RELIGION", "PHILOSOPHICAL_BELIEF",
            "TRADE_UNION", "GENETIC", "BIOMETRIC", "SEX_LIFE", "SEXUAL_ORIENTATION"})
    void R26_specialCategorySegmentIsExcludedAndRejectsTheFile(String segment) {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL).offer("INSURANCE"),
                person("r-special").segments("RETIRED", segment), person("r-ok").segments("RETIRED")));

        assertThat(reasons(result, "r-special")).containsExactly("SPECIAL_CATEGORY_SEGMENT");
        assertThat(exclusionRuleIds(result, "Ciblage", "r-special", "SPECIAL_CATEGORY_SEGMENT")).containsExactly("R26");
        assertThat(reasons(result, "r-ok")).isEmpty();
        assertFinding(result, "SPECIAL_CATEGORY_TARGETING", Severity.BLOCKING, LIST_QUALITY, "Seuils du fichier", "R26");
        assertThat(result.decision()).isEqualTo(Decision.REJECTED);
    }

    @Test
    @DisplayName("R26 (GDPR art. 9): ordinary segments, for any offer, neither exclude nor raise SPECIAL_CATEGORY_TARGETING")
    void R26_ordinarySegmentsAreNotSpecial() {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("SOFTWARE"),
                person("r-1").job("IT").segments("RETIRED", "HEALTHY_EATING", "RELIGIOUS_BOOKS_BUYER"), person("r-2").job("IT")));

        assertThat(reasons(result, "r-1")).isEmpty();
        assertThat(findingCodes(result)).doesNotContain("SPECIAL_CATEGORY_TARGETING");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    // ---------------------------------------------------------------- R24: L223-3, Bloctel numbers in a rented file

    private static EvaluationRequest phoneFileWithBloctelNumber(String offer, String start, String end) {
        return request(campaign(Audience.CONSUMER, Channel.PHONE).offer(offer).period(start, end),
                file().bloctelScrubbedOn(start),
                person("r-bloctel").bloctel(), person("r-ok"));
    }

    @Test
    @DisplayName("R24 (L223-3): a campaign on 2026-08-10 whose rented file holds a Bloctel number gets the WARNING BLOCTEL_NUMBERS_IN_RENTED_FILE")
    void R24_onTheLastDayOfTheProhibition() {
        EvaluationResult result = evaluate(phoneFileWithBloctelNumber("INSURANCE", "2026-08-10", "2026-08-10"));

        assertThat(reasons(result, "r-bloctel")).containsExactly("BLOCTEL_REGISTERED");
        Finding f = assertFinding(result, "BLOCTEL_NUMBERS_IN_RENTED_FILE", Severity.WARNING, LIST_QUALITY, "Seuils du fichier", "R24");
        assertThat(f.legalRef().en()).contains("L223-3");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("R24 (L223-3): a campaign from 2026-08-11 gets no BLOCTEL_NUMBERS_IN_RENTED_FILE (nor a Bloctel exclusion)")
    void R24_fromTheReform() {
        EvaluationResult result = evaluate(phoneFileWithBloctelNumber("INSURANCE", "2026-08-11", "2026-08-11"));

        assertThat(reasons(result, "r-bloctel")).doesNotContain("BLOCTEL_REGISTERED");
        assertThat(findingCodes(result)).doesNotContain("BLOCTEL_NUMBERS_IN_RENTED_FILE");
    }

    @Test
    @DisplayName("R24 (L223-3): a file with no Bloctel number, and a press campaign (L223-5), get no BLOCTEL_NUMBERS_IN_RENTED_FILE")
    void R24_noBloctelNumberOrPress() {
        EvaluationResult clean = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-03", "2026-08-07"),
                file().bloctelScrubbedOn("2026-08-01"), person("r-1"), person("r-2")));
        assertThat(findingCodes(clean)).doesNotContain("BLOCTEL_NUMBERS_IN_RENTED_FILE");

        EvaluationResult press = evaluate(phoneFileWithBloctelNumber("PRESS", "2026-08-03", "2026-08-07"));
        assertThat(reasons(press, "r-bloctel")).isEmpty();
        assertThat(findingCodes(press)).doesNotContain("BLOCTEL_NUMBERS_IN_RENTED_FILE");
    }

}
