package io.listguard.lifecycle;

import io.listguard.policy.PolicyProblem;
import io.listguard.scenario.ScenarioReport;
import java.util.List;

/**
 * What a candidate policy set would do: errors (it cannot be activated), warnings (overlaps, gaps), and the
 * scenario results with rule coverage. {@code valid} means it may be activated.
 */
public record ValidationReport(boolean valid, String candidateHash, List<PolicyProblem> errors, List<PolicyProblem> warnings,
                               ScenarioReport scenarios) {
}
