package io.listguard.config;

import io.listguard.policy.PolicyCompilationException;
import io.listguard.policy.PolicyProblem;
import java.util.stream.Collectors;
import org.springframework.boot.diagnostics.AbstractFailureAnalyzer;
import org.springframework.boot.diagnostics.FailureAnalysis;

/** Turns a policy that does not compile at start-up into a short report naming each file, sheet and cell. */
class PolicyFailureAnalyzer extends AbstractFailureAnalyzer<PolicyCompilationException> {

    @Override
    protected FailureAnalysis analyze(Throwable rootFailure, PolicyCompilationException cause) {
        String problems = cause.problems().stream().map(PolicyProblem::describe).map(p -> "  - " + p).collect(Collectors.joining("\n"));
        return new FailureAnalysis("The policies do not compile, so listguard did not start:\n" + problems,
                "Correct the cells named above in the workbook (or the DRL lines), then start again. "
                        + "See docs/policies.md for what each column accepts.", cause);
    }
}
