package io.listguard.audit;

import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.Violation;
import io.listguard.evaluation.DecisionRecorder;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.EvaluationRun;
import io.listguard.evaluation.Evaluator;
import io.listguard.evaluation.ExternalEvaluation;
import io.listguard.evaluation.ExternalRun;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.evaluation.RanOutside;
import io.listguard.evaluation.RunTotals;
import io.listguard.lifecycle.PolicyLifecycle;
import io.listguard.lifecycle.PolicyVersion;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import org.springframework.stereotype.Service;

/**
 * Records an evaluation run outside the service (issue 17: the Spark job) in the audit trail, as any evaluation: the
 * service does not take the job's word for its decision. It starts a run of the stored policy version the job names
 * (by hash) on the campaign and file (the same validation as every evaluation), includes the job's totals
 * ({@link EvaluationRun#include}, as a partition evaluated elsewhere), finishes it, and refuses unless the totals add up
 * and the decision is the one claimed. Then the answer (decision, findings, summary, file-level trace, the job as
 * {@link RanOutside}; no record rows: the records never reach the service) goes through the one writer of the trail
 * ({@link DecisionRecorder}, {@code AuditWriter}), so that it is in the hash chain and shows like any evaluation.
 */
@Service
public class ExternalEvaluations {

    /** The longest text of the job's identity that is kept. */
    static final int MAX_TEXT = 1_000;
    private static final int MAX_ID = 300;

    private final PolicyLifecycle lifecycle;
    private final AuditWriter recorder;

    ExternalEvaluations(PolicyLifecycle lifecycle, AuditWriter recorder) {
        this.lifecycle = lifecycle;
        this.recorder = recorder;
    }

    /**
     * Checks and records the claim; returns the stored answer. {@code caller} is who is accountable (the API key, with
     * the job's submitter).
     *
     * @throws InvalidRequestException             a missing or malformed field, or an invalid campaign or file (400)
     * @throws ExternalEvaluationRefusedException  an unknown policy hash, totals that do not add up, another decision (422)
     */
    public EvaluationResult record(ExternalEvaluation claim, String caller, List<String> warnings) {
        List<Violation> violations = new ArrayList<>();
        check(claim, violations);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        PolicyVersion version = lifecycle.versionWithHash(claim.policyHash().trim())
                .orElseThrow(() -> new ExternalEvaluationRefusedException("api.external.unknownPolicy", claim.policyHash().trim()));
        RunTotals totals = totals(claim.totals());
        Evaluator evaluator = lifecycle.evaluatorFor(version.id());
        // the header of a file, as a bulk job starts: the campaign stage runs, its validation and offer checks included
        EvaluationRequest header = new EvaluationRequest(claim.campaign(), claim.file(), List.of());
        EvaluationRun run = evaluator.start(header, true);
        run.include(totals);
        EvaluationRun.Outcome outcome = run.finish();
        if (outcome.decision() != claim.decision()) {
            throw new ExternalEvaluationRefusedException("api.external.decision", claim.decision().name(), outcome.decision().name(),
                    version.id());
        }
        if (!ExternalEvaluation.ClaimedTotals.of(outcome.totals()).equals(claim.totals())) {
            throw new ExternalEvaluationRefusedException("api.external.totals.differ");
        }
        String id = UUID.randomUUID().toString();
        EvaluationResult result = new EvaluationResult(id, Instant.now(), evaluator.versionRef(), outcome.decision(), outcome.findings(),
                outcome.summary(), null, outcome.trace(), warnings, new RanOutside(claim.job(), totals.linesRead(), totals.rejected()));
        recorder.record(header, caller, result);
        return result;
    }

    /** The job's totals as the run's, once they add up: lines read = contactable + excluded + rejected, every reason within. */
    private static RunTotals totals(ExternalEvaluation.ClaimedTotals t) {
        long records = t.records();
        long contactable = t.contactable();
        long excluded = t.excluded();
        long rejected = t.rejected();
        if (records < 0 || contactable < 0 || excluded < 0 || rejected < 0) {
            throw new ExternalEvaluationRefusedException("api.external.totals.negative");
        }
        if (contactable + excluded + rejected != records) {
            throw new ExternalEvaluationRefusedException("api.external.totals.sum", records, contactable, excluded, rejected);
        }
        if (records - rejected > Integer.MAX_VALUE) {
            throw new ExternalEvaluationRefusedException("api.external.totals.tooMany", Integer.MAX_VALUE);
        }
        long reasons = 0;
        for (Map.Entry<String, Long> e : t.excludedBy().entrySet()) {
            if (e.getKey() == null || e.getKey().isBlank() || e.getValue() == null || e.getValue() < 1 || e.getValue() > excluded) {
                throw new ExternalEvaluationRefusedException("api.external.totals.reason", String.valueOf(e.getKey()), excluded);
            }
            reasons += e.getValue();
        }
        // every excluded record has at least one reason, and counts once under each of its reasons
        if (excluded > 0 && reasons < excluded || excluded == 0 && !t.excludedBy().isEmpty()) {
            throw new ExternalEvaluationRefusedException("api.external.totals.reasons", excluded, reasons);
        }
        return new RunTotals(records - rejected, contactable, rejected, t.excludedBy());
    }

    private static void check(ExternalEvaluation claim, List<Violation> violations) {
        if (claim == null) {
            violations.add(Violation.coded("$", "request.bodyMissing"));
            return;
        }
        required(claim.campaign(), "campaign", violations);
        required(claim.file(), "file", violations);
        text(claim.policyHash(), "policyHash", MAX_ID, true, violations);
        required(claim.decision(), "decision", violations);
        ExternalEvaluation.ClaimedTotals totals = claim.totals();
        if (required(totals, "totals", violations)) {
            required(totals.records(), "totals.records", violations);
            required(totals.contactable(), "totals.contactable", violations);
            required(totals.excluded(), "totals.excluded", violations);
            required(totals.rejected(), "totals.rejected", violations);
            required(totals.excludedBy(), "totals.excludedBy", violations);
        }
        ExternalRun job = claim.job();
        if (required(job, "job", violations)) {
            text(job.engine(), "job.engine", MAX_ID, true, violations);
            text(job.applicationId(), "job.applicationId", MAX_ID, true, violations);
            text(job.master(), "job.master", MAX_TEXT, false, violations);
            text(job.input(), "job.input", MAX_TEXT, true, violations);
            text(job.output(), "job.output", MAX_TEXT, false, violations);
            text(job.submittedBy(), "job.submittedBy", MAX_ID, false, violations);
            required(job.startedAt(), "job.startedAt", violations);
            required(job.finishedAt(), "job.finishedAt", violations);
            if (job.startedAt() != null && job.finishedAt() != null && job.finishedAt().isBefore(job.startedAt())) {
                violations.add(Violation.coded("job.finishedAt", "api.external.finishedBeforeStart"));
            }
        }
    }

    private static boolean required(Object value, String path, List<Violation> violations) {
        if (value == null) {
            violations.add(Violation.coded(path, "request.required"));
            return false;
        }
        return true;
    }

    private static void text(String value, String path, int max, boolean needed, List<Violation> violations) {
        if (value == null || value.isBlank()) {
            if (needed) {
                violations.add(Violation.coded(path, "request.required"));
            }
        } else if (value.length() > max) {
            violations.add(Violation.coded(path, "request.tooLong", max));
        }
    }
}
