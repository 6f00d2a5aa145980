/**
 * The single use case of listguard: {@link io.listguard.evaluation.Evaluator#start} is the one way into an
 * evaluation (it validates the request and runs the campaign stage); the {@link io.listguard.evaluation.EvaluationRun}
 * evaluates records in batches and finishes over its merged {@link io.listguard.evaluation.RunTotals}, answering a
 * decision, findings, per-record verdicts and the trace of fired rules. Results go out through one port,
 * {@link io.listguard.evaluation.DecisionRecorder}, then to the {@link io.listguard.evaluation.EvaluationListener}s
 * ({@link io.listguard.evaluation.EvaluationService}, the pipeline). Plain Java, built from a
 * {@link io.listguard.policy.CompiledPolicy}: a CLI, a test or a batch worker can run it without Spring. Only
 * {@code internal} touches KIE sessions.
 */
package io.listguard.evaluation;
