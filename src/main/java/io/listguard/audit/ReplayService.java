package io.listguard.audit;

import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Evaluator;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.RunTotals;
import io.listguard.evaluation.TraceEntry;
import io.listguard.lifecycle.PolicyLifecycle;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import org.springframework.stereotype.Service;

/**
 * Re-evaluates the stored (pseudonymised) requests of a period under a policy version, without storing anything,
 * and compares with what was answered then: the way compliance staff see the impact of a change before
 * activating it. Records then excluded as SUPPRESSED stay so, so that only the policy change shows.
 */
@Service
public class ReplayService {

    private static final int SAMPLES = 20;

    private final AuditTrail trail;
    private final PolicyLifecycle lifecycle;
    private final SubjectRights rights;

    ReplayService(AuditTrail trail, PolicyLifecycle lifecycle, SubjectRights rights) {
        this.trail = trail;
        this.lifecycle = lifecycle;
        this.rights = rights;
    }

    public ReplayReport replay(String versionId, Instant from, Instant to) {
        Evaluator evaluator = lifecycle.evaluatorFor(versionId);
        int[] counts = new int[4]; // evaluations, replayed, decisions changed, findings changed
        long[] records = new long[2]; // compared, changed
        RunTotals[] totals = {RunTotals.EMPTY, RunTotals.EMPTY}; // the replayed evaluations' records, then and now, merged
        List<ReplayReport.DecisionChange> decisionChanges = new ArrayList<>();
        List<ReplayReport.RecordChange> recordChanges = new ArrayList<>();
        List<ReplayReport.FindingChange> findingChanges = new ArrayList<>();
        List<io.listguard.domain.CodedText> notReplayed = new ArrayList<>();
        // the records of people whose processing is restricted (GDPR art. 18) are withheld: neither replayed nor compared
        Map<String, Set<String>> withheld = rights.withheldRecords(from, to);
        trail.storedBetween(from, to, original -> {
            counts[0]++;
            AuditTrail.Stored stored = withhold(original, withheld.getOrDefault(original.id(), Set.of()));
            EvaluationResult before = stored.result();
            if (before.records() == null) {
                if (notReplayed.size() < SAMPLES) {
                    notReplayed.add(io.listguard.domain.CodedText.of(before.ranOutside() != null ? "replay.notReplayed.external"
                            : "replay.notReplayed.bulkJob", stored.id()));
                }
                return;
            }
            Set<String> suppressed = new HashSet<>();
            before.records().stream().filter(r -> r.reasons().contains("SUPPRESSED")).forEach(r -> suppressed.add(r.id()));
            EvaluationResult after;
            try {
                after = evaluator.evaluate(stored.request(), "replay-" + stored.id(), suppressed);
            } catch (RuntimeException e) {
                if (notReplayed.size() < SAMPLES) {
                    notReplayed.add(io.listguard.domain.CodedText.of("replay.notReplayed.failed", stored.id(), why(e)));
                }
                return;
            }
            counts[1]++;
            totals[0] = totals[0].merge(RunTotals.of(before.records()));
            totals[1] = totals[1].merge(RunTotals.of(after.records()));
            if (before.decision() != after.decision()) {
                counts[2]++;
                if (decisionChanges.size() < SAMPLES) {
                    decisionChanges.add(new ReplayReport.DecisionChange(stored.id(), stored.request().campaign().id(),
                            before.decision().name(), after.decision().name(), before.policyVersion().id(), ReplayReport.evaluationHref(stored.id())));
                }
            }
            List<String> findingsBefore = findings(before);
            List<String> findingsAfter = findings(after);
            if (!findingsBefore.equals(findingsAfter)) {
                counts[3]++;
                if (findingChanges.size() < SAMPLES) {
                    findingChanges.add(new ReplayReport.FindingChange(stored.id(), stored.request().campaign().id(),
                            minus(findingsBefore, findingsAfter), minus(findingsAfter, findingsBefore),
                            minus(findingRules(before), findingRules(after)), minus(findingRules(after), findingRules(before)),
                            ReplayReport.evaluationHref(stored.id())));
                }
            }
            Map<String, RecordVerdict> afterById = new HashMap<>();
            after.records().forEach(r -> afterById.put(r.id(), r));
            for (RecordVerdict b : before.records()) {
                records[0]++;
                RecordVerdict a = afterById.get(b.id());
                if (a == null || (a.contactable() == b.contactable() && new TreeSet<>(a.reasons()).equals(new TreeSet<>(b.reasons())))) {
                    continue;
                }
                records[1]++;
                if (recordChanges.size() < SAMPLES) {
                    Set<RuleLabel> rulesBefore = rulesFor(before.trace(), b.id());
                    Set<RuleLabel> rulesAfter = rulesFor(after.trace(), b.id());
                    recordChanges.add(new ReplayReport.RecordChange(stored.id(), b.id(), b.contactable(), a.contactable(), b.reasons(),
                            a.reasons(), minus(rulesBefore, rulesAfter), minus(rulesAfter, rulesBefore), ReplayReport.evaluationHref(stored.id())));
                }
            }
        });
        return new ReplayReport(versionId, evaluator.policy().hash(), from, to, counts[0], counts[1], counts[2], records[0], records[1],
                totals[0].summary(), totals[1].summary(), counts[3], decisionChanges, recordChanges, findingChanges,
                notReplayed.stream().map(io.listguard.domain.CodedText::english).toList(), List.copyOf(notReplayed));
    }

