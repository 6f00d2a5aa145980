package io.listguard.evaluation;

import io.listguard.domain.Campaign;
import io.listguard.domain.Decision;
import io.listguard.domain.RentedFile;
import java.util.Map;
import java.util.TreeMap;

/**
 * What a job that evaluated a file outside the service (issue 17: the Spark job) sends to have its evaluation recorded
 * ({@code POST /api/v1/evaluations/external}): the campaign and file of the run (a bulk request's header), the hash
 * of the stored policy version it ran under, the decision it reached, its totals and who it is. The service starts
 * a run of that version on the campaign and file, includes the totals and finishes it: the decision must be the one
 * claimed. Build it with {@link #of} from the job's finished {@link EvaluationRun}.
 */
public record ExternalEvaluation(Campaign campaign, RentedFile file, String policyHash, Decision decision, ClaimedTotals totals, ExternalRun job) {

    /**
     * A run's counts as sent: {@code records} is every line read (evaluated or rejected), so that
     * records = contactable + excluded + rejected; {@code excludedBy} counts each excluded record once under each of
     * its reasons.
     */
    public record ClaimedTotals(Long records, Long contactable, Long excluded, Long rejected, Map<String, Long> excludedBy) {

        public ClaimedTotals {
            excludedBy = excludedBy == null ? null : new TreeMap<>(excludedBy);
        }

        /** The totals of a run, merged over its parts ({@link EvaluationRun#totals()}, {@link EvaluationRun.Outcome#totals()}). */
        public static ClaimedTotals of(RunTotals totals) {
            return new ClaimedTotals(totals.linesRead(), totals.contactable(), totals.excluded(), totals.rejected(), totals.excludedBy());
        }
    }

    /** The claim of a finished run: its campaign and file, the policy hash it ran under, its outcome and the job. */
    public static ExternalEvaluation of(Campaign campaign, RentedFile file, String policyHash, EvaluationRun.Outcome outcome, ExternalRun job) {
        return new ExternalEvaluation(campaign, file, policyHash, outcome.decision(), ClaimedTotals.of(outcome.totals()), job);
    }
}
