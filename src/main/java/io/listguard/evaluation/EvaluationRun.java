package io.listguard.evaluation;

import io.listguard.rules.Evidence;

import io.listguard.domain.Campaign;
import io.listguard.domain.Decision;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RentedFile;
import io.listguard.rules.CallingCalendar;
import io.listguard.rules.FileMeasure;
import io.listguard.rules.Prospect;
import io.listguard.evaluation.internal.EvaluationInternals;
import io.listguard.evaluation.internal.PolicyRuntime;
import io.listguard.evaluation.internal.RuleOutcomes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;

/**
 * One evaluation in progress, the only way into an evaluation ({@link Evaluator#start}): the request has been
 * validated and the campaign stage has run; batches of records are evaluated each in its own session, and
 * {@link #evaluateBatch} may be called from several threads at once (bulk files use every core); each batch's
 * {@link RunTotals} are merged into the run's, with those of parts evaluated elsewhere ({@link #include});
 * {@link #finish()} runs the file thresholds and the decision over the merged totals.
 */
public final class EvaluationRun {

    private final PolicyRuntime runtime;
    private final RuleOutcomes campaignOutcomes;
    private final Campaign campaign;
    private final RentedFile file;
    private final Set<String> relatedJobs;
    private final boolean tracing;
    private final PolicyVersionRef policyVersion;
    private final int batchSize;
    private final Instant startedAt = Instant.now();
    private final Object totalsLock = new Object();
    private RunTotals totals = RunTotals.EMPTY;
    private final List<TraceEntry> recordTrace = Collections.synchronizedList(new ArrayList<>());
    private final List<NeededEvidence> neededEvidence;
    private final CallingCalendar calling;
    private volatile Consumer<BatchResult> observer;

    EvaluationRun(PolicyRuntime runtime, PolicyCatalogue catalogue, PolicyVersionRef policyVersion, int batchSize, Campaign campaign,
                  RentedFile file, boolean tracing) {
        this(runtime, catalogue, policyVersion, batchSize, campaign, file, tracing, null);
    }

    /**
     * {@code recordsHoldPerson}: when every record is known before the campaign stage (a synchronous request),
     * whether one is a PERSON; null otherwise. The campaign stage reads it for GDPR art. 14, which concerns personal
     * data only (R17, FileReview.personalData).
     */
    EvaluationRun(PolicyRuntime runtime, PolicyCatalogue catalogue, PolicyVersionRef policyVersion, int batchSize, Campaign campaign,
                  RentedFile file, boolean tracing, Boolean recordsHoldPerson) {
        this.runtime = runtime;
        this.policyVersion = policyVersion;
        this.batchSize = batchSize;
        this.campaignOutcomes = runtime.newOutcomes(tracing);
        this.campaign = campaign;
        this.file = file;
        this.tracing = tracing;
        this.relatedJobs = catalogue.relatedJobFunctions(campaign.offerCategory());
        this.calling = new CallingCalendar(campaign, catalogue.holidays());
        runtime.runCampaign(campaignOutcomes, campaign, file, recordsHoldPerson, calling);
        this.neededEvidence = EvaluationInternals.neededEvidence(campaignOutcomes);
    }

    /**
     * The evidence the campaign's rules need its records file to hold (rules/evidence.drl, campaign stage), each
     * with the rule that declared it, in firing order; a kind may be declared by several rules.
     */
    public List<NeededEvidence> neededEvidence() {
        return neededEvidence;
    }

    /**
     * Has {@code observer} told of every batch's result once it is decided (metrics: the rules that decided), from the
     * thread that evaluated it; none by default (the command line, a batch engine). Set it before the first batch.
     */
    public EvaluationRun observedBy(Consumer<BatchResult> observer) {
        this.observer = observer;
        return this;
    }

    /**
     * The verdicts of one batch, in input order; for each, the rows and DRL rules that decided it ("file:sheet:row");
     * and the batch's trace when tracing.
     */
    public record BatchResult(List<RecordVerdict> verdicts, List<List<String>> decidingRules, List<TraceEntry> trace) {
    }

    /**
     * Evaluates one batch in its own session; thread-safe. The records whose id is in {@code suppressed} are on
     * the central suppression list. The batch's trace is returned, not kept: a bulk file writes it away.
     */
    public BatchResult evaluateBatch(List<ProspectRecord> batch, Set<String> suppressed) {
        return evaluateBatch(batch, SuppressionList.Barred.suppressed(suppressed), null);
    }

    /**
     * As {@link #evaluateBatch(List, Set)}; {@code notInFile}, when not null, gives for each record (same order) the
     * needed evidence its file was declared not to hold and the record leaves blank: the record is excluded for it.
     */
    public BatchResult evaluateBatch(List<ProspectRecord> batch, Set<String> suppressed, List<Set<Evidence>> notInFile) {
        return evaluateBatch(batch, SuppressionList.Barred.suppressed(suppressed), notInFile);
    }