    /** The stored request and answer without the withheld records (their verdicts, their trace entries). */
    private static AuditTrail.Stored withhold(AuditTrail.Stored stored, Set<String> withheld) {
        if (withheld.isEmpty() || stored.request().records() == null || stored.result().records() == null) {
            return stored;
        }
        io.listguard.domain.EvaluationRequest request = stored.request();
        EvaluationResult result = stored.result();
        return new AuditTrail.Stored(stored.id(),
                new io.listguard.domain.EvaluationRequest(request.campaign(), request.file(),
                        request.records().stream().filter(r -> r == null || !withheld.contains(r.id())).toList()),
                new EvaluationResult(result.evaluationId(), result.evaluatedAt(), result.policyVersion(), result.decision(), result.findings(),
                        result.summary(), result.records().stream().filter(r -> !withheld.contains(r.id())).toList(), result.trace(), result.warnings(), result.ranOutside()));
    }

    /**
     * Why an evaluation fails under the version, as a text to render: a request the version refuses (its violations,
     * its offer category) said by code; any other failure in its own words, which are technical.
     */
    static io.listguard.domain.CodedText why(RuntimeException e) {
        if (e instanceof io.listguard.evaluation.InvalidRequestException invalid && !invalid.violations().isEmpty()) {
            return invalid.text();
        }
        if (e instanceof io.listguard.evaluation.UnknownOfferCategoryException unknown) {
            return unknown.text();
        }
        return io.listguard.domain.CodedText.of("replay.notReplayed.detail", String.valueOf(e.getMessage()));
    }

    /** The rules that fired for a record, named with their place: "policies/x.xlsx Records row 16" or "rules/x.drl: name". */
    private static Set<RuleLabel> rulesFor(List<TraceEntry> trace, String recordId) {
        Set<RuleLabel> rules = new LinkedHashSet<>();
        for (TraceEntry entry : trace) {
            if (entry.facts().contains("record:" + recordId)) {
                rules.add(RuleLabel.of(entry.source(), entry.sheet(), entry.row(), entry.rule(), entry.code()));
            }
        }
        return rules;
    }

    private static <T> List<T> minus(java.util.Collection<T> a, java.util.Collection<T> b) {
        return a.stream().filter(x -> !b.contains(x)).toList();
    }

    /** The findings of an answer as "CODE (SEVERITY)", sorted: warnings and information count as much as blocking ones. */
    private static List<String> findings(EvaluationResult result) {
        return result.findings().stream().map(f -> f.code() + " (" + f.severity() + ")").sorted().toList();
    }

    /** Where each finding was raised: "policies/x.xlsx Prices row 14 (PRICE_BELOW_MARKET)" or "rules/x.drl: name (CODE)". */
    private static Set<RuleLabel> findingRules(EvaluationResult result) {
        Set<RuleLabel> rules = new TreeSet<>();
        for (io.listguard.evaluation.Finding f : result.findings()) {
            if (f.rule() != null) {
                rules.add(RuleLabel.of(f.rule().source(), f.rule().sheet(), f.rule().row(), f.rule().name(), f.code()));
            }
        }
        return rules;
    }
}
