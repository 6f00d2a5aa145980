package io.listguard.evaluation;

import io.listguard.domain.Campaign;
import io.listguard.domain.Decision;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RentedFile;
import io.listguard.evaluation.facts.FileMeasure;
import io.listguard.evaluation.facts.Prospect;
import io.listguard.evaluation.internal.EvaluationInternals;
import io.listguard.evaluation.internal.PolicyRuntime;
import io.listguard.evaluation.internal.RuleOutcomes;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/**
 * One evaluation in progress: the campaign stage has run; records are fed in batches (each batch its own
 * session); {@link #finish()} runs the file thresholds and the decision. Not thread-safe: one run, one thread.
 */
public final class EvaluationRun {

    private final PolicyRuntime runtime;
    private final RuleOutcomes outcomes;
    private final Campaign campaign;
    private final RentedFile file;
    private final Set<String> relatedJobs;
    private final Map<String, Integer> excludedBy = new TreeMap<>();
    private int total;
    private int contactable;

    EvaluationRun(PolicyRuntime runtime, PolicyCatalogue catalogue, Campaign campaign, RentedFile file, boolean tracing) {
        this.runtime = runtime;
        this.outcomes = runtime.newOutcomes(tracing);
        this.campaign = campaign;
        this.file = file;
        this.relatedJobs = catalogue.relatedJobFunctions(campaign.offerCategory());
        runtime.runCampaign(outcomes, campaign, file);
    }

    /** Evaluates one batch of records and returns their verdicts, in input order. */
    public List<RecordVerdict> evaluate(List<ProspectRecord> batch) {
        return evaluate(batch, Set.of());
    }

    /** Evaluates one batch; the records whose id is in {@code suppressed} are on the central suppression list. */
    public List<RecordVerdict> evaluate(List<ProspectRecord> batch, Set<String> suppressed) {
        List<Prospect> prospects = new ArrayList<>(batch.size());
        for (ProspectRecord record : batch) {
            prospects.add(new Prospect(record, campaign, relatedJobs, suppressed.contains(record.id())));
        }
        runtime.runRecords(outcomes, campaign, file, prospects);
        List<RecordVerdict> verdicts = new ArrayList<>(prospects.size());
        for (Prospect p : prospects) {
            boolean ok = p.reasons().isEmpty();
            total++;
            if (ok) {
                contactable++;
            } else {
                for (String reason : p.reasons()) {
                    excludedBy.merge(reason, 1, Integer::sum);
                }
            }
            verdicts.add(new RecordVerdict(p.getId(), ok, List.copyOf(p.reasons()), List.copyOf(p.legalBases())));
        }
        return verdicts;
    }

    /** Runs the file thresholds and the decision rules over the totals. */
    public Outcome finish() {
        int excluded = total - contactable;
        List<FileMeasure> measures = new ArrayList<>();
        measures.add(new FileMeasure("RECORDS", total, 100.0));
        measures.add(new FileMeasure("CONTACTABLE", contactable, percent(contactable)));
        measures.add(new FileMeasure("EXCLUDED", excluded, percent(excluded)));
        excludedBy.forEach((reason, count) -> measures.add(new FileMeasure(reason, count, percent(count))));
        runtime.runSummary(outcomes, measures, List.copyOf(runtime.findings(outcomes)));
        Decision decision = EvaluationInternals.decision(outcomes);
        return new Outcome(decision, List.copyOf(runtime.findings(outcomes)),
                new Summary(total, contactable, excluded, Collections.unmodifiableMap(new TreeMap<>(excludedBy))), EvaluationInternals.trace(outcomes));
    }

    private double percent(long count) {
        return total == 0 ? 0.0 : 100.0 * count / total;
    }

    /** What a finished run concludes. */
    public record Outcome(Decision decision, List<Finding> findings, Summary summary, List<TraceEntry> trace) {
    }
}
