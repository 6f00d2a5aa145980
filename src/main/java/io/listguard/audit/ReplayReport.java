package io.listguard.audit;

import java.time.Instant;
import java.util.List;

/**
 * What a policy version would have changed over a period of stored evaluations: how many decisions and record
 * verdicts differ, with samples naming the rules that made the difference. Nothing is stored by a replay.
 */
public record ReplayReport(String policyVersionId, String policyHash, Instant from, Instant to, int evaluations, int replayed,
                           int decisionsChanged, long recordsCompared, long recordVerdictsChanged, List<DecisionChange> decisionChanges,
                           List<RecordChange> recordChanges, List<String> notReplayed) {

    /** An evaluation whose decision would change. */
    public record DecisionChange(String evaluationId, String campaignId, String before, String after, String policyVersionBefore) {
    }

    /** A record whose verdict would change, and the rules that fired only before or only after. */
    public record RecordChange(String evaluationId, String recordId, boolean contactableBefore, boolean contactableAfter,
                               List<String> reasonsBefore, List<String> reasonsAfter, List<String> rulesOnlyBefore, List<String> rulesOnlyAfter) {
    }
}
