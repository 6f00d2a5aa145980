package io.listguard.evaluation;

import io.listguard.domain.EvaluationRequest;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicReference;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The entry point applications use: evaluates under the active policy version and tells the listeners (metrics,
 * audit). The active {@link Evaluator} is one immutable reference, swapped whole when a new policy version is
 * activated, so a request always runs under exactly one version. Logs carry the evaluation id (MDC key
 * {@code evaluationId}) and never a record's contact data.
 */
public final class EvaluationService {

    private static final Logger log = LoggerFactory.getLogger(EvaluationService.class);

    private final AtomicReference<Evaluator> active;
    private final List<EvaluationListener> listeners;
    private final SuppressionList suppressions;
    private final int maxRecords;

    public EvaluationService(Evaluator initial, List<EvaluationListener> listeners, SuppressionList suppressions, int maxRecords) {
        this.active = new AtomicReference<>(Objects.requireNonNull(initial));
        this.listeners = List.copyOf(listeners);
        this.suppressions = suppressions;
        this.maxRecords = maxRecords;
    }

    public SuppressionList suppressions() {
        return suppressions;
    }

    public Evaluator active() {
        return active.get();
    }

    /** Makes another compiled policy the active one; requests already running finish under the previous one. */
    public Evaluator activate(Evaluator next) {
        return active.getAndSet(Objects.requireNonNull(next));
    }

    public int maxRecords() {
        return maxRecords;
    }

    public EvaluationResult evaluate(EvaluationRequest request) {
        return evaluate(request, "anonymous");
    }

    /** Evaluates for a named caller (recorded in the audit trail). */
    public EvaluationResult evaluate(EvaluationRequest request, String caller) {
        return evaluate(request, caller, List.of());
    }

    /** Evaluates for a named caller, answering (and auditing) warnings about the request, such as its unknown fields. */
    public EvaluationResult evaluate(EvaluationRequest request, String caller, List<String> warnings) {
        if (request != null && request.records().size() > maxRecords) {
            throw new TooManyRecordsException(request.records().size(), maxRecords);
        }
        Evaluator evaluator = active.get();
        String evaluationId = UUID.randomUUID().toString();
        try (MDC.MDCCloseable ignored = MDC.putCloseable("evaluationId", evaluationId)) {
            long started = System.nanoTime();
            EvaluationResult result;
            try {
                result = evaluator.evaluate(request, evaluationId, suppressions.suppressedRecordIds(request.records())).withWarnings(warnings);
            } catch (InvalidRequestException | UnknownOfferCategoryException e) {
                throw e;
            } catch (RuntimeException e) {
                log.error("evaluation {} failed; nothing was decided", evaluationId, e);
                throw new EvaluationFailedException(evaluationId, e);
            }
            long elapsed = System.nanoTime() - started;
            EvaluationListener.Evaluated evaluated = new EvaluationListener.Evaluated(request, caller, result, elapsed);
            for (EvaluationListener listener : listeners) {
                listener.evaluated(evaluated);
            }
            log.info("evaluated campaign {} file {}: {} ({} records, {} contactable) under policy {} in {} ms",
                    request.campaign().id(), request.file().id(), result.decision(), result.summary().total(),
                    result.summary().contactable(), result.policyVersion().id(), elapsed / 1_000_000);
            return result;
        }
    }
}
