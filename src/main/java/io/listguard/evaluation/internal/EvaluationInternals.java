package io.listguard.evaluation.internal;

import io.listguard.domain.Decision;
import io.listguard.evaluation.TraceEntry;
import java.util.List;

/** Read-back of a finished run's outcomes, for the evaluation package. */
public final class EvaluationInternals {

    private EvaluationInternals() {
    }

    public static Decision decision(RuleOutcomes outcomes) {
        if (outcomes.decision() == null) {
            throw new IllegalStateException("no decision rule fired: rules/decision.drl must decide every evaluation");
        }
        return outcomes.decision();
    }

    /** The evidence the campaign stage declared its file must hold, in firing order. */
    public static List<io.listguard.evaluation.NeededEvidence> neededEvidence(RuleOutcomes outcomes) {
        return List.copyOf(outcomes.needed());
    }

    public static List<TraceEntry> trace(RuleOutcomes outcomes) {
        return List.copyOf(outcomes.trace());
    }

    /**
     * One trace in firing order: the campaign stage, then the records' batches, then the summary stage (which the
     * campaign outcomes recorded after the campaign stage), numbered from 1.
     */
    public static List<TraceEntry> ordered(List<TraceEntry> campaignAndSummary, List<TraceEntry> records) {
        List<TraceEntry> ordered = new java.util.ArrayList<>(campaignAndSummary.size() + records.size());
        campaignAndSummary.stream().filter(t -> !t.stage().equals("summary")).forEach(ordered::add);
        ordered.addAll(records);
        campaignAndSummary.stream().filter(t -> t.stage().equals("summary")).forEach(ordered::add);
        List<TraceEntry> numbered = new java.util.ArrayList<>(ordered.size());
        for (int i = 0; i < ordered.size(); i++) {
            TraceEntry t = ordered.get(i);
            numbered.add(new TraceEntry(i + 1, t.stage(), t.rule(), t.ruleId(), t.source(), t.sheet(), t.row(), t.line(), t.legalRef(),
                    t.confidence(), t.code(), t.facts()));
        }
        return numbered;
    }
}
