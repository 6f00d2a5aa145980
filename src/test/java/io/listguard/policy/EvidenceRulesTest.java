package io.listguard.policy;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.file;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.Requests;
import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.Decision;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.LegalBasis;
import io.listguard.domain.RecordKind;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.EvaluationRun;
import io.listguard.rules.Evidence;
import io.listguard.evaluation.NeededEvidence;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.TraceEntry;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Function;
import java.util.stream.Collectors;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;

/**
 * rules/evidence.drl (issue 12, item 3): the evidence each campaign's rules need its file to hold, and the exclusion
 * of records whose file was declared not to hold it. The declared needs are cross-checked against what the
 * bundled rows actually read, for every audience, channel and offer kind, on dates around the 2026-08-11 switch of
 * consumer telephone from R5 to R6: a need the rules no longer have, or a row reading evidence no rule declares,
 * fails here instead of drifting apart silently.
 */
class EvidenceRulesTest extends PolicyTestSupport {

    static final String EVIDENCE_DRL = "rules/evidence.drl";

    /** Campaign periods around the change of the law of 2026-08-11 (R5 until 08-10, R6 from 08-11), and either side. */
    static final List<String[]> PERIODS = List.of(
            new String[] {"2021-03-01", "2021-03-20"},
            new String[] {"2026-07-01", "2026-07-20"},
            new String[] {"2026-08-10", null},
            new String[] {"2026-08-11", null},
            new String[] {"2026-08-05", "2026-08-20"},
            new String[] {"2026-09-01", "2026-09-20"},
            new String[] {"2027-03-01", "2027-03-20"});

    /** An ordinary offer, the press (excepted from Bloctel, L223-5), and one related to a job (IT; R10). */
    static final List<String> OFFERS = List.of("INSURANCE", "PRESS", "SOFTWARE");

    static Requests.CampaignBuilder campaignOn(Audience audience, Channel channel, String offer, String[] period) {
        return campaign(audience, channel).offer(offer).period(period[0], period[1]);
    }

    static Set<Evidence> needs(Requests.CampaignBuilder campaign) {
        EvaluationRun run = BundledPolicy.evaluator().start(request(campaign));
        return run.neededEvidence().stream().map(NeededEvidence::evidence).collect(Collectors.toCollection(() -> EnumSet.noneOf(Evidence.class)));
    }

    /**
     * The probes of one campaign: every kind, a job the offer relates to or not, a contract in progress or not, and
     * each evidence both ways (no consent / a proven one; on Bloctel or not; objected or not). Ids say which.
     */
    static Requests.RecordBuilder[] probes() {
        List<Requests.RecordBuilder> probes = new ArrayList<>();
        for (RecordKind kind : RecordKind.values()) {
            for (String job : List.of("IT", "SALES")) {
                for (boolean contract : List.of(false, true)) {
                    for (boolean consent : List.of(false, true)) {
                        for (boolean bloctel : List.of(false, true)) {
                            for (boolean objected : List.of(false, true)) {
                                String id = kind + "|" + job + "|c" + contract + "|consent" + consent + "|bloctel" + bloctel + "|objected" + objected;
                                Requests.RecordBuilder r = person(id).kind(kind).job(job);
                                if (contract) {
                                    r.contract();
                                }
                                if (!consent) {
                                    r.withoutConsent();
                                }
                                if (bloctel) {
                                    r.bloctel();
                                }
                                if (objected) {
                                    r.optedOut();
                                }
                                probes.add(r);
                            }
                        }
                    }
                }
            }
        }
        return probes.toArray(Requests.RecordBuilder[]::new);
    }

    /** True when flipping one piece of evidence (the id's {@code flag}) changes the verdict of some probe. */
    static boolean someVerdictDependsOn(Map<String, RecordVerdict> verdicts, String flag) {
        return verdicts.keySet().stream().filter(id -> id.contains(flag + "false")).anyMatch(id -> {
            RecordVerdict without = verdicts.get(id);
            RecordVerdict with = verdicts.get(id.replace(flag + "false", flag + "true"));
            return !without.reasons().equals(with.reasons()) || without.contactable() != with.contactable();
        });
    }

