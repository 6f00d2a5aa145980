package io.listguard.evaluation.internal;

import io.listguard.domain.Decision;
import io.listguard.evaluation.TraceEntry;
import java.util.List;

/** Read-back of a finished run's outcomes, for the evaluation package. */
public final class EvaluationInternals {

    private EvaluationInternals() {
    }

    public static Decision decision(RuleOutcomes outcomes) {
        if (outcomes.decision() == null) {
            throw new IllegalStateException("no decision rule fired: rules/decision.drl must decide every evaluation");
        }
        return outcomes.decision();
    }

    public static List<TraceEntry> trace(RuleOutcomes outcomes) {
        return List.copyOf(outcomes.trace());
    }
}
