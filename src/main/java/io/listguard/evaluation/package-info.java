/**
 * The single use case of listguard: {@link io.listguard.evaluation.Evaluator#evaluate} runs one campaign, its
 * rented file and its records through a compiled policy and answers a decision, findings, per-record verdicts
 * and the trace of fired rules. Plain Java, built from a {@link io.listguard.policy.CompiledPolicy}: a CLI, a test
 * or a batch worker can run it without Spring. Only {@code internal} touches KIE sessions.
 */
package io.listguard.evaluation;
