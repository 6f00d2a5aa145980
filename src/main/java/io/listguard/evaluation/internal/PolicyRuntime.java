package io.listguard.evaluation.internal;

import io.listguard.domain.Campaign;
import io.listguard.domain.HolidayCalendar;
import io.listguard.domain.RentedFile;
import io.listguard.rules.CallingCalendar;
import io.listguard.rules.FileReview;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.PolicyCatalogue;
import io.listguard.rules.FileMeasure;
import io.listguard.rules.Prospect;
import io.listguard.policy.CompiledPolicy;
import io.listguard.policy.RuleBaseAccess;
import java.util.List;
import org.kie.api.runtime.KieSession;

/**
 * Runs the stages of an evaluation in short-lived sessions over the shared KieBase: one session for the campaign,
 * one per batch of records, one for the summary. A session is cheap (tens of microseconds); compiling is not, and
 * never happens here.
 */
public final class PolicyRuntime {

    private final CompiledPolicy policy;

    public PolicyRuntime(CompiledPolicy policy) {
        this.policy = policy;
    }

    public CompiledPolicy policy() {
        return policy;
    }

    /** A fresh outcome collector for one evaluation. */
    public RuleOutcomes newOutcomes(boolean tracing) {
        return new RuleOutcomes(policy, tracing);
    }

    /** Fires the reference-data rows (sheets "Offers", "Public holidays") once and returns what they declare. */
    public PolicyCatalogue readCatalogue() {
        RuleOutcomes outcomes = newOutcomes(false);
        fire(outcomes, Stage.CATALOGUE);
        return new PolicyCatalogue(outcomes.offers(), new HolidayCalendar(outcomes.holidays()));
    }

    /**
     * The campaign stage. {@code recordsHoldPerson}: whether the records, when all are known before this stage, hold a
     * PERSON (else null); {@code calling}: the campaign's calling days against the holiday calendar (sheet "Calling").
     */
    public void runCampaign(RuleOutcomes outcomes, Campaign campaign, RentedFile file, Boolean recordsHoldPerson,
                            CallingCalendar calling) {
        fire(outcomes, Stage.CAMPAIGN, campaign, new FileReview(file, campaign, recordsHoldPerson), calling);
    }

    public void runRecords(RuleOutcomes outcomes, Campaign campaign, RentedFile file, List<Prospect> batch) {
        fire(outcomes, Stage.RECORDS, batch, campaign, new FileReview(file, campaign));
    }

    /**
     * The file thresholds and the decision over the file's totals. The campaign is a fact of this stage too, so that a
     * threshold row can be in force for the campaign's dates only (R24: Bloctel numbers in a rented file, until
     * 2026-08-10).
     */
    public void runSummary(RuleOutcomes outcomes, Campaign campaign, List<FileMeasure> measures, List<Finding> findings) {
        Object[] facts = new Object[findings.size() + 1];
        facts[0] = campaign;
        for (int i = 0; i < findings.size(); i++) {
            facts[i + 1] = findings.get(i);
        }
        fire(outcomes, Stage.SUMMARY, measures, facts);
    }

    private void fire(RuleOutcomes outcomes, Stage stage, Object... facts) {
        fire(outcomes, stage, List.of(), facts);
    }

    private void fire(RuleOutcomes outcomes, Stage stage, List<?> many, Object... facts) {
        KieSession session = RuleBaseAccess.kieBase(policy).newKieSession();
        try {
            session.setGlobal("out", outcomes);
            session.addEventListener(outcomes);
            outcomes.stage(stage);
            for (Object fact : facts) {
                session.insert(fact);
            }
            for (Object fact : many) {
                session.insert(fact);
            }
            session.getAgenda().getAgendaGroup(stage.group).setFocus();
            session.fireAllRules();
        } finally {
            session.dispose();
        }
    }

    public List<Finding> findings(RuleOutcomes outcomes) {
        return outcomes.findings();
    }
}
