package io.listguard.scenario;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.evaluation.Evaluator;
import io.listguard.evaluation.TraceEntry;
import io.listguard.policy.RuleOrigin;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * The business scenarios kept beside the policies ({@code policies/scenarios/*.json} and the cases of the scenario
 * workbook {@code policies/scenarios/scenarios.xlsx}) all hold under the bundled policies, and together exercise
 * the policy rows; the coverage the runner reports is checked against the traces.
 */
class BundledScenariosTest {

    static final Path SCENARIOS = Path.of("policies/scenarios");
    /** Observed with the bundled scenarios: 54 of 54 enabled rows. A drop means a scenario stopped exercising a row. */
    static final int MIN_EXERCISED_ROWS = 50;

    static Evaluator evaluator;
    static List<Scenario> scenarios;
    static ScenarioReport report;

    @BeforeAll
    static void run() {
        evaluator = BundledPolicy.evaluator();
        scenarios = ScenarioFiles.readDirectory(SCENARIOS);
        report = ScenarioRunner.run(evaluator, scenarios);
    }

    @Test
    @DisplayName("Every scenario under policies/scenarios passes against the bundled policies")
    void allScenariosPass() {
        assertThat(scenarios).as("scenario files in %s", SCENARIOS).hasSizeGreaterThanOrEqualTo(10);
        assertThat(report.total()).isEqualTo(scenarios.size());
        assertThat(report.failureMessages())
                .withFailMessage(() -> report.failed() + " of " + report.total() + " scenario(s) failed:\n  "
                        + String.join("\n  ", report.failureMessages()))
                .isEmpty();
        assertThat(report.allPassed()).isTrue();
    }

    @Test
    @DisplayName("Each scenario is written for compliance staff: a kebab-case file name, a name and a description citing rule ids")
    void scenariosAreReadable() {
        for (Scenario s : scenarios) {
            assertThat(s.file()).as("file name").matches(s.origin() == null ? "[a-z0-9]+(-[a-z0-9]+)*\\.json" : "[a-z0-9]+(-[a-z0-9]+)*\\.xlsx");
            assertThat(s.name()).as("name of %s", s.file()).isNotBlank();
            assertThat(s.description()).as("description of %s (cite the rule ids it checks)", s.file())
                    .isNotBlank().containsPattern("\\b(R\\d+[a-c]?|Q-[A-Z]+)\\b");
        }
        assertThat(scenarios).extracting(Scenario::name).doesNotHaveDuplicates();
    }

    @Test
    @DisplayName("Coverage is reported: every enabled row is exercised by a scenario, and every DRL decision rule")
    void coverageIsReported() {
        RuleCoverage c = report.coverage();

        assertThat(c.enabledRows()).isPositive();
        assertThat(c.exercisedRows()).isGreaterThanOrEqualTo(MIN_EXERCISED_ROWS);
        // the scenario gate covers every enabled row of the bundled policy (issue 15): a new row comes with its scenario
        assertThat(c.uncoveredRows()).as("enabled rows no scenario exercises: write one in policies/scenarios/ for each")
                .extracting(CoverageEntry::location).isEmpty();
        assertThat(c.exercised()).filteredOn(e -> "rules/decision.drl".equals(e.source())).hasSize(3);
        assertThat(c.exercised()).allSatisfy(e -> assertThat(e.exercisedBy()).isNotEmpty()
                .allSatisfy(label -> assertThat(scenarios).extracting(Scenario::label).contains(label)));
    }

    @Test
    @DisplayName("Coverage is consistent: every enabled rule is exercised or uncovered, exactly as the traces say; disabled rows apart")
    void coverageIsConsistent() {
        RuleCoverage c = report.coverage();
        // what fired, computed again from the evaluations' traces
        Set<String> fired = new HashSet<>();
        for (Scenario s : scenarios) {
            evaluator.evaluate(s.given()).trace().stream().map(TraceEntry::rule).forEach(fired::add);
        }
        List<RuleOrigin> origins = evaluator.policy().origins().values().stream()
                .filter(o -> !"Offres".equals(o.sheet()) && !"Jours fériés".equals(o.sheet())) // reference data, fired at load
                .toList();

        Set<String> exercised = names(c.exercised());
        Set<String> uncovered = names(Stream.concat(c.uncoveredRows().stream(), c.uncoveredDrlRules().stream()).toList());
        Set<String> disabled = names(c.disabled());
        for (RuleOrigin o : origins) {
            if (!o.enabled()) {
                assertThat(disabled).as("disabled rule %s", o.describe()).contains(o.ruleName());
            } else if (fired.contains(o.ruleName())) {
                assertThat(exercised).as("exercised rule %s", o.describe()).contains(o.ruleName());
            } else {
                assertThat(uncovered).as("uncovered rule %s", o.describe()).contains(o.ruleName());
            }
        }
        assertThat(exercised.size() + uncovered.size() + disabled.size()).isEqualTo(origins.size());
        assertThat(c.exercisedRows() + c.uncoveredRows().size()).isEqualTo(c.enabledRows());
        assertThat(c.exercisedDrlRules() + c.uncoveredDrlRules().size()).isEqualTo(c.enabledDrlRules());
        assertThat(c.uncoveredRows()).allSatisfy(e -> {
            assertThat(e.sheet()).isNotNull();
            assertThat(e.row()).isNotNull();
            assertThat(e.exercisedBy()).isEmpty();
        });
        // the rows switched off in the bundled policies: R13 (x2), R7, the telephone price bands (x2), the press
        // exception after 2026-08-11 (R6, L223-5, issue 15)
        assertThat(c.disabled()).extracting(CoverageEntry::ruleId).containsExactlyInAnyOrder("R13", "R13", "R7", "Q-PRICE", "Q-PRICE", "R6");
    }

    private static Set<String> names(List<CoverageEntry> entries) {
        return entries.stream().map(CoverageEntry::rule).collect(Collectors.toSet());
    }
}
