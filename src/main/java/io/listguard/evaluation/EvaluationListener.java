package io.listguard.evaluation;

import io.listguard.domain.EvaluationRequest;

/**
 * Told of every finished evaluation before its answer is returned. A listener that throws fails the evaluation:
 * this is how a recorder that must not let an unrecorded answer out (the audit trail) takes part.
 */
public interface EvaluationListener {

    /** One finished evaluation: what was asked, by whom, what was answered, how long it took. */
    record Evaluated(EvaluationRequest request, String caller, EvaluationResult result, long elapsedNanos) {
    }

    void evaluated(Evaluated evaluation);
}
