package io.listguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.evaluation.Evaluator;
import io.listguard.policy.PolicyCompiler;
import io.listguard.policy.PolicyProblem;
import io.listguard.policy.PolicySet;
import io.listguard.policy.PolicySource;
import io.listguard.policy.SingleHitAnalysis;
import io.listguard.policy.TemplateLock;
import io.listguard.scenario.CoverageEntry;
import io.listguard.scenario.ScenarioResult;
import io.listguard.scenario.ScenarioWorkbookCopy;
import java.time.LocalDate;
import java.util.List;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The gate runs the scenario workbook with the JSON scenarios: an upload whose workbook has a failing case, or a bad
 * cell, is refused with the case or the cell named; coverage counts the workbook's cases; the workbook is a file of
 * the version but not part of the law's hash.
 */
class ScenarioWorkbookGateTest {

    static PolicySet bundled;
    static PolicyValidation validation;

    @BeforeAll
    static void setUp() {
        bundled = BundledPolicy.policySet();
        validation = new PolicyValidation(new PolicyCompiler(), new TemplateLock(bundled), new SingleHitAnalysis(LocalDate.of(2020, 1, 1)),
                Evaluator.DEFAULT_BATCH_SIZE);
    }

    private static ValidationReport check(PolicySet candidate) {
        return validation.check(candidate, "candidate-" + candidate.contentId(), true).report();
    }

    private static PolicySource uploaded(ScenarioWorkbookCopy copy) {
        return new PolicySource(PolicySource.canonicalName("scenarios.xlsx"), copy.bytes());
    }

    @Test
    @DisplayName("An uploaded scenarios.xlsx is a scenario under policies/scenarios/, a file of the version outside the law's hash")
    void theWorkbookIsAScenarioFile() {
        assertThat(PolicySource.canonicalName("scenarios.xlsx")).isEqualTo("policies/scenarios/scenarios.xlsx");
        assertThat(PolicySource.canonicalName("C:\\Users\\alice\\mes-scenarios-r6.xlsx")).isEqualTo("policies/scenarios/mes-scenarios-r6.xlsx");
        assertThat(PolicySource.canonicalName("list-quality.xlsx")).isEqualTo("policies/list-quality.xlsx");
        assertThat(bundled.source("policies/scenarios/scenarios.xlsx")).get().satisfies(s -> {
            assertThat(s.kind()).isEqualTo(PolicySource.Kind.SCENARIO);
            assertThat(s.isScenarioWorkbook()).isTrue();
        });
        assertThat(bundled.scenarios()).extracting(PolicySource::name).contains("policies/scenarios/scenarios.xlsx");
        assertThat(bundled.ruleSources()).extracting(PolicySource::name).doesNotContain("policies/scenarios/scenarios.xlsx");
        PolicySet changed = bundled.with(List.of(uploaded(new ScenarioWorkbookCopy().text(13, "name", "R6: renamed"))));
        assertThat(changed.hash()).isEqualTo(bundled.hash());
    }

    @Test
    @DisplayName("The bundled policies with their workbook pass the gate, and coverage counts the workbook's cases")
    void theBundledWorkbookPassesAndIsCounted() {
        ValidationReport report = check(bundled);

        assertThat(report.errors()).isEmpty();
        assertThat(report.valid()).as("%s", report.scenarios().failureMessages()).isTrue();
        assertThat(report.scenarios().scenarios()).filteredOn(s -> s.origin() != null).hasSize(6);
        List<String> byWorkbook = report.scenarios().coverage().exercised().stream().flatMap(e -> e.exercisedBy().stream())
                .filter(label -> label.startsWith("policies/scenarios/scenarios.xlsx, sheet Cases, case ")).distinct().toList();
        assertThat(byWorkbook).hasSize(6);
    }

    @Test
    @DisplayName("Without the JSON scenarios, the rows only the workbook exercises are still counted as exercised")
    void coverageWithTheWorkbookAlone() {
        PolicySet workbookOnly = new PolicySet(bundled.sources().stream().filter(s -> s.kind() != PolicySource.Kind.SCENARIO || s.isScenarioWorkbook()).toList());
        PolicySet noScenario = new PolicySet(bundled.ruleSources());

        ValidationReport withWorkbook = check(workbookOnly);
        ValidationReport without = check(noScenario);

        assertThat(withWorkbook.valid()).isTrue();
        assertThat(without.scenarios().coverage().exercisedRows()).isZero();
        assertThat(withWorkbook.scenarios().coverage().exercisedRows()).isGreaterThanOrEqualTo(10);
        assertThat(withWorkbook.scenarios().coverage().uncoveredRows()).extracting(CoverageEntry::location)
                .contains("policies/campaign-obligations.xlsx, sheet Appels, row 15 (R21a)"); // no case of the workbook calls on Saturdays
    }

    @Test
    @DisplayName("An upload of a workbook with a failing case is refused by the gate, the case named with its rows")
    void aFailingCaseRefusesTheUpload() {
        ScenarioWorkbookCopy broken = new ScenarioWorkbookCopy().text(14, "expect.reasons", "NONE"); // R6-01, r-2 is NO_CONSENT

        ValidationReport report = check(bundled.with(List.of(uploaded(broken))));

        assertThat(report.valid()).isFalse();
        assertThat(report.errors()).isEmpty();
        assertThat(report.scenarios().failed()).isEqualTo(1);
        assertThat(PolicyValidation.rejection(report)).isEqualTo("1 scenario(s) failed; the first: policies/scenarios/scenarios.xlsx, "
                + "sheet Cases, case R6-01 (rows 13-15): record r-2: expected [] (contactable), got [NO_CONSENT]");
        ScenarioResult failed = report.scenarios().scenarios().stream().filter(s -> !s.passed()).findFirst().orElseThrow();
        assertThat(failed.name()).startsWith("R6");
        assertThat(failed.inputs()).isNotNull();
        assertThat(failed.fired()).isNotEmpty();
    }

    @Test
    @DisplayName("An upload of a workbook with a bad cell is refused at the cell, before anything is compiled or run")
    void aBadCellRefusesTheUpload() {
        ScenarioWorkbookCopy broken = new ScenarioWorkbookCopy().text(13, "campaign.start", "1er décembre 2026");

        ValidationReport report = check(bundled.with(List.of(uploaded(broken))));

        assertThat(report.valid()).isFalse();
        assertThat(report.scenarios()).isNull();
        assertThat(report.errors()).singleElement().satisfies(p -> {
            assertThat(p.source()).isEqualTo("policies/scenarios/scenarios.xlsx");
            assertThat(p.sheet()).isEqualTo("Cases");
            assertThat(p.cell()).isEqualTo(ScenarioWorkbookCopy.address(13, "campaign.start"));
            assertThat(p.cellText()).isEqualTo("1er décembre 2026");
            assertThat(p.code()).isEqualTo("scenarios.date");
        });
        assertThat(PolicyValidation.rejection(report)).contains("policies/scenarios/scenarios.xlsx, sheet Cases, cell H13");
        assertThat(report.errors()).extracting(PolicyProblem::message).allMatch(m -> m.contains("is not a date"));
    }
}
