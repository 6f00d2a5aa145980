package io.listguard.evaluation;

import io.listguard.domain.Campaign;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.RentedFile;
import java.util.List;
import java.util.Objects;
import java.util.UUID;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import org.slf4j.MDC;

/**
 * The pipeline applications use, the same for a request and a bulk job: an evaluation starts under the
 * {@link ActivePolicy} ({@link Evaluator#start}, read once, so it runs under exactly one version), its records
 * are evaluated in batches, it finishes, it is recorded ({@link DecisionRecorder}: a failure withholds the
 * answer), the listeners are told (metrics), and only then is the answer given. Logs carry the evaluation id (MDC
 * key {@code evaluationId}) and never a record's contact data.
 */
public final class EvaluationService {

    private static final Logger log = LoggerFactory.getLogger(EvaluationService.class);

    private final ActivePolicy active;
    private final DecisionRecorder recorder;
    private final List<EvaluationListener> listeners;
    private final SuppressionList suppressions;
    private final int maxRecords;

    public EvaluationService(ActivePolicy active, DecisionRecorder recorder, List<EvaluationListener> listeners, SuppressionList suppressions,
                             int maxRecords) {
        this.active = Objects.requireNonNull(active);
        this.recorder = Objects.requireNonNull(recorder);
        this.listeners = List.copyOf(listeners);
        this.suppressions = suppressions;
        this.maxRecords = maxRecords;
    }

    public SuppressionList suppressions() {
        return suppressions;
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

    /** Evaluates for a named caller, answering (and recording) warnings about the request, such as its unknown fields. */
    public EvaluationResult evaluate(EvaluationRequest request, String caller, List<String> warnings) {
        if (request != null && request.records().size() > maxRecords) {
            throw new TooManyRecordsException(request.records().size(), maxRecords);
        }
        Evaluator evaluator = active.current();
        String evaluationId = UUID.randomUUID().toString();
        try (MDC.MDCCloseable ignored = MDC.putCloseable("evaluationId", evaluationId)) {
            long started = System.nanoTime();
            EvaluationResult result;
            try {
                EvaluationRun run = evaluator.start(request).observedBy(batchObserver(evaluator, EvaluationListener.Kind.REQUEST));
                result = run.evaluateAll(evaluationId, request.records(), suppressions.barred(request.records())).withWarnings(warnings);
            } catch (InvalidRequestException | UnknownOfferCategoryException e) {
                throw e;
            } catch (RuntimeException e) {
                log.error("evaluation {} failed; nothing was decided", evaluationId, e);
                throw new EvaluationFailedException(evaluationId, e);
            }
            long elapsed = System.nanoTime() - started;
            recorder.record(request, caller, result);
            tell(new EvaluationListener.Evaluated(request, caller, result, elapsed));
            log.info("evaluated campaign {} file {}: {} ({} records, {} contactable) under policy {} in {} ms",
                    request.campaign().id(), request.file().id(), result.decision(), result.summary().total(),
                    result.summary().contactable(), result.policyVersion().id(), elapsed / 1_000_000);
            return result;
        }
    }

    /**
     * Opens the recording of an evaluation whose records are streamed (a bulk job, under {@code policy}); its
     * batches are recorded as they are decided, then {@link #completed} or discarded.
     */
    public DecisionRecorder.Recording open(String evaluationId, String caller, Campaign campaign, RentedFile file, PolicyVersionRef policy) {
        return recorder.open(evaluationId, caller, campaign, file, policy);
    }

    /**
     * Goes on with the recording of a streamed evaluation interrupted after {@code keptRecords} records (a bulk job
     * resumed from its checkpoint): the rows after them are removed, and the next records follow them
     * ({@link DecisionRecorder#resume}).
     */
    public DecisionRecorder.Recording resume(String evaluationId, long keptRecords) {
        return recorder.resume(evaluationId, keptRecords);
    }

    /**
     * The end of a streamed evaluation, as of a request: its outcome recorded, then the listeners told. When this
     * returns, the outcome may be given.
     */
    public void completed(DecisionRecorder.Recording recording, EvaluationRequest header, String caller, EvaluationResult outcome,
                          long elapsedNanos) {
        completed(recording, header, caller, outcome, elapsedNanos, 0);
    }

    /** As {@link #completed(DecisionRecorder.Recording, EvaluationRequest, String, EvaluationResult, long)}, with the file's rejected lines. */
    public void completed(DecisionRecorder.Recording recording, EvaluationRequest header, String caller, EvaluationResult outcome,
                          long elapsedNanos, long rejectedLines) {
        recording.complete(outcome);
        tell(new EvaluationListener.Evaluated(header, caller, outcome, elapsedNanos, EvaluationListener.Kind.FILE, rejectedLines));
    }

    /**
     * What tells the listeners of each batch of a run under {@code evaluator} ({@link EvaluationListener#batchDecided}):
     * given to {@link EvaluationRun#observedBy}, by this service for a request and by bulk jobs for their runs.
     */
    public Consumer<EvaluationRun.BatchResult> batchObserver(Evaluator evaluator, EvaluationListener.Kind kind) {
        return result -> {
            EvaluationListener.Batch batch = new EvaluationListener.Batch(kind, evaluator.policy(), result.decidingRules());
            for (EvaluationListener listener : listeners) {
                listener.batchDecided(batch);
            }
        };
    }

    /** Removes what a streamed evaluation that did not complete left recorded (a job interrupted by a restart). */
    public void discard(String evaluationId) {
        recorder.discard(evaluationId);
    }

    private void tell(EvaluationListener.Evaluated evaluated) {
        for (EvaluationListener listener : listeners) {
            listener.evaluated(evaluated);
        }
    }
}
