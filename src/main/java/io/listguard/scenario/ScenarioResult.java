package io.listguard.scenario;

import io.listguard.domain.Decision;
import io.listguard.domain.EvaluationRequest;
import java.util.List;

/**
 * How one scenario fared.
 *
 * @param file      the scenario's file name
 * @param name      its title
 * @param passed    true when every expectation held
 * @param failures  each failed expectation in plain words, e.g. "decision: expected REJECTED, got APPROVED";
 *                  or why the evaluation could not run
 * @param decision  the decision the policies took (null when the evaluation could not run)
 * @param findings  the finding codes the policies raised, in order, without repetition (null likewise)
 * @param origin    for a case of a scenario workbook, its sheet and rows (null for a JSON scenario)
 * @param inputs    for a failed scenario, what it gave the policies: the campaign, the file and the records
 *                  (fictitious data, as scenarios hold); null when it passed
 * @param fired     for a failed scenario, the rules that fired, in firing order, once each: the workbook rows and
 *                  DRL rules of the trace; null when it passed or could not run
 */
public record ScenarioResult(String file, String name, boolean passed, List<String> failures, Decision decision, List<String> findings,
                             Scenario.Origin origin, EvaluationRequest inputs, List<FiredRule> fired) {

    public ScenarioResult {
        failures = failures == null ? List.of() : List.copyOf(failures);
        findings = findings == null ? null : List.copyOf(findings);
        fired = fired == null ? null : List.copyOf(fired);
    }

    public ScenarioResult(String file, String name, boolean passed, List<String> failures, Decision decision, List<String> findings) {
        this(file, name, passed, failures, decision, findings, null, null, null);
    }

    /** "file" for a JSON scenario, "file, sheet Cases, case R6-01 (rows 12-13)" for a case of a workbook. */
    public String label() {
        return origin == null ? file : file + ", " + origin.describe();
    }

    /**
     * A rule that fired in the scenario: a workbook row (source, sheet, row) or a DRL rule (source, line), the
     * legal rule id it cites, the codes it produced and the facts it matched (by id: record ids, the campaign...).
     */
    public record FiredRule(String rule, String ruleId, String source, String sheet, Integer row, Integer line, List<String> codes,
                            List<String> facts) {

        public FiredRule {
            codes = codes == null ? List.of() : List.copyOf(codes);
            facts = facts == null ? List.of() : List.copyOf(facts);
        }

        /** "policies/record-rules.xlsx, sheet Records, row 15 (R5)" or "rules/decision.drl, rule \"...\", line 12". */
        public String location() {
            return new CoverageEntry(source, sheet, row, line, rule, ruleId, List.of()).location();
        }
    }
}
