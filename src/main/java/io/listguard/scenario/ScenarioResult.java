package io.listguard.scenario;

import io.listguard.domain.Decision;
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
 */
public record ScenarioResult(String file, String name, boolean passed, List<String> failures, Decision decision, List<String> findings) {

    public ScenarioResult {
        failures = failures == null ? List.of() : List.copyOf(failures);
        findings = findings == null ? null : List.copyOf(findings);
    }
}
