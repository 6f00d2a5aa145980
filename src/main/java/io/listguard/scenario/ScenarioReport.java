package io.listguard.scenario;

import io.listguard.evaluation.PolicyVersionRef;
import java.util.List;

/**
 * The outcome of running scenarios against one policy version: each scenario passed or failed (with its failures
 * in plain words), and the rule coverage.
 *
 * @param policyVersion the policy version the scenarios ran under
 * @param total         number of scenarios
 * @param passed        of which passed
 * @param failed        of which failed
 * @param scenarios     one result per scenario, in the order given
 * @param coverage      which enabled rows and DRL rules the scenarios exercised
 */
public record ScenarioReport(PolicyVersionRef policyVersion, int total, int passed, int failed,
                             List<ScenarioResult> scenarios, RuleCoverage coverage) {

    public ScenarioReport {
        scenarios = List.copyOf(scenarios);
    }

    public boolean allPassed() {
        return failed == 0;
    }

    /**
     * Every failure, one per line, prefixed with its scenario file: "r06-x.json: decision: expected ..., got ...";
     * for a case of a scenario workbook, with its sheet, case and rows.
     */
    public List<String> failureMessages() {
        return failureMessages(io.listguard.domain.Messages.ENGLISH);
    }

    /** The same in a language: "r06-x.json : décision : attendue REJECTED, obtenue APPROVED". */
    public List<String> failureMessages(java.util.Locale locale) {
        return scenarios.stream()
                .filter(s -> !s.passed())
                .flatMap(s -> s.failures(locale).stream().map(f -> io.listguard.domain.Messages.text(locale, "scenario.failureLine", s.label(locale), f)))
                .toList();
    }

    /** The result line: "Scenarios: 40 passed, 1 failed" in a language (counts grouped by the language). */
    public String summary(java.util.Locale locale) {
        return io.listguard.domain.Messages.text(locale, "scenario.summary", passed, failed);
    }
}
