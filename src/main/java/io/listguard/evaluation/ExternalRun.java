package io.listguard.evaluation;

import java.time.Instant;

/**
 * Who evaluated a file outside the service, and where (issue 17: a Spark job): kept with the evaluation it
 * recorded ({@link EvaluationResult#ranOutside()}), so that an auditor can find the run again in the engine's history.
 *
 * @param engine        the engine, e.g. {@code spark}
 * @param applicationId the engine's id of the run (Spark's {@code spark.app.id})
 * @param master        where it ran (Spark's master URL, e.g. {@code yarn})
 * @param input         the records file read (a path or URI; never its content)
 * @param output        where the verdicts were written
 * @param startedAt     when the run started
 * @param finishedAt    when it finished
 * @param submittedBy   who submitted it
 */
public record ExternalRun(String engine, String applicationId, String master, String input, String output, Instant startedAt,
                          Instant finishedAt, String submittedBy) {
}
