package io.listguard.evaluation;

import io.listguard.domain.Decision;
import java.time.Instant;
import java.util.List;

/** The full answer of one evaluation. {@code records} and {@code trace} are null when the caller asked for a summary. */
public record EvaluationResult(
        String evaluationId,
        Instant evaluatedAt,
        PolicyVersionRef policyVersion,
        Decision decision,
        List<Finding> findings,
        Summary summary,
        List<RecordVerdict> records,
        List<TraceEntry> trace) {

    /** The same answer without per-record verdicts and trace. */
    public EvaluationResult summaryOnly() {
        return new EvaluationResult(evaluationId, evaluatedAt, policyVersion, decision, findings, summary, null, null);
    }
}
