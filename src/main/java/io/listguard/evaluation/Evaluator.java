package io.listguard.evaluation;

import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RequestValidator;
import io.listguard.domain.Violation;
import io.listguard.evaluation.internal.PolicyRuntime;
import io.listguard.policy.CompiledPolicy;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.UUID;

/**
 * Evaluates campaigns and rented files under one compiled policy. Thread-safe and cheap to share: each call opens
 * its own short sessions on the policy's KieBase. Build one per policy version, not per request.
 */
public final class Evaluator {

    public static final int DEFAULT_BATCH_SIZE = 1_000;

    private final PolicyRuntime runtime;
    private final PolicyCatalogue catalogue;
    private final int batchSize;

    public Evaluator(CompiledPolicy policy) {
        this(policy, DEFAULT_BATCH_SIZE);
    }

    public Evaluator(CompiledPolicy policy, int batchSize) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        this.runtime = new PolicyRuntime(policy);
        this.catalogue = runtime.readCatalogue();
        this.batchSize = batchSize;
    }

    public CompiledPolicy policy() {
        return runtime.policy();
    }

    public PolicyCatalogue catalogue() {
        return catalogue;
    }

    public PolicyVersionRef versionRef() {
        return new PolicyVersionRef(policy().versionId(), policy().hash());
    }

    /** Evaluates a whole request: either a complete answer or an exception, never half an answer. */
    public EvaluationResult evaluate(EvaluationRequest request) {
        return evaluate(request, UUID.randomUUID().toString());
    }

    /** Evaluates a whole request under a caller-chosen id (the service sets it in the logging context first). */
    public EvaluationResult evaluate(EvaluationRequest request, String evaluationId) {
        return evaluate(request, evaluationId, Set.of());
    }

    /**
     * Evaluates a whole request; {@code suppressedRecordIds} are the records on the central suppression list,
     * excluded whatever their file says (rules/suppression.drl).
     */
    public EvaluationResult evaluate(EvaluationRequest request, String evaluationId, Set<String> suppressedRecordIds) {
        List<Violation> violations = RequestValidator.validate(request);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        Instant evaluatedAt = Instant.now();
        EvaluationRun run = start(request);
        List<RecordVerdict> verdicts = new ArrayList<>(request.records().size());
        List<ProspectRecord> records = request.records();
        for (int from = 0; from < records.size(); from += batchSize) {
            verdicts.addAll(run.evaluate(records.subList(from, Math.min(records.size(), from + batchSize)), suppressedRecordIds));
        }
        EvaluationRun.Outcome outcome = run.finish();
        return new EvaluationResult(evaluationId, evaluatedAt, versionRef(), outcome.decision(), outcome.findings(),
                outcome.summary(), verdicts, outcome.trace());
    }

    /** Starts a run for records that arrive in batches; checks the offer category first. */
    public EvaluationRun start(EvaluationRequest header) {
        return start(header, true);
    }

    /**
     * Starts a run; without tracing (bulk files of millions of records) the trace covers the campaign and summary
     * stages only, and each verdict still names the rules that decided it.
     */
    public EvaluationRun start(EvaluationRequest header, boolean tracing) {
        String offer = header.campaign().offerCategory();
        if (!catalogue.offers().containsKey(offer)) {
            throw new UnknownOfferCategoryException(offer, catalogue.offerCodes());
        }
        return new EvaluationRun(runtime, catalogue, header.campaign(), header.file(), tracing);
    }
}