    @Test
    @DisplayName("R1, R5, R6, R10, R20: the evidence declared needed is exactly what the regime and record rows read, for every audience x channel x offer x date around 2026-08-11")
    void declaredNeedsMatchWhatTheRowsRead() {
        List<String> mismatches = new ArrayList<>();
        int cases = 0;
        for (Audience audience : Audience.values()) {
            for (Channel channel : Channel.values()) {
                for (String offer : OFFERS) {
                    for (String[] period : PERIODS) {
                        Requests.CampaignBuilder campaign = campaignOn(audience, channel, offer, period);
                        Set<Evidence> declared = needs(campaign);
                        EvaluationResult result = evaluate(request(campaign, file().bloctelScrubbedOn(period[0]), probes()));
                        Map<String, RecordVerdict> verdicts = result.records().stream().collect(Collectors.toMap(RecordVerdict::id, Function.identity()));

                        // the regime table: some record without consent is under CONSENT_REQUIRED (R1, R6, R10; a gap presumes it)
                        boolean consentRead = verdicts.values().stream().filter(v -> v.id().contains("consentfalse"))
                                .anyMatch(v -> v.legalBases().contains(LegalBasis.CONSENT_REQUIRED));
                        boolean bloctelRead = someVerdictDependsOn(verdicts, "bloctel");
                        boolean optOutRead = someVerdictDependsOn(verdicts, "objected");
                        String where = audience + " " + channel + " " + offer + " " + period[0] + ".." + period[1];
                        check(mismatches, where, Evidence.CONSENT, declared, consentRead);
                        check(mismatches, where, Evidence.BLOCTEL, declared, bloctelRead);
                        check(mismatches, where, Evidence.OPT_OUT, declared, optOutRead);
                        cases++;
                    }
                }
            }
        }
        assertThat(cases).isEqualTo(2 * 5 * 3 * 7);
        assertThat(mismatches).as("needs declared by %s against what the rows read", EVIDENCE_DRL).isEmpty();
    }

    private static void check(List<String> mismatches, String where, Evidence evidence, Set<Evidence> declared, boolean read) {
        if (declared.contains(evidence) != read) {
            mismatches.add(where + ": " + evidence + (read ? " is read by the rows but not declared needed" : " is declared needed but no row reads it"));
        }
    }

