package io.listguard.evaluation.internal;

import io.listguard.domain.Campaign;
import io.listguard.domain.Decision;
import io.listguard.domain.FindingScope;
import io.listguard.domain.LegalBasis;
import io.listguard.domain.Severity;
import io.listguard.domain.YesNo;
import io.listguard.evaluation.Evidence;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.NeededEvidence;
import io.listguard.evaluation.PolicyCatalogue;
import io.listguard.evaluation.RuleRef;
import io.listguard.evaluation.TraceEntry;
import io.listguard.evaluation.facts.AppliedBasis;
import io.listguard.evaluation.facts.FileMeasure;
import io.listguard.evaluation.facts.FileReview;
import io.listguard.evaluation.facts.Prospect;
import io.listguard.policy.CompiledPolicy;
import io.listguard.policy.RuleOrigin;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.rule.Match;
import org.kie.api.runtime.rule.RuleContext;

/**
 * What rule actions write to, declared in every sheet as the global {@code out}; also the listener that records
 * the trace. One instance per evaluation (or per bulk worker), used by one thread at a time: a session's actions
 * run between the listener's before- and after-fired events, so an action can tag the trace entry of its firing.
 */
public final class RuleOutcomes extends DefaultAgendaEventListener {

    private final CompiledPolicy policy;
    private final boolean tracing;
    private final List<TraceEntry> trace = new ArrayList<>();
    private final List<Finding> findings = new ArrayList<>();
    private final Map<String, PolicyCatalogue.Offer> offers = new LinkedHashMap<>();
    private final List<NeededEvidence> needed = new ArrayList<>();
    private Stage stage = Stage.CAMPAIGN;
    private Decision decision;
    private RuleOrigin decidedBy;
    private PendingEntry current;
    private String lastOffer;

    /** A firing whose code its action may still set. */
    private static final class PendingEntry {
        final RuleOrigin origin;
        final List<String> facts;
        final int seq;
        String code;
        String legalRef;
        String ruleId;

        PendingEntry(RuleOrigin origin, List<String> facts, int seq) {
            this.origin = origin;
            this.facts = facts;
            this.seq = seq;
        }
    }

    RuleOutcomes(CompiledPolicy policy, boolean tracing) {
        this.policy = policy;
        this.tracing = tracing;
    }

    void stage(Stage stage) {
        this.stage = stage;
    }

    // ---- listener: one trace entry per firing ----

    @Override
    public void beforeMatchFired(BeforeMatchFiredEvent event) {
        if (!tracing) {
            current = null;
            return;
        }
        Match match = event.getMatch();
        RuleOrigin origin = origin(match.getRule().getName());
        List<String> facts = new ArrayList<>(2);
        for (Object fact : match.getObjects()) {
            String label = label(fact);
            if (label != null && !facts.contains(label)) {
                facts.add(label);
            }
        }
        current = new PendingEntry(origin, facts, trace.size() + 1);
    }

    @Override
    public void afterMatchFired(org.kie.api.event.rule.AfterMatchFiredEvent event) {
        if (current != null) {
            RuleOrigin o = current.origin;
            trace.add(new TraceEntry(current.seq, stage.group, o.ruleName(), current.ruleId != null ? current.ruleId : o.meta("ruleId"), o.source(), o.sheet(), o.row(), o.line(),
                    current.legalRef != null ? current.legalRef : o.meta("legalRef"), o.meta("confidence"), current.code, List.copyOf(current.facts)));
        }
        current = null;
    }

    private static String label(Object fact) {
        if (fact instanceof Prospect p) {
            return p.toString();
        }
        if (fact instanceof Campaign c) {
            return "campaign:" + c.id();
        }
        if (fact instanceof FileReview f) {
            return f.toString();
        }
        if (fact instanceof AppliedBasis b) {
            return b.getProspect().toString();
        }
        if (fact instanceof FileMeasure m) {
            return "measure:" + m.name();
        }
        if (fact instanceof Finding f) {
            return "finding:" + f.code();
        }
        return null;
    }

    private RuleOrigin origin(String ruleName) {
        return policy.origin(ruleName).orElseGet(() -> new RuleOrigin(ruleName, "(unknown)", null, null, null, null, Map.of()));
    }

    private String shortName(RuleContext rule) {
        return origin(rule.getRule().getName()).shortName();
    }

    private void tag(String code) {
        if (current != null && code != null) {
            current.code = current.code == null ? code : current.code + "," + code;
        }
    }

    // ---- actions called from decision tables and DRL ----

    /**
     * A record-rule row matched: with YES, excludes the record for the row's {@code code} (its METADATA); with NO,
     * the firing stays in the trace as a case considered and allowed.
     */
    public void exclude(RuleContext rule, Prospect prospect, YesNo exclude) {
        String code = metaOr(rule, "code", null);
        if (exclude == YesNo.YES) {
            prospect.exclude(code);
            prospect.decidedBy(shortName(rule));
        }
        tag(code);
    }

