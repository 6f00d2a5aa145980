package io.listguard.evaluation;

import io.listguard.domain.Decision;
import java.time.Instant;
import java.util.List;

/**
 * The full answer of one evaluation. {@code records} and {@code trace} are null when the caller asked for a summary.
 * {@code warnings} say what of the request was not used (issue 12: its unknown fields);
 * an empty list when everything was read. {@code ranOutside} is null but for an evaluation run outside the service and
 * recorded afterwards (issue 17): its job, and its lines read and rejected.
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
        List<String> warnings,
        RanOutside ranOutside) {

    public EvaluationResult {
        warnings = warnings == null ? List.of() : List.copyOf(warnings);
    }

    /** An answer without warnings. */
    public EvaluationResult(String evaluationId, Instant evaluatedAt, PolicyVersionRef policyVersion, Decision decision,
                            List<Finding> findings, Summary summary, List<RecordVerdict> records, List<TraceEntry> trace) {
        this(evaluationId, evaluatedAt, policyVersion, decision, findings, summary, records, trace, List.of(), null);
    }

    /** An answer of the service (not run outside it). */
    public EvaluationResult(String evaluationId, Instant evaluatedAt, PolicyVersionRef policyVersion, Decision decision,
                            List<Finding> findings, Summary summary, List<RecordVerdict> records, List<TraceEntry> trace, List<String> warnings) {
        this(evaluationId, evaluatedAt, policyVersion, decision, findings, summary, records, trace, warnings, null);
    }

    /** The same answer with these warnings. */
    public EvaluationResult withWarnings(List<String> warnings) {
        return new EvaluationResult(evaluationId, evaluatedAt, policyVersion, decision, findings, summary, records, trace, warnings, ranOutside);
    }

    /** The same answer without per-record verdicts and trace. */
    public EvaluationResult summaryOnly() {
        return new EvaluationResult(evaluationId, evaluatedAt, policyVersion, decision, findings, summary, null, null, warnings, ranOutside);
    }
}
