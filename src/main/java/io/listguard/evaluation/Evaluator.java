package io.listguard.evaluation;

import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.RequestValidator;
import io.listguard.domain.Violation;
import io.listguard.evaluation.internal.PolicyRuntime;
import io.listguard.policy.CompiledPolicy;
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

    /**
     * Evaluates a whole request (a convenience over {@link #start}, {@link EvaluationRun#evaluateAll}): either a
     * complete answer or an exception, never half an answer. Nothing is recorded: the service's pipeline
     * ({@link EvaluationService}) records and tells the listeners.
     */
    public EvaluationResult evaluate(EvaluationRequest request) {
        return evaluate(request, UUID.randomUUID().toString(), Set.of());
    }

    /**
     * As {@link #evaluate(EvaluationRequest)} under a caller-chosen id; {@code suppressedRecordIds} are the records
     * on the central suppression list, excluded whatever their file says (rules/suppression.drl).
     */
    public EvaluationResult evaluate(EvaluationRequest request, String evaluationId, Set<String> suppressedRecordIds) {
        return start(request).evaluateAll(evaluationId, request.records(), suppressedRecordIds);
    }

    /** Starts a run, with its trace, for the records of the request and any that arrive in batches. */
    public EvaluationRun start(EvaluationRequest request) {
        return start(request, true);
    }

    /**
     * The way into every evaluation (the API, bulk jobs, the CLI, replay, scenarios): validates the request, the
     * one place where it is (its campaign, its file and the records it holds: a bulk file's header holds none,
     * its lines are checked as they are read), checks the offer category, and runs the campaign stage. Without
     * tracing (bulk files of millions of records) the trace covers the campaign and summary stages only, and each
     * verdict still names the rules that decided it.
     *
     * @throws InvalidRequestException with every problem of the request
     * @throws UnknownOfferCategoryException for an offer category the policy does not define
     */
    public EvaluationRun start(EvaluationRequest request, boolean tracing) {
        List<Violation> violations = RequestValidator.validate(request);
        if (!violations.isEmpty()) {
            throw new InvalidRequestException(violations);
        }
        String offer = request.campaign().offerCategory();
        if (!catalogue.offers().containsKey(offer)) {
            throw new UnknownOfferCategoryException(offer, catalogue.offerCodes());
        }
        // the records of a synchronous request are all known: whether one is a person decides GDPR art. 14 (R17);
        // a bulk file's header holds none, and its file is then presumed to hold personal data unless it says not
        Boolean recordsHoldPerson = request.records().isEmpty() ? null
                : request.records().stream().anyMatch(r -> r.kind() == io.listguard.domain.RecordKind.PERSON);
        return new EvaluationRun(runtime, catalogue, versionRef(), batchSize, request.campaign(), request.file(), tracing, recordsHoldPerson);
    }
}
