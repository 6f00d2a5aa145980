package io.listguard.evaluation;

import io.listguard.domain.EvaluationRequest;
import io.listguard.policy.CompiledPolicy;
import java.util.List;

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
     * what was answered (for a file, without per-record verdicts), how long it took; for a file, how many of its lines
     * were rejected (unreadable, not evaluated: not in the result's summary).
     */
    record Evaluated(EvaluationRequest request, String caller, EvaluationResult result, long elapsedNanos, Kind kind, long rejectedLines) {

        /** A synchronous request. */
        public Evaluated(EvaluationRequest request, String caller, EvaluationResult result, long elapsedNanos) {
            this(request, caller, result, elapsedNanos, Kind.REQUEST, 0);
        }

        public Evaluated(EvaluationRequest request, String caller, EvaluationResult result, long elapsedNanos, Kind kind) {
            this(request, caller, result, elapsedNanos, kind, 0);
        }
    }

    /**
     * One batch of records decided, under {@code policy}: for each record, the rows and DRL rules that decided it
     * ("file:sheet:row", "file.drl:rule name"), as its verdict names them. What the evaluation already knows, no more:
     * nothing about the records themselves.
     */
    record Batch(Kind kind, CompiledPolicy policy, List<List<String>> decidingRules) {
    }

    void evaluated(Evaluated evaluation);

    /**
     * Told of each batch once it is decided, before the evaluation finishes (a bulk job's batches as it runs), from the
     * thread that evaluated it: several at once for a bulk file. Must be cheap and must not throw. Nothing by default.
     */
    default void batchDecided(Batch batch) {
    }
}