    /** Excludes the record of a legal basis for the reason its regime row gives when consent is missing. */
    public void excludeForMissingConsent(RuleContext rule, AppliedBasis basis) {
        basis.getProspect().exclude(basis.getNoConsentReason());
        basis.getProspect().decidedBy(shortName(rule));
        tag(basis.getNoConsentReason());
        if (current != null) {
            // the DRL rule applies the regime row: cite the row's legal rule, not a generic one
            current.legalRef = basis.getLegalRef();
            current.ruleId = origin(basis.getRuleName()).meta("ruleId");
        }
    }

    /** Assigns a legal basis to a record (consent-regime rows) and inserts it for the rules that check consent. */
    public void basis(RuleContext rule, Prospect prospect, LegalBasis basis) {
        prospect.addLegalBasis(basis);
        prospect.decidedBy(shortName(rule));
        String noConsentReason = metaOr(rule, "noConsentReason", "NO_CONSENT");
        rule.getKieRuntime().insert(new AppliedBasis(prospect, basis, noConsentReason, rule.getRule().getName(),
                origin(rule.getRule().getName()).meta("legalRef")));
        tag(basis.name());
    }

    /** A finding row matched: with YES, raises its finding; code, severity, message and legal reference are the row's METADATA. */
    public void finding(RuleContext rule, YesNo raise) {
        String code = metaOr(rule, "code", null);
        if (raise == YesNo.NO) {
            tag(code);
            return;
        }
        RuleOrigin origin = origin(rule.getRule().getName());
        Severity severity = Severity.valueOf(metaOr(rule, "severity", "WARNING").trim().toUpperCase(Locale.ROOT));
        FindingScope scope = touchesFile(rule) ? FindingScope.FILE : FindingScope.CAMPAIGN;
        Finding finding = new Finding(code, severity, scope, metaOr(rule, "message", code.trim()),
                origin.meta("legalRef"), RuleRef.of(origin));
        findings.add(finding);
        rule.getKieRuntime().insert(finding);
        tag(finding.code());
    }

    /** Records the decision (rules/decision.drl). */
    public void decide(RuleContext rule, Decision decision) {
        this.decision = decision;
        this.decidedBy = origin(rule.getRule().getName());
        tag(decision.name());
    }

    /**
     * Declares evidence the campaign's records file must hold (rules/evidence.drl, campaign stage), with the rule
     * and its legal reference; the trace tags the firing {@code NEEDS_<EVIDENCE>}.
     */
    public void needs(RuleContext rule, Evidence evidence) {
        RuleOrigin origin = origin(rule.getRule().getName());
        needed.add(new NeededEvidence(evidence, RuleRef.of(origin), origin.meta("legalRef")));
        tag("NEEDS_" + evidence.name());
    }

    /** Declares an offer category (sheet "Offers"). */
    public void offer(RuleContext rule, String code) {
        lastOffer = code.trim();
        offers.put(lastOffer, new PolicyCatalogue.Offer(lastOffer, metaOr(rule, "offerLabel", lastOffer), Set.of()));
    }

    /** Relates job functions, e.g. "PURCHASING, PRODUCTION", to the offer declared by the same row. */
    public void relatedJobs(RuleContext rule, String jobFunctions) {
        PolicyCatalogue.Offer offer = offers.get(lastOffer);
        Set<String> jobs = new LinkedHashSet<>();
        Arrays.stream(jobFunctions.split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).forEach(jobs::add);
        offers.put(lastOffer, new PolicyCatalogue.Offer(offer.code(), offer.label(), Set.copyOf(jobs)));
    }

    private static boolean touchesFile(RuleContext rule) {
        for (Object fact : rule.getMatch().getObjects()) {
            if (fact instanceof FileReview || fact instanceof FileMeasure) {
                return true;
            }
        }
        return false;
    }

    private static String metaOr(RuleContext rule, String key, String fallback) {
        Object value = rule.getRule().getMetaData().get(key);
        if (value == null || value.toString().isBlank()) {
            return fallback;
        }
        String text = value.toString();
        return text.length() >= 2 && text.startsWith("\"") && text.endsWith("\"") ? text.substring(1, text.length() - 1) : text;
    }

    // ---- read back by the evaluator ----

    List<TraceEntry> trace() {
        return trace;
    }

    List<Finding> findings() {
        return findings;
    }

    Decision decision() {
        return decision;
    }

    RuleOrigin decidedBy() {
        return decidedBy;
    }

    List<NeededEvidence> needed() {
        return needed;
    }

    Map<String, PolicyCatalogue.Offer> offers() {
        return offers;
    }
}