    @Test
    @DisplayName("R20: every campaign needs each person's objection; the declaring rule and its legal reference are exposed and traced")
    void everyCampaignNeedsTheObjection() {
        EvaluationRun run = BundledPolicy.evaluator().start(request(campaign(Audience.CONSUMER, Channel.POSTAL)));

        assertThat(run.neededEvidence()).singleElement().satisfies(n -> {
            assertThat(n.evidence()).isEqualTo(Evidence.OPT_OUT);
            assertThat(n.rule().ruleId()).isEqualTo("R20");
            assertThat(n.rule().source()).isEqualTo(EVIDENCE_DRL);
            assertThat(n.rule().name()).isEqualTo("Every campaign needs each person's objection (opt-out)");
            assertThat(n.legalRef().en()).contains("GDPR art. 21");
        });
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL), person("r-1")));
        assertThat(result.trace()).filteredOn(e -> EVIDENCE_DRL.equals(e.source())).singleElement().satisfies(e -> {
            assertThat(e.stage()).isEqualTo("campaign");
            assertThat(e.code()).isEqualTo("NEEDS_OPT_OUT");
            assertThat(e.ruleId()).isEqualTo("R20");
            assertThat(e.facts()).containsExactly("campaign:CMP-1");
            assertThat(e.legalRef().en()).contains("GDPR art. 21");
        });
    }

    @Test
    @DisplayName("R1, R14: consumer email needs the email consents; R5 consumer telephone until 2026-08-10 Bloctel; R6 from 2026-08-11 telephone consents")
    void needsByChannelAndDate() {
        assertThat(declarations(campaign(Audience.CONSUMER, Channel.EMAIL))).containsExactly("OPT_OUT:R20", "CONSENT:R1");
        assertThat(declarations(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-07-01", "2026-07-20"))).containsExactly("OPT_OUT:R20", "BLOCTEL:R5");
        assertThat(declarations(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-09-01", "2026-09-20"))).containsExactly("OPT_OUT:R20", "CONSENT:R6");
        assertThat(declarations(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-05", "2026-08-20")))
                .as("a campaign crossing 2026-08-11 needs both").containsExactlyInAnyOrder("OPT_OUT:R20", "CONSENT:R6", "BLOCTEL:R5");
        assertThat(declarations(campaign(Audience.CONSUMER, Channel.PHONE).offer("PRESS").period("2026-07-01", "2026-07-20")))
                .as("press offers may call Bloctel numbers (L223-5)").containsExactly("OPT_OUT:R20");
        assertThat(declarations(campaign(Audience.BUSINESS, Channel.PHONE).period("2026-07-01", "2026-07-20")))
                .as("R12: Bloctel covers consumers only").containsExactly("OPT_OUT:R20");
        assertThat(declarations(campaign(Audience.BUSINESS, Channel.EMAIL))).containsExactly("OPT_OUT:R20", "CONSENT:R10");
    }

    private static List<String> declarations(Requests.CampaignBuilder campaign) {
        return BundledPolicy.evaluator().start(request(campaign)).neededEvidence().stream().map(n -> n.evidence() + ":" + n.rule().ruleId()).toList();
    }

    /** A run whose every record is flagged with the evidence its file was declared not to hold (as the bulk path does). */
    static RunResult declaredAbsent(EvaluationRequest request, Set<Evidence> notInFile) {
        EvaluationRun run = BundledPolicy.evaluator().start(request);
        EvaluationRun.BatchResult batch = run.evaluateBatch(request.records(), Set.of(), request.records().stream().map(r -> notInFile).toList());
        return new RunResult(batch.verdicts(), batch.trace(), run.finish());
    }

    record RunResult(List<RecordVerdict> verdicts, List<TraceEntry> trace, EvaluationRun.Outcome outcome) {
        RecordVerdict verdict(String id) {
            return verdicts.stream().filter(v -> v.id().equals(id)).findFirst().orElseThrow();
        }
    }

    @Test
    @DisplayName("R20: a file declared not to hold objections has no contactable record: each is excluded OPT_OUT_NOT_IN_FILE and the file is rejected")
    void objectionsNotInTheFileExcludeEveryRecord() {
        RunResult r = declaredAbsent(request(campaign(Audience.CONSUMER, Channel.POSTAL).offer("GARDENING"), person("r-1"), person("r-2")),
                EnumSet.of(Evidence.OPT_OUT));

        assertThat(r.verdicts()).allSatisfy(v -> {
            assertThat(v.contactable()).isFalse();
            assertThat(v.reasons()).containsExactly("OPT_OUT_NOT_IN_FILE");
        });
        assertThat(r.outcome().summary().contactable()).isZero();
        assertThat(r.outcome().summary().excludedBy()).containsEntry("OPT_OUT_NOT_IN_FILE", 2);
        assertThat(r.outcome().decision()).isEqualTo(Decision.REJECTED);
        assertThat(r.trace()).filteredOn(e -> "OPT_OUT_NOT_IN_FILE".equals(e.code())).hasSize(2)
                .allSatisfy(e -> {
                    assertThat(e.source()).isEqualTo(EVIDENCE_DRL);
                    assertThat(e.ruleId()).isEqualTo("R20");
                    assertThat(e.legalRef().en()).contains("GDPR art. 21");
                });
    }

    @Test
    @DisplayName("R14 (R1, R10, R6): consents not in the file exclude CONSENT_NOT_IN_FILE only the records whose regime requires consent")
    void consentsNotInTheFileExcludeOnlyWhereConsentIsRequired() {
        RunResult email = declaredAbsent(request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1").withoutConsent()),
                EnumSet.of(Evidence.CONSENT));
        assertThat(email.verdict("r-1").reasons()).containsExactlyInAnyOrder("NO_CONSENT", "CONSENT_NOT_IN_FILE");

        // R10: a business person whose job the offer relates to is opt-out; one whose job it does not is opt-in
        RunResult business = declaredAbsent(request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("SOFTWARE"),
                person("it").job("IT").withoutConsent(), person("sales").job("SALES").withoutConsent()), EnumSet.of(Evidence.CONSENT));
        assertThat(business.verdict("it").contactable()).isTrue();
        assertThat(business.verdict("sales").reasons()).containsExactlyInAnyOrder("OFFER_UNRELATED_TO_JOB", "CONSENT_NOT_IN_FILE");

        // R6 from 2026-08-11, and its exception: a contract in progress about the offer needs no consent
        RunResult phone = declaredAbsent(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-09-01", "2026-09-20"),
                person("p").withoutConsent(), person("client").withoutConsent().contract()), EnumSet.of(Evidence.CONSENT));
        assertThat(phone.verdict("p").reasons()).containsExactlyInAnyOrder("NO_CONSENT", "CONSENT_NOT_IN_FILE");
        assertThat(phone.verdict("client").contactable()).isTrue();
    }

    @Test
    @DisplayName("R5: Bloctel registrations not in the file exclude BLOCTEL_NOT_IN_FILE, except a contract in progress about the offer")
    void bloctelNotInTheFileExcludesButForAContractInProgress() {
        RunResult r = declaredAbsent(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-07-01", "2026-07-20"),
                file().bloctelScrubbedOn("2026-06-25"), person("p"), person("client").contract()), EnumSet.of(Evidence.BLOCTEL));

        assertThat(r.verdict("p").reasons()).containsExactly("BLOCTEL_NOT_IN_FILE");
        assertThat(r.verdict("client").contactable()).isTrue();
        assertThat(r.trace()).filteredOn(e -> "BLOCTEL_NOT_IN_FILE".equals(e.code())).singleElement()
                .satisfies(e -> assertThat(e.ruleId()).isEqualTo("R5"));
    }

    @Test
    @DisplayName("Without a declaration nothing changes: the synchronous API's records evaluate as before")
    void withoutADeclarationRecordsEvaluateAsBefore() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL), person("r-1")));

        assertThat(verdict(result, "r-1").contactable()).isTrue();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }
}
