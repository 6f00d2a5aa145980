package io.listguard.scenario;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.file;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.Decision;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.OptOutMechanism;
import io.listguard.evaluation.Evaluator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import tools.jackson.databind.json.JsonMapper;

/** The runner catches each wrong expectation and says it in plain words; it reports rule coverage. */
class ScenarioRunnerTest {

    private static Evaluator evaluator() {
        return BundledPolicy.evaluator();
    }

    /** Consumer email, default lawful campaign and file: r-1 has a consent, r-2 none (NO_CONSENT). */
    private static EvaluationRequest emailWithOneRecordWithoutConsent() {
        return request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1"), person("r-2").withoutConsent());
    }

    private static Scenario scenario(String file, EvaluationRequest given, Decision decision, List<String> findings,
                                     Map<String, List<String>> records) {
        return new Scenario(file, "test " + file, "a scenario built by the test", given, new Scenario.Expectations(decision, findings, records));
    }

    private static ScenarioResult runOne(Scenario scenario) {
        ScenarioReport report = ScenarioRunner.run(evaluator(), List.of(scenario));
        assertThat(report.total()).isEqualTo(1);
        return report.scenarios().get(0);
    }

    @Test
    @DisplayName("A scenario whose expectations hold passes; records not listed are not checked; reason order does not matter")
    void passingScenario() {
        EvaluationRequest given = request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-05", "2026-08-20"),
                file().bloctelScrubbedOn("2026-08-01"),
                person("r-1"), person("r-2").bloctel().withoutConsent());

        // R24 (C. conso. L223-3): a rented file holding a Bloctel number before 2026-08-11 is the provider's breach, a WARNING
        ScenarioResult result = runOne(scenario("ok.json", given, Decision.APPROVED_WITH_EXCLUSIONS, List.of("BLOCTEL_NUMBERS_IN_RENTED_FILE"),
                Map.of("r-2", List.of("BLOCTEL_REGISTERED", "NO_CONSENT"))));

