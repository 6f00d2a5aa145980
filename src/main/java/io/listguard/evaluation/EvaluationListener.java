package io.listguard.evaluation;

import io.listguard.domain.EvaluationRequest;

/**
 * Told of every finished evaluation, synchronous requests and bulk jobs alike, once it is recorded
 * ({@link DecisionRecorder}) and before its answer is returned (metrics). A listener that throws fails the
 * evaluation.
 */
public interface EvaluationListener {

    /** How the records came: in the request, or streamed from a file (a bulk job). */
    enum Kind { REQUEST, FILE }

    /**
     * One finished evaluation: what was asked (for a file, its campaign and file without the records), by whom,
     * what was answered (for a file, without per-record verdicts), how long it took.
     */
    record Evaluated(EvaluationRequest request, String caller, EvaluationResult result, long elapsedNanos, Kind kind) {

        /** A synchronous request. */
        public Evaluated(EvaluationRequest request, String caller, EvaluationResult result, long elapsedNanos) {
            this(request, caller, result, elapsedNanos, Kind.REQUEST);
        }
    }

    void evaluated(Evaluated evaluation);
}