    /** As {@link #evaluateBatch(List, Set, List)}, with the records barred by a restriction of processing too. */
    public BatchResult evaluateBatch(List<ProspectRecord> batch, SuppressionList.Barred barred, List<Set<Evidence>> notInFile) {
        List<Prospect> prospects = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            ProspectRecord record = batch.get(i);
            prospects.add(new Prospect(record, campaign, relatedJobs, barred.suppressed().contains(record.id()),
                    barred.restricted().contains(record.id()), notInFile == null ? Set.of() : notInFile.get(i), calling));
        }
        RuleOutcomes outcomes = runtime.newOutcomes(tracing);
        runtime.runRecords(outcomes, campaign, file, prospects);
        List<RecordVerdict> verdicts = new ArrayList<>(prospects.size());
        List<List<String>> deciding = new ArrayList<>(prospects.size());
        for (Prospect p : prospects) {
            deciding.add(p.decidingRules());
            verdicts.add(new RecordVerdict(p.getId(), p.reasons().isEmpty(), List.copyOf(p.reasons()), List.copyOf(p.legalBases())));
        }
        include(RunTotals.of(verdicts));
        BatchResult result = new BatchResult(verdicts, deciding, tracing ? EvaluationInternals.trace(outcomes) : List.of());
        Consumer<BatchResult> told = observer;
        if (told != null) {
            told.accept(result);
        }
        return result;
    }

    /**
     * Adds totals counted elsewhere to this run's: the rejected lines of a bulk file, or the totals of a partition of
     * the same file evaluated by another run of the same campaign under the same policy (a batch engine's task), so
     * that {@link #finish()} concludes over the whole file. Thread-safe.
     */
    public void include(RunTotals part) {
        synchronized (totalsLock) {
            totals = totals.merge(part);
        }
    }

    /** The totals so far: every batch evaluated and every part included. */
    public RunTotals totals() {
        synchronized (totalsLock) {
            return totals;
        }
    }

    public Instant startedAt() {
        return startedAt;
    }

    /**
     * The whole answer for these records (the synchronous path): evaluated in batches of the evaluator's size, each
     * batch's trace kept, then {@link #finish() finished}. Either a complete answer or an exception.
     */
    public EvaluationResult evaluateAll(String evaluationId, List<ProspectRecord> records, Set<String> suppressed) {
        return evaluateAll(evaluationId, records, SuppressionList.Barred.suppressed(suppressed));
    }

    /** As {@link #evaluateAll(String, List, Set)}, with the records barred by a restriction of processing too. */
    public EvaluationResult evaluateAll(String evaluationId, List<ProspectRecord> records, SuppressionList.Barred suppressed) {
        List<RecordVerdict> verdicts = new ArrayList<>(records.size());
        for (int from = 0; from < records.size(); from += batchSize) {
            verdicts.addAll(evaluate(records.subList(from, Math.min(records.size(), from + batchSize)), suppressed));
        }
        Outcome outcome = finish();
        return new EvaluationResult(evaluationId, startedAt, policyVersion, outcome.decision(), outcome.findings(), outcome.summary(),
                verdicts, outcome.trace());
    }

    /** Evaluates one batch and keeps its trace for the answer (the synchronous path). */
    private List<RecordVerdict> evaluate(List<ProspectRecord> batch, SuppressionList.Barred suppressed) {
        BatchResult result = evaluateBatch(batch, suppressed, null);
        recordTrace.addAll(result.trace());
        return result.verdicts();
    }

    /** Runs the file thresholds and the decision rules over the totals: those of every batch and every part included. */
    public Outcome finish() {
        RunTotals all = totals();
        long count = all.records();
        List<FileMeasure> measures = new ArrayList<>();
        measures.add(new FileMeasure("RECORDS", count, 100.0));
        measures.add(new FileMeasure("CONTACTABLE", all.contactable(), percent(all.contactable(), count)));
        measures.add(new FileMeasure("EXCLUDED", all.excluded(), percent(all.excluded(), count)));
        all.excludedBy().forEach((reason, n) -> measures.add(new FileMeasure(reason, n, percent(n, count))));
        runtime.runSummary(campaignOutcomes, campaign, measures, List.copyOf(runtime.findings(campaignOutcomes)));
        Decision decision = EvaluationInternals.decision(campaignOutcomes);
        List<TraceEntry> trace = tracing ? EvaluationInternals.ordered(EvaluationInternals.trace(campaignOutcomes), recordTrace) : List.of();
        return new Outcome(decision, List.copyOf(runtime.findings(campaignOutcomes)), all.summary(), trace, all);
    }

    private static double percent(long count, long all) {
        return all == 0 ? 0.0 : 100.0 * count / all;
    }

    /** What a finished run concludes. */
    public record Outcome(Decision decision, List<Finding> findings, Summary summary, List<TraceEntry> trace, RunTotals totals) {
    }
}
