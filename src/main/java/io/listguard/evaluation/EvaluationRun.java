package io.listguard.evaluation;

import io.listguard.rules.Evidence;

import io.listguard.domain.Campaign;
import io.listguard.domain.Decision;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RentedFile;
import io.listguard.rules.FileMeasure;
import io.listguard.rules.Prospect;
import io.listguard.evaluation.internal.EvaluationInternals;
import io.listguard.evaluation.internal.PolicyRuntime;
import io.listguard.evaluation.internal.RuleOutcomes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.LongAdder;

/**
 * One evaluation in progress. The campaign stage has run; batches of records are evaluated each in its own
 * session, and {@link #evaluateBatch} may be called from several threads at once (bulk files use every core);
 * {@link #finish()} runs the file thresholds and the decision over the merged totals.
 */
public final class EvaluationRun {

    private final PolicyRuntime runtime;
    private final RuleOutcomes campaignOutcomes;
    private final Campaign campaign;
    private final RentedFile file;
    private final Set<String> relatedJobs;
    private final boolean tracing;
    private final LongAdder total = new LongAdder();
    private final LongAdder contactable = new LongAdder();
    private final Map<String, LongAdder> excludedBy = new ConcurrentHashMap<>();
    private final List<TraceEntry> recordTrace = Collections.synchronizedList(new ArrayList<>());
    private final List<NeededEvidence> neededEvidence;

    EvaluationRun(PolicyRuntime runtime, PolicyCatalogue catalogue, Campaign campaign, RentedFile file, boolean tracing) {
        this.runtime = runtime;
        this.campaignOutcomes = runtime.newOutcomes(tracing);
        this.campaign = campaign;
        this.file = file;
        this.tracing = tracing;
        this.relatedJobs = catalogue.relatedJobFunctions(campaign.offerCategory());
        runtime.runCampaign(campaignOutcomes, campaign, file);
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
        return evaluateBatch(batch, suppressed, null);
    }

    /**
     * As {@link #evaluateBatch(List, Set)}; {@code notInFile}, when not null, gives for each record (same order) the
     * needed evidence its file was declared not to hold and the record leaves blank: the record is excluded for it.
     */
    public BatchResult evaluateBatch(List<ProspectRecord> batch, Set<String> suppressed, List<Set<Evidence>> notInFile) {
        List<Prospect> prospects = new ArrayList<>(batch.size());
        for (int i = 0; i < batch.size(); i++) {
            ProspectRecord record = batch.get(i);
            prospects.add(new Prospect(record, campaign, relatedJobs, suppressed.contains(record.id()),
                    notInFile == null ? Set.of() : notInFile.get(i)));
        }
        RuleOutcomes outcomes = runtime.newOutcomes(tracing);
        runtime.runRecords(outcomes, campaign, file, prospects);
        List<RecordVerdict> verdicts = new ArrayList<>(prospects.size());
        List<List<String>> deciding = new ArrayList<>(prospects.size());
        for (Prospect p : prospects) {
            deciding.add(p.decidingRules());
            boolean ok = p.reasons().isEmpty();
            total.increment();
            if (ok) {
                contactable.increment();
            } else {
                for (String reason : p.reasons()) {
                    excludedBy.computeIfAbsent(reason, r -> new LongAdder()).increment();
                }
            }
            verdicts.add(new RecordVerdict(p.getId(), ok, List.copyOf(p.reasons()), List.copyOf(p.legalBases())));
        }
        return new BatchResult(verdicts, deciding, tracing ? EvaluationInternals.trace(outcomes) : List.of());
    }

    /** Evaluates one batch and keeps its trace for the answer (the synchronous path). */
    public List<RecordVerdict> evaluate(List<ProspectRecord> batch, Set<String> suppressed) {
        BatchResult result = evaluateBatch(batch, suppressed);
        recordTrace.addAll(result.trace());
        return result.verdicts();
    }

    public List<RecordVerdict> evaluate(List<ProspectRecord> batch) {
        return evaluate(batch, Set.of());
    }

    public long evaluatedSoFar() {
        return total.sum();
    }

    /** Runs the file thresholds and the decision rules over the totals. */
    public Outcome finish() {
        long all = total.sum();
        long ok = contactable.sum();
        long excluded = all - ok;
        Map<String, Integer> byReason = new TreeMap<>();
        excludedBy.forEach((reason, count) -> byReason.put(reason, count.intValue()));
        List<FileMeasure> measures = new ArrayList<>();
        measures.add(new FileMeasure("RECORDS", all, 100.0));
        measures.add(new FileMeasure("CONTACTABLE", ok, percent(ok, all)));
        measures.add(new FileMeasure("EXCLUDED", excluded, percent(excluded, all)));
        byReason.forEach((reason, count) -> measures.add(new FileMeasure(reason, count, percent(count, all))));
        runtime.runSummary(campaignOutcomes, measures, List.copyOf(runtime.findings(campaignOutcomes)));
        Decision decision = EvaluationInternals.decision(campaignOutcomes);
        List<TraceEntry> trace = tracing ? EvaluationInternals.ordered(EvaluationInternals.trace(campaignOutcomes), recordTrace) : List.of();
        return new Outcome(decision, List.copyOf(runtime.findings(campaignOutcomes)),
                new Summary((int) all, (int) ok, (int) excluded, Collections.unmodifiableMap(byReason)), trace);
    }

    private static double percent(long count, long all) {
        return all == 0 ? 0.0 : 100.0 * count / all;
    }

    /** What a finished run concludes. */
    public record Outcome(Decision decision, List<Finding> findings, Summary summary, List<TraceEntry> trace) {
    }
}
