package io.listguard.evaluation.internal;

import io.listguard.domain.Campaign;
import io.listguard.domain.Decision;
import io.listguard.domain.FindingScope;
import io.listguard.domain.LegalBasis;
import io.listguard.domain.Messages;
import io.listguard.domain.PolicyText;
import io.listguard.domain.PublicHoliday;
import io.listguard.domain.Severity;
import io.listguard.domain.YesNo;
import io.listguard.rules.Evidence;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.NeededEvidence;
import io.listguard.evaluation.PolicyCatalogue;
import io.listguard.evaluation.RuleRef;
import io.listguard.evaluation.TraceEntry;
import io.listguard.rules.AppliedBasis;
import io.listguard.rules.CallingCalendar;
import io.listguard.rules.FileMeasure;
import io.listguard.rules.FileReview;
import io.listguard.rules.Prospect;
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
import io.listguard.rules.Evidence;
import io.listguard.rules.Outcomes;
import org.kie.api.definition.rule.Rule;
import org.kie.api.event.rule.AfterMatchFiredEvent;
import org.kie.api.event.rule.BeforeMatchFiredEvent;
import org.kie.api.event.rule.DefaultAgendaEventListener;
import org.kie.api.runtime.KieRuntime;
import org.kie.api.runtime.rule.Match;

/**
 * The implementation of the rule contract's {@link Outcomes}, the global {@code out}; also the agenda listener that
 * records the trace and tells the actions which rule is firing. One instance per evaluation (or per bulk worker),
 * used by one thread at a time: a consequence runs between the listener's before- and after-fired events on the
 * firing thread, so the match held from one to the other is the one whose actions are running. The session must
 * have this object both as its global {@code out} and as its agenda listener ({@link PolicyRuntime} does both).
 */
public final class RuleOutcomes extends DefaultAgendaEventListener implements Outcomes {

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
    /** The firing whose consequence is running, from before- to after-fired; null between firings. */
    private Match firing;
    private KieRuntime session;
    private String lastOffer;
    private final List<PublicHoliday> holidays = new ArrayList<>();

