package io.listguard.audit;

import io.listguard.evaluation.Summary;
import java.time.Instant;
import java.util.List;

/**
 * What a policy version would have changed over a period of stored evaluations: how many decisions, record
 * verdicts and findings (warnings and information included) differ, with samples naming the rules that made the
 * difference and the evaluation each concerns ({@code evaluation}: its address in the API), and the records of the
 * replayed evaluations counted together then and now (their run totals merged). Nothing is stored by a replay.
 */
public record ReplayReport(String policyVersionId, String policyHash, Instant from, Instant to, int evaluations, int replayed,
                           int decisionsChanged, long recordsCompared, long recordVerdictsChanged, Summary recordsBefore, Summary recordsAfter,
                           int findingsChanged,
                           List<DecisionChange> decisionChanges, List<RecordChange> recordChanges, List<FindingChange> findingChanges,
                           List<String> notReplayed, @com.fasterxml.jackson.annotation.JsonIgnore List<io.listguard.domain.CodedText> notReplayedTexts) {

    /** A report whose evaluations not replayed are said in English only. */
    public ReplayReport(String policyVersionId, String policyHash, Instant from, Instant to, int evaluations, int replayed,
                        int decisionsChanged, long recordsCompared, long recordVerdictsChanged, Summary recordsBefore, Summary recordsAfter,
                        int findingsChanged, List<DecisionChange> decisionChanges, List<RecordChange> recordChanges,
                        List<FindingChange> findingChanges, List<String> notReplayed) {
        this(policyVersionId, policyHash, from, to, evaluations, replayed, decisionsChanged, recordsCompared, recordVerdictsChanged, recordsBefore,
                recordsAfter, findingsChanged, decisionChanges, recordChanges, findingChanges, notReplayed, null);
    }

    /** Why each evaluation listed was not replayed, in a language (issue 16: an auditor reads it in French). */
    public List<String> notReplayed(java.util.Locale locale) {
        return notReplayedTexts == null ? notReplayed : notReplayedTexts.stream().map(t -> t.render(locale)).toList();
    }

    /** The same report with the evaluations not replayed said in a language (an answer in the caller's language). */
    public ReplayReport in(java.util.Locale locale) {
        return new ReplayReport(policyVersionId, policyHash, from, to, evaluations, replayed, decisionsChanged, recordsCompared, recordVerdictsChanged,
                recordsBefore, recordsAfter, findingsChanged, decisionChanges, recordChanges.stream().map(c -> c.in(locale)).toList(),
                findingChanges.stream().map(c -> c.in(locale)).toList(), notReplayed(locale), notReplayedTexts);
    }

    /** The API address of a stored evaluation, where its answer and trace are read. */
    static String evaluationHref(String evaluationId) {
        return "/api/v1/evaluations/" + evaluationId;
    }

    /** An evaluation whose decision would change. */
    public record DecisionChange(String evaluationId, String campaignId, String before, String after, String policyVersionBefore,
                                 String evaluation) {
    }

    /** A record whose verdict would change, and the rules that fired only before or only after. */
    public record RecordChange(String evaluationId, String recordId, boolean contactableBefore, boolean contactableAfter,
                               List<String> reasonsBefore, List<String> reasonsAfter, List<RuleLabel> rulesOnlyBefore, List<RuleLabel> rulesOnlyAfter,
                               String evaluation) {

        RecordChange in(java.util.Locale locale) {
            return new RecordChange(evaluationId, recordId, contactableBefore, contactableAfter, reasonsBefore, reasonsAfter,
                    labelsIn(rulesOnlyBefore, locale), labelsIn(rulesOnlyAfter, locale), evaluation);
        }
    }

    private static List<RuleLabel> labelsIn(List<RuleLabel> labels, java.util.Locale locale) {
        return labels.stream().map(l -> l.in(locale)).toList();
    }

    /**
     * An evaluation whose findings would change: the findings raised only before (they would disappear) and only
     * after (they would appear), each as "CODE (SEVERITY)", with the rules that raised them.
     */
    public record FindingChange(String evaluationId, String campaignId, List<String> removed, List<String> added,
                                List<RuleLabel> rulesOnlyBefore, List<RuleLabel> rulesOnlyAfter, String evaluation) {

        FindingChange in(java.util.Locale locale) {
            return new FindingChange(evaluationId, campaignId, removed, added, labelsIn(rulesOnlyBefore, locale), labelsIn(rulesOnlyAfter, locale),
                    evaluation);
        }
    }
}
