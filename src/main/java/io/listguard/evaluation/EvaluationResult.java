package io.listguard.evaluation;

import io.listguard.domain.Decision;
import java.time.Instant;
import java.util.List;

/**
 * The full answer of one evaluation. {@code records} and {@code trace} are null when the caller asked for a summary.
 * {@code warnings} say what of the request was not used (issue 12: its unknown fields);
 * an empty list when everything was read.
 */
public record EvaluationResult(
        String evaluationId,
        Instant evaluatedAt,
        PolicyVersionRef policyVersion,
        Decision decision,
        List<Finding> findings,
        Summary summary,
        List<RecordVerdict> records,
        List<TraceEntry> trace,
        List<String> warnings) {

    public EvaluationResult {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** An answer without warnings. */
    public EvaluationResult(String evaluationId, Instant evaluatedAt, PolicyVersionRef policyVersion, Decision decision,
                            List<Finding> findings, Summary summary, List<RecordVerdict> records, List<TraceEntry> trace) {
        this(evaluationId, evaluatedAt, policyVersion, decision, findings, summary, records, trace, List.of());
    }

    /** The same answer with these warnings. */
    public EvaluationResult withWarnings(List<String> warnings) {
        return new EvaluationResult(evaluationId, evaluatedAt, policyVersion, decision, findings, summary, records, trace, warnings);
    }

    /** The same answer without per-record verdicts and trace. */
    public EvaluationResult summaryOnly() {
        return new EvaluationResult(evaluationId, evaluatedAt, policyVersion, decision, findings, summary, null, null, warnings);
    }
}
