package io.listguard.policy;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.file;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.Decision;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.OptOutMechanism;
import io.listguard.domain.Severity;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.TraceEntry;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

/**
 * rules/decision.drl (decision semantics) and the trace every evaluation returns: which row fired, where it is
 * written, on which facts (by id only, never a contact point).
 */
class DecisionSemanticsTest extends PolicyTestSupport {

    // ---------------------------------------------------------------- decision

    @Test
    @DisplayName("APPROVED: every record contactable and no finding")
    void approvedWhenEveryRecordIsContactable() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1"), person("r-2")));

        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
        assertThat(result.findings()).isEmpty();
        assertThat(result.summary().total()).isEqualTo(2);
        assertThat(result.summary().contactable()).isEqualTo(2);
        assertThat(result.summary().excluded()).isZero();
        assertThat(result.summary().excludedBy()).isEmpty();
    }

    @Test
    @DisplayName("APPROVED_WITH_EXCLUSIONS: some records excluded, no blocking finding")
    void approvedWithExclusionsWhenSomeAreExcluded() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                person("r-1"), person("r-2").withoutConsent(), person("r-3").optedOut().withoutConsent()));

        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
        assertThat(result.findings()).isEmpty();
        assertThat(reasons(result, "r-3")).containsExactlyInAnyOrder("OPTED_OUT", "NO_CONSENT");
        // a record excluded for two reasons counts once in 'excluded', once per reason in 'excludedBy'
        assertThat(result.summary().total()).isEqualTo(3);
        assertThat(result.summary().contactable()).isEqualTo(1);
        assertThat(result.summary().excluded()).isEqualTo(2);
        assertThat(result.summary().excludedBy()).containsExactlyInAnyOrderEntriesOf(Map.of("NO_CONSENT", 2, "OPTED_OUT", 1));
    }

    @Test
    @DisplayName("REJECTED: a BLOCKING finding rejects even when every record is contactable")
    void rejectedOnBlockingFindingEvenIfAllContactable() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL).optOut(OptOutMechanism.NONE),
                person("r-1"), person("r-2")));

        assertThat(result.summary().contactable()).isEqualTo(2);
        assertThat(findingCodes(result)).containsExactly("OPT_OUT_MISSING");
        assertThat(result.decision()).isEqualTo(Decision.REJECTED);
    }

    @Test
    @DisplayName("REJECTED: a BLOCKING finding wins over exclusions")
    void rejectedOnBlockingFindingWithExclusions() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL).sourceDisclosed(false),
                person("r-1"), person("r-2").withoutConsent()));

        assertThat(findingCodes(result)).containsExactly("SOURCE_NOT_DISCLOSED");
        assertThat(result.decision()).isEqualTo(Decision.REJECTED);
    }

    @Test
    @DisplayName("REJECTED + NO_CONTACTABLE_RECORDS when no record may be contacted")
    void rejectedWhenNoRecordIsContactable() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.SMS),
                person("r-1").withoutConsent(), person("r-2").optedOut()));

        assertThat(findingCodes(result)).containsExactly("NO_CONTACTABLE_RECORDS");
        assertFinding(result, "NO_CONTACTABLE_RECORDS", Severity.BLOCKING, LIST_QUALITY, "Seuils du fichier", "Q-DECISION");
        assertThat(result.decision()).isEqualTo(Decision.REJECTED);
    }

    @Test
    @DisplayName("REJECTED + NO_CONTACTABLE_RECORDS for a file with no record at all")
    void rejectedForAnEmptyFile() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL)));

        assertThat(findingCodes(result)).containsExactly("NO_CONTACTABLE_RECORDS");
        assertThat(result.decision()).isEqualTo(Decision.REJECTED);
    }

    @Test
    @DisplayName("WARNING never changes the decision: APPROVED stays APPROVED")
    void warningDoesNotChangeApproved() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                file().certifications("NONE_OF_THEM").price(50.0), person("r-1")));

        assertThat(findingCodes(result)).containsExactlyInAnyOrder("PROVIDER_NOT_CERTIFIED", "PRICE_BELOW_MARKET");
        assertThat(result.findings()).allSatisfy(f -> assertThat(f.severity()).isEqualTo(Severity.WARNING));
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("WARNING never changes the decision: APPROVED_WITH_EXCLUSIONS stays so")
    void warningDoesNotChangeApprovedWithExclusions() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL),
                file().certifiedUntil("2026-12-01"), person("r-1"), person("r-2").optedOut()));

        assertThat(findingCodes(result)).containsExactly("PROVIDER_CERTIFICATION_EXPIRED");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    @DisplayName("INFO never changes the decision")
    void infoDoesNotChangeTheDecision() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.POSTAL), file().price(999.0), person("r-1")));

        assertThat(findingCodes(result)).containsExactly("PRICE_ABOVE_MARKET");
        assertThat(result.findings().get(0).severity()).isEqualTo(Severity.INFO);
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("The decision is taken by rules/decision.drl and traced with its code")
    void decisionIsTraced() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1"), person("r-2").optedOut()));

        List<TraceEntry> decisions = result.trace().stream()
                .filter(e -> "rules/decision.drl".equals(e.source())).toList();
        assertThat(decisions).singleElement().satisfies(e -> {
            assertThat(e.code()).isEqualTo("APPROVED_WITH_EXCLUSIONS");
            assertThat(e.stage()).isEqualTo("summary");
            assertThat(e.line()).isNotNull().isPositive();
            assertThat(e.sheet()).isNull();
            assertThat(e.legalRef().en()).isNotBlank();
        });
    }

    // ---------------------------------------------------------------- trace

    @Test
    @DisplayName("Trace: a regime row names policies/consent-regime.xlsx, sheet Régime, its row, and facts by id")
    void traceNamesWorkbookSheetRowAndFactIds() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1")));

        List<TraceEntry> regime = fired(result, "Régime", "record:r-1");
        assertThat(regime).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("policies/consent-regime.xlsx");
            assertThat(e.sheet()).isEqualTo("Régime");
            assertThat(e.row()).isEqualTo(14); // the R1 row
            assertThat(ruleIdOf(e.rule())).isEqualTo("R1");
            assertThat(e.facts()).containsExactlyInAnyOrder("record:r-1", "campaign:CMP-1");
            assertThat(e.code()).isEqualTo("CONSENT_REQUIRED");
            assertThat(e.stage()).isEqualTo("records");
            assertThat(e.legalRef().en()).isNotBlank().contains("L34-5");
            assertThat(e.confidence()).isEqualTo("H");
        });
    }

    @Test
    @DisplayName("Trace: an exclusion row names its sheet, row, code and the record by id")
    void traceOfAnExclusion() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1"), person("r-2").optedOut()));

        List<TraceEntry> records = fired(result, "Enregistrements", "record:r-2");
        assertThat(records).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("policies/record-rules.xlsx");
            assertThat(e.row()).isEqualTo(14);
            assertThat(e.code()).isEqualTo("OPTED_OUT");
            assertThat(e.facts()).contains("record:r-2");
        });
        assertThat(fired(result, "Enregistrements", "record:r-1")).isEmpty();
    }

    @Test
    @DisplayName("Trace: a campaign finding names the campaign by id; a file finding names the file by id")
    void traceOfFindings() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL).optOut(OptOutMechanism.NONE),
                file().certifications("OTHER"), person("r-1")));

        assertThat(result.trace()).anySatisfy(e -> {
            assertThat(e.sheet()).isEqualTo("Opposition");
            assertThat(e.source()).isEqualTo("policies/campaign-obligations.xlsx");
            assertThat(e.row()).isEqualTo(14);
            assertThat(e.code()).isEqualTo("OPT_OUT_MISSING");
            assertThat(e.facts()).containsExactly("campaign:CMP-1");
            assertThat(e.stage()).isEqualTo("campaign");
        });
        assertThat(result.trace()).anySatisfy(e -> {
            assertThat(e.sheet()).isEqualTo("Fournisseurs");
            assertThat(e.code()).isEqualTo("PROVIDER_NOT_CERTIFIED");
            assertThat(e.facts()).containsExactly("file:F-1");
        });
    }

    @Test
    @DisplayName("Trace: entries are numbered in firing order")
    void traceIsInFiringOrder() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-1"), person("r-2")));

        assertThat(result.trace()).isNotEmpty();
        assertThat(result.trace()).extracting(TraceEntry::seq).isSorted().doesNotHaveDuplicates();
        assertThat(result.trace()).extracting(TraceEntry::stage).containsSubsequence("records", "summary");
    }

    @ParameterizedTest(name = "{0}: no contact point in the trace")
    @EnumSource(Channel.class)
    @DisplayName("Trace: no email address, phone number or postal address ever appears in the trace")
    void traceHoldsNoContactPoint(Channel channel) {
        EvaluationRequest req = request(campaign(Audience.CONSUMER, channel).period("2026-08-05", "2026-08-20"),
                file().bloctelScrubbedOn("2026-08-01"),
                person("r-1").email("jeanne.dupont@example.org").phone("+33 6 98 76 54 32")
                        .postalAddress("7 impasse des Lilas, 69003 Lyon"),
                person("r-2").email("marc.durand@example.org").phone("07 11 22 33 44")
                        .postalAddress("41 avenue Foch, 75116 Paris").optedOut().bloctel().withoutConsent(),
                person("r-3").email("broken-address").phone("12 34").postalAddress("nowhere"));
        EvaluationResult result = evaluate(req);

        String trace = result.trace().toString();
        assertThat(trace).contains("record:r-1", "record:r-2", "campaign:CMP-1");
        assertThat(trace).doesNotContain(
                "jeanne.dupont", "example.org", "marc.durand", "broken-address",
                "98 76 54 32", "698765432", "0698765432", "+33698765432", "07 11 22 33 44", "0711223344",
                "impasse des Lilas", "69003", "avenue Foch", "75116", "nowhere");
        // the findings carry no contact point either
        assertThat(result.findings().toString()).doesNotContain("jeanne.dupont", "98 76 54 32", "impasse des Lilas");
    }
}