    /** A firing whose code its action may still set. */
    private static final class PendingEntry {
        final RuleOrigin origin;
        final List<String> facts;
        final int seq;
        String code;
        PolicyText legalRef;
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
        Match match = event.getMatch();
        firing = match;
        session = event.getKieRuntime();
        if (!tracing) {
            current = null;
            return;
        }
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
    public void afterMatchFired(AfterMatchFiredEvent event) {
        firing = null;
        session = null;
        if (current != null) {
            RuleOrigin o = current.origin;
            trace.add(new TraceEntry(current.seq, stage.group, o.ruleName(), current.ruleId != null ? current.ruleId : o.meta("ruleId"), o.source(), o.sheet(), o.row(), o.line(),
                    current.legalRef != null ? current.legalRef : legalRef(o), o.meta("confidence"), current.code, List.copyOf(current.facts)));
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
        if (fact instanceof CallingCalendar k) {
            return k.toString();
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

    /** The rule whose consequence is calling an action. */
    private Rule rule() {
        if (firing == null) {
            throw new IllegalStateException("a rule action ran outside a firing: the session must have this RuleOutcomes as its agenda listener");
        }
        return firing.getRule();
    }

    private String shortName() {
        return origin(rule().getName()).shortName();
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
    @Override
    public void exclude(Prospect prospect, YesNo exclude) {
        String code = metaOr("code", null);
        if (exclude == YesNo.YES) {
            prospect.exclude(code);
            prospect.decidedBy(shortName());
        }
        tag(code);
    }

    /** Excludes the record of a legal basis for the reason its regime row gives when consent is missing. */
    @Override
    public void excludeForMissingConsent(AppliedBasis basis) {
        basis.getProspect().exclude(basis.getNoConsentReason());
        basis.getProspect().decidedBy(shortName());
        tag(basis.getNoConsentReason());
        if (current != null) {
            // the DRL rule applies the regime row: cite the row's legal rule, not a generic one
            current.legalRef = basis.getLegalRef();
            current.ruleId = origin(basis.getRuleName()).meta("ruleId");
        }
    }

    /** Assigns a legal basis to a record (consent-regime rows) and inserts it for the rules that check consent. */
    @Override
    public void basis(Prospect prospect, LegalBasis basis) {
        prospect.addLegalBasis(basis);
        prospect.decidedBy(shortName());
        String noConsentReason = metaOr("noConsentReason", "NO_CONSENT");
        session.insert(new AppliedBasis(prospect, basis, noConsentReason, rule().getName(), legalRef(origin(rule().getName()))));
        tag(basis.name());
    }

    /** A finding row matched: with YES, raises its finding; code, severity, message and legal reference are the row's METADATA. */
    @Override
    public void finding(YesNo raise) {
        String code = metaOr("code", null);
        if (raise == YesNo.NO) {
            tag(code);
            return;
        }
        RuleOrigin origin = origin(rule().getName());
        Severity severity = Severity.valueOf(metaOr("severity", "WARNING").trim().toUpperCase(Locale.ROOT));
        FindingScope scope = touchesFile() ? FindingScope.FILE : FindingScope.CAMPAIGN;
        String english = metaOr("message", code.trim());
        String french = metaOr("messageFr", null);
        PolicyText message = new PolicyText(filled(english, Messages.ENGLISH), french == null ? null : filled(french, Messages.FRENCH));
        Finding finding = new Finding(code, severity, scope, message, legalRef(origin), RuleRef.of(origin));
        findings.add(finding);
        session.insert(finding);
        tag(finding.code());
    }

    /** Records the decision (rules/decision.drl). */
    @Override
    public void decide(Decision decision) {
        this.decision = decision;
        this.decidedBy = origin(rule().getName());
        tag(decision.name());
    }

    /**
     * Declares evidence the campaign's records file must hold (rules/evidence.drl, campaign stage), with the rule
     * and its legal reference; the trace tags the firing {@code NEEDS_<EVIDENCE>}.
     */
    @Override
    public void needs(Evidence evidence) {
        RuleOrigin origin = origin(rule().getName());
        needed.add(new NeededEvidence(evidence, RuleRef.of(origin), legalRef(origin)));
        tag("NEEDS_" + evidence.name());
    }

    /** Declares an offer category (sheet "Offers"). */
    @Override
    public void offer(String code) {
        lastOffer = code.trim();
        offers.put(lastOffer, new PolicyCatalogue.Offer(lastOffer, metaOr("offerLabel", lastOffer), Set.of()));
    }

    /** Relates job functions, e.g. "PURCHASING, PRODUCTION", to the offer declared by the same row. */
    @Override
    public void relatedJobs(String jobFunctions) {
        PolicyCatalogue.Offer offer = offers.get(lastOffer);
        Set<String> jobs = new LinkedHashSet<>();
        Arrays.stream(jobFunctions.split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).forEach(jobs::add);
        offers.put(lastOffer, new PolicyCatalogue.Offer(offer.code(), offer.label(), Set.copyOf(jobs)));
    }

    /**
     * A row's message with the holidays of the campaign put in: {@code {nationalHolidays}} (the national public
     * holidays on its calling days) and {@code {holidays}} (every holiday on them, with the départements of local
     * ones), when the firing matched the campaign's {@link CallingCalendar}; dates as the message's language writes them.
     */
    private String filled(String message, Locale language) {
        if (!message.contains("{")) {
            return message;
        }
        for (Object fact : firing.getObjects()) {
            if (fact instanceof CallingCalendar k) {
                return message.replace("{nationalHolidays}", k.nationalHolidays(language)).replace("{holidays}", k.holidays(language));
            }
        }
        return message;
    }

    /**
     * A rule's legal reference in English ({@code legalRef}) and French ({@code legalRefFr}, METADATA or DRL
     * annotation); null when it has none.
     */
    private static PolicyText legalRef(RuleOrigin origin) {
        String english = blankToNull(origin.meta("legalRef"));
        String french = blankToNull(origin.meta("legalRefFr"));
        if (english == null) {
            return french == null ? null : new PolicyText(french, french);
        }
        return new PolicyText(english, french);
    }

    private static String blankToNull(String text) {
        return text == null || text.isBlank() ? null : text;
    }

    /** Declares a public holiday (sheet "Public holidays"): MM-DD or EASTER+N, labelled by the row's holidayLabel. */
    @Override
    public void holiday(String day) {
        holidays.add(new PublicHoliday(day, java.util.Set.of(), metaOr("holidayLabel", day.trim())));
    }

    /** Restricts the holiday declared by the same row to the départements of the cell. */
    @Override
    public void holidayDepartements(String departements) {
        PublicHoliday last = holidays.remove(holidays.size() - 1);
        holidays.add(new PublicHoliday(last.rule(), PublicHoliday.departementsOf(departements), last.label()));
    }

    List<PublicHoliday> holidays() {
        return holidays;
    }

    private boolean touchesFile() {
        rule();
        for (Object fact : firing.getObjects()) {
            if (fact instanceof FileReview || fact instanceof FileMeasure) {
                return true;
            }
        }
        return false;
    }

    private String metaOr(String key, String fallback) {
        Object value = rule().getMetaData().get(key);
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
