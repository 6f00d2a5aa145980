package io.listguard.evaluation;

/**
 * The mark of an evaluation run outside the service and recorded afterwards ({@code POST /api/v1/evaluations/external}):
 * the job that ran it, and the lines it read and rejected (a stored answer's summary counts evaluated records only).
 * The service re-derived the decision from the totals under the stored policy version; the records themselves were
 * never sent, so such an evaluation has no record rows.
 */
public record RanOutside(ExternalRun job, long linesRead, long rejected) {
}