        assertThat(result.passed()).isTrue();
        assertThat(result.failures()).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
        assertThat(result.findings()).containsExactly("BLOCTEL_NUMBERS_IN_RENTED_FILE");
    }

    @Test
    @DisplayName("Wrong decision: 'decision: expected REJECTED, got APPROVED'")
    void wrongDecision() {
        EvaluationRequest given = request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1"));

        ScenarioResult result = runOne(scenario("decision.json", given, Decision.REJECTED, null, null));

        assertThat(result.passed()).isFalse();
        assertThat(result.failures()).containsExactly("decision: expected REJECTED, got APPROVED");
        assertThat(result.failures(java.util.Locale.FRENCH)).containsExactly("décision : attendue REJECTED, obtenue APPROVED");
        assertThat(result.failures(java.util.Locale.ENGLISH)).isEqualTo(result.failures());
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("Wrong findings: 'findings: missing OPT_OUT_MISSING; unexpected PRICE_BELOW_MARKET'")
    void wrongFindings() {
        EvaluationRequest given = request(campaign(Audience.CONSUMER, Channel.EMAIL), file().price(100.0), person("r-1"));

        ScenarioResult result = runOne(scenario("findings.json", given, null, List.of("OPT_OUT_MISSING"), null));

        assertThat(result.failures()).containsExactly("findings: missing OPT_OUT_MISSING; unexpected PRICE_BELOW_MARKET");
        assertThat(result.failures(java.util.Locale.FRENCH)).containsExactly("constats : manquants OPT_OUT_MISSING ; inattendus PRICE_BELOW_MARKET");
        assertThat(result.findings()).containsExactly("PRICE_BELOW_MARKET");
    }

    @Test
    @DisplayName("Findings compare as a set: a code raised by two rows is expected once; [] expects none")
    void findingsAreASet() {
        // Saturday 09:00-21:00 breaks four calling rows, all raising CALL_HOURS_NOT_ALLOWED
        EvaluationRequest given = request(campaign(Audience.CONSUMER, Channel.PHONE).calling(new io.listguard.domain.CallingPlan(
                        List.of(new io.listguard.domain.CallingWindow(List.of(java.time.DayOfWeek.SATURDAY), java.time.LocalTime.of(9, 0), java.time.LocalTime.of(21, 0))),
                        false, 2)),
                person("r-1"));

        assertThat(runOne(scenario("set.json", given, Decision.REJECTED, List.of("CALL_HOURS_NOT_ALLOWED"), null)).passed()).isTrue();
        assertThat(runOne(scenario("none.json", given, null, List.of(), null)).failures())
                .containsExactly("findings: unexpected CALL_HOURS_NOT_ALLOWED");
    }

    @Test
    @DisplayName("Wrong record reasons: 'record r-2: expected [NO_CONSENT], got [] (contactable)' and the reverse")
    void wrongRecordReasons() {
        EvaluationRequest given = request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1").withoutConsent(), person("r-2"),
                person("r-3").optedOut());
        Map<String, List<String>> expected = new LinkedHashMap<>();
        expected.put("r-1", List.of());
        expected.put("r-2", List.of("NO_CONSENT"));
        expected.put("r-3", List.of("OPTED_OUT", "NO_CONSENT"));

        ScenarioResult result = runOne(scenario("records.json", given, null, null, expected));

        assertThat(result.failures()).containsExactly(
                "record r-1: expected [] (contactable), got [NO_CONSENT]",
                "record r-2: expected [NO_CONSENT], got [] (contactable)",
                "record r-3: expected [OPTED_OUT, NO_CONSENT], got [OPTED_OUT]");
    }

    @Test
    @DisplayName("A failed JSON scenario carries its inputs and the rules that fired, once each; a passing one carries neither")
    void aFailedScenarioShowsItsInputsAndFiredRules() {
        EvaluationRequest given = emailWithOneRecordWithoutConsent();

        ScenarioResult failed = runOne(scenario("wrong.json", given, null, null, Map.of("r-2", List.of())));
        ScenarioResult passed = runOne(scenario("right.json", given, null, null, Map.of("r-2", List.of("NO_CONSENT"))));

        assertThat(failed.passed()).isFalse();
        assertThat(failed.origin()).isNull();
        assertThat(failed.label()).isEqualTo("wrong.json");
        assertThat(failed.inputs()).isEqualTo(given);
        assertThat(failed.fired()).extracting(ScenarioResult.FiredRule::rule).doesNotHaveDuplicates();
        assertThat(failed.fired()).anySatisfy(f -> {
            assertThat(f.codes()).containsExactly("NO_CONSENT");
            assertThat(f.facts()).containsExactly("record:r-2");
            assertThat(f.location()).startsWith("rules/regime.drl, rule \"");
        });
        assertThat(failed.fired()).anySatisfy(f -> assertThat(f.location()).startsWith("policies/consent-regime.xlsx, sheet Régime, row "));
        assertThat(passed.passed()).isTrue();
        assertThat(passed.inputs()).isNull();
        assertThat(passed.fired()).isNull();
    }

    @Test
    @DisplayName("Every failed expectation of a scenario is reported, and the report lists them by file")
    void allFailuresReported() {
        Scenario wrong = scenario("all-wrong.json", emailWithOneRecordWithoutConsent(), Decision.APPROVED, List.of("PRICE_BELOW_MARKET"),
                Map.of("r-2", List.of()));
        Scenario right = scenario("right.json", emailWithOneRecordWithoutConsent(), Decision.APPROVED_WITH_EXCLUSIONS, List.of(),
                Map.of("r-2", List.of("NO_CONSENT")));

        ScenarioReport report = ScenarioRunner.run(evaluator(), List.of(wrong, right));

        assertThat(report.total()).isEqualTo(2);
        assertThat(report.passed()).isEqualTo(1);
        assertThat(report.failed()).isEqualTo(1);
        assertThat(report.allPassed()).isFalse();
        assertThat(report.failureMessages()).containsExactly(
                "all-wrong.json: decision: expected APPROVED, got APPROVED_WITH_EXCLUSIONS",
                "all-wrong.json: findings: missing PRICE_BELOW_MARKET",
                "all-wrong.json: record r-2: expected [] (contactable), got [NO_CONSENT]");
        assertThat(report.policyVersion()).isEqualTo(evaluator().versionRef());
    }

    @Test
    @DisplayName("A scenario that cannot be evaluated fails with the reason and does not stop the others")
    void evaluationThatCannotRun() {
        EvaluationRequest unknownOffer = request(campaign(Audience.CONSUMER, Channel.EMAIL).offer("SPACE_TRAVEL"), person("r-1"));
        EvaluationRequest noKind = request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1").kind(null));
        Scenario ok = scenario("ok.json", emailWithOneRecordWithoutConsent(), Decision.APPROVED_WITH_EXCLUSIONS, null, null);

        ScenarioReport report = ScenarioRunner.run(evaluator(), List.of(
                scenario("offer.json", unknownOffer, Decision.APPROVED, null, null),
                scenario("kind.json", noKind, Decision.APPROVED, null, null), ok));

        assertThat(report.scenarios()).extracting(ScenarioResult::passed).containsExactly(false, false, true);
        assertThat(report.scenarios().get(0).failures()).singleElement().asString()
                .startsWith("the request cannot be evaluated: given.campaign.offerCategory ’SPACE_TRAVEL’ is not defined by the policies; known: ");
        assertThat(report.scenarios().get(1).failures()).containsExactly("the request cannot be evaluated: given.records[0].kind is required");
        assertThat(report.scenarios().get(1).decision()).isNull();
    }

    @Test
    @DisplayName("Coverage: rows and DRL rules that fired are exercised, with the scenarios; the rest is listed, disabled rows apart")
    void coverage() {
        ScenarioReport report = ScenarioRunner.run(evaluator(), List.of(
                scenario("email.json", emailWithOneRecordWithoutConsent(), Decision.APPROVED_WITH_EXCLUSIONS, null, null)));
        RuleCoverage c = report.coverage();

        // the consumer email regime row (R1) and the DRL applying it fired
        assertThat(c.exercised()).anySatisfy(e -> {
            assertThat(e.source()).isEqualTo("policies/consent-regime.xlsx");
            assertThat(e.sheet()).isEqualTo("Régime");
            assertThat(e.row()).isEqualTo(14);
            assertThat(e.ruleId()).isEqualTo("R1");
            assertThat(e.exercisedBy()).containsExactly("email.json");
        });
        assertThat(c.exercised()).anySatisfy(e -> {
            assertThat(e.source()).isEqualTo("rules/regime.drl");
            assertThat(e.rule()).isEqualTo("Consent required but none recorded for the channel");
            assertThat(e.line()).isNotNull();
        });
        // counts add up
        assertThat(c.exercisedRows()).isEqualTo((int) c.exercised().stream().filter(e -> e.sheet() != null).count());
        assertThat(c.exercisedRows() + c.uncoveredRows().size()).isEqualTo(c.enabledRows());
        assertThat(c.exercisedDrlRules() + c.uncoveredDrlRules().size()).isEqualTo(c.enabledDrlRules());
        assertThat(c.uncoveredRows()).allSatisfy(e -> assertThat(e.exercisedBy()).isEmpty());
        // a campaign rule never fired by this email campaign is listed uncovered with its rule id
        assertThat(c.uncoveredRows()).anySatisfy(e -> {
            assertThat(e.sheet()).isEqualTo("Bloctel");
            assertThat(e.ruleId()).isEqualTo("R5");
            assertThat(e.location()).isEqualTo("policies/campaign-obligations.xlsx, sheet Bloctel, row 14 (R5)");
            assertThat(e.location(java.util.Locale.FRENCH)).isEqualTo("policies/campaign-obligations.xlsx, feuille Bloctel, ligne 14 (R5)");
        });
        assertThat(c.summary(java.util.Locale.ENGLISH)).isEqualTo("Coverage: " + c.exercisedRows() + " of " + c.enabledRows()
                + " enabled rows exercised by a scenario");
        assertThat(c.summary(java.util.Locale.FRENCH)).isEqualTo("Couverture : " + c.exercisedRows() + " ligne(s) active(s) sur " + c.enabledRows()
                + " exercée(s) par un scénario");
        // disabled rows (R13, R7, telephone price bands) are listed apart and not counted
        assertThat(c.disabled()).extracting(CoverageEntry::ruleId).contains("R13", "R7");
        assertThat(c.uncoveredRows()).extracting(CoverageEntry::ruleId).doesNotContain("R13", "R7");
        // reference data (sheet Offres) fires at load, not in evaluations: not part of coverage
        assertThat(List.of(c.exercised(), c.uncoveredRows(), c.disabled()))
                .allSatisfy(list -> assertThat(list).noneMatch(e -> "Offres".equals(e.sheet())));
        assertThat(c.rowsPercent()).isBetween(0.0, 100.0);
    }

    @Test
    @DisplayName("The report is plain JSON for the REST API, and reads back equal")
    void reportIsJson() {
        ScenarioReport report = ScenarioRunner.run(evaluator(), List.of(
                scenario("email.json", emailWithOneRecordWithoutConsent(), Decision.REJECTED, List.of(), Map.of("r-2", List.of()))));
        JsonMapper json = JsonMapper.builder().build();

        String text = json.writeValueAsString(report);

        assertThat(text).contains("\"failures\":[\"decision: expected REJECTED, got APPROVED_WITH_EXCLUSIONS\"")
                .contains("\"uncoveredRows\":[").contains("\"exercisedBy\":[\"email.json\"]");
        assertThat(json.readValue(text, ScenarioReport.class)).isEqualTo(report);
    }
}
