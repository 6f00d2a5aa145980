package io.listguard.policy;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.file;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.BundledPolicy;
import io.listguard.Requests.CampaignBuilder;
import io.listguard.Requests.FileBuilder;
import io.listguard.Requests.RecordBuilder;
import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.Decision;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.RecordKind;
import io.listguard.domain.Severity;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.EvaluationRun;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.TraceEntry;
import java.util.List;
import java.util.Set;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * policies/campaign-obligations.xlsx, sheet Messages, the rows of issue 15: the caller's number (R28: masked numbers,
 * C. conso. L221-17; ARCEP ranges dedicated to canvassing), GDPR art. 14 for personal data only (R17, row 17 and the
 * PERSONAL_DATA_UNDECLARED rule of rules/evidence.drl), the one-month information deadline (R17, art. 14(3)(a)) and
 * R22's reference (L221-16, not D223-9). Both sides of every date and condition.
 */
class MessagesRulesTest extends PolicyTestSupport {

    private static final String MESSAGES = "Messages";

    private static EvaluationResult run(CampaignBuilder campaign) {
        return evaluate(request(campaign, person("r-1")));
    }

    private static Finding assertMessagesFinding(EvaluationResult result, String code, Severity severity, String ruleId) {
        Finding f = assertFinding(result, code, severity, CAMPAIGN_OBLIGATIONS, MESSAGES, ruleId);
        assertThat(f.legalRef().en()).as("legalRef of %s names its text's URL", code).contains("https://");
        return f;
    }

    /** The trace entries of Messages rows that considered {@code code} (a row whose Raise finding is NO). */
    private static List<TraceEntry> considered(EvaluationResult result, String code) {
        return result.trace().stream().filter(e -> MESSAGES.equals(e.sheet()) && code.equals(e.code())).toList();
    }

    // ---------------------------------------------------------------- R22: the reference

    @Test
    @DisplayName("R22: the caller's identity row cites C. conso. L221-16 with its URL, no longer D223-9; masked numbers are L221-17")
    void R22_referenceIsL221_16() {
        EvaluationResult result = run(campaign(Audience.CONSUMER, Channel.PHONE).sender(new io.listguard.domain.Sender("Acme", false)));

        Finding f = assertMessagesFinding(result, "SENDER_NOT_IDENTIFIED", Severity.BLOCKING, "R22");
        assertThat(f.legalRef().en()).contains("L221-16").contains("L221-17").doesNotContain("D223-9");
    }

    // ---------------------------------------------------------------- R28: masked number

    @ParameterizedTest(name = "R28 consumer {0} with a masked number")
    @EnumSource(value = Channel.class, names = {"PHONE", "AUTOMATED_CALL"})
    @DisplayName("R28: calling consumers with a masked number is CALLER_NUMBER_MASKED, BLOCKING (C. conso. L221-17)")
    void R28_maskedNumberRejected(Channel channel) {
        EvaluationResult result = run(campaign(Audience.CONSUMER, channel).callerNumber(null, true));

        assertMessagesFinding(result, "CALLER_NUMBER_MASKED", Severity.BLOCKING, "R28");
        assertThat(result.decision()).isEqualTo(Decision.REJECTED);
        assertThat(findingCodes(result)).doesNotContain("CALLER_NUMBER_UNKNOWN");
    }

    @Test
    @DisplayName("R28 counter-case: a shown number in a canvassing range, a business audience (L221-17 protects consumers) or a non-telephone channel")
    void R28_notMasked() {
        EvaluationResult shown = run(campaign(Audience.CONSUMER, Channel.PHONE).callerNumber("01 62 12 34 56", false));
        assertThat(shown.findings()).isEmpty();
        assertThat(shown.decision()).isEqualTo(Decision.APPROVED);

        assertThat(findingCodes(run(campaign(Audience.BUSINESS, Channel.PHONE).callerNumber(null, true)))).doesNotContain("CALLER_NUMBER_MASKED");
        assertThat(findingCodes(run(campaign(Audience.CONSUMER, Channel.SMS).callerNumber(null, true)))).doesNotContain("CALLER_NUMBER_MASKED");
    }

    // ---------------------------------------------------------------- R28: ARCEP ranges

    @ParameterizedTest(name = "R28 caller number {0} is in a canvassing range")
    @ValueSource(strings = {"0162000000", "01 63 12 34 56", "+33 2 70 00 00 00", "0033 271 000 000", "03.77.00.00.00", "0378000000",
            "0424000000", "0425000000", "0568000000", "0569000000", "09 48 00 00 00", "0949000000", "09 47 50 00 00", "0947912345"})
    @DisplayName("R28 counter-case: the ARCEP ranges dedicated to canvassing (décision 2022-1583), however the number is written")
    void R28_numberInRange(String number) {
        assertThat(run(campaign(Audience.CONSUMER, Channel.PHONE).callerNumber(number, false)).findings()).isEmpty();
    }

    @ParameterizedTest(name = "R28 caller number {0} is outside the canvassing ranges")
    @ValueSource(strings = {"01 44 55 66 77", "06 12 34 56 78", "+33 9 47 40 00 00", "0164000000", "+44 20 7946 0000"})
    @DisplayName("R28: a number outside the ranges dedicated to canvassing is CALLER_NUMBER_NOT_CANVASSING_RANGE, a WARNING (M)")
    void R28_numberOutsideRange(String number) {
        EvaluationResult result = evaluate(request(campaign(Audience.BUSINESS, Channel.AUTOMATED_CALL).callerNumber(number, false),
                person("r-1").job("IT")));

        Finding f = assertMessagesFinding(result, "CALLER_NUMBER_NOT_CANVASSING_RANGE", Severity.WARNING, "R28");
        assertThat(f.legalRef().en()).contains("2022-1583");
    }

    @Test
    @DisplayName("R28: the ranges apply from 2023-01-01 (décision 2022-1583), not to a campaign that ended before")
    void R28_rangesFrom2023_01_01() {
        CampaignBuilder before = campaign(Audience.CONSUMER, Channel.PHONE).period("2022-12-26", "2022-12-31").callerNumber("01 44 55 66 77", false);
        CampaignBuilder from = campaign(Audience.CONSUMER, Channel.PHONE).period("2022-12-26", "2023-01-02").callerNumber("01 44 55 66 77", false);

        assertThat(findingCodes(evaluate(request(before, file().bloctelScrubbedOn("2022-12-20"), person("r-1")))))
                .doesNotContain("CALLER_NUMBER_NOT_CANVASSING_RANGE");
        assertThat(findingCodes(evaluate(request(from, file().bloctelScrubbedOn("2022-12-20"), person("r-1")))))
                .contains("CALLER_NUMBER_NOT_CANVASSING_RANGE");
    }

    @Test
    @DisplayName("R28: a calling plan without the caller's number is considered (CALLER_NUMBER_UNKNOWN, in the trace) but raises no finding by default")
    void R28_unknownNumberConsideredOnly() {
        EvaluationResult unknown = run(campaign(Audience.CONSUMER, Channel.PHONE));
        assertThat(considered(unknown, "CALLER_NUMBER_UNKNOWN")).singleElement()
                .satisfies(e -> assertThat(e.ruleId()).isEqualTo("R28"));
        assertThat(findingCodes(unknown)).doesNotContain("CALLER_NUMBER_UNKNOWN");

        assertThat(considered(run(campaign(Audience.CONSUMER, Channel.PHONE).callerNumber("0162000000", false)), "CALLER_NUMBER_UNKNOWN")).isEmpty();
        assertThat(considered(run(campaign(Audience.CONSUMER, Channel.PHONE).callerNumber(null, true)), "CALLER_NUMBER_UNKNOWN")).isEmpty();
        assertThat(considered(run(campaign(Audience.CONSUMER, Channel.EMAIL)), "CALLER_NUMBER_UNKNOWN")).isEmpty();
    }

    // ---------------------------------------------------------------- R17: personal data only

    private static RecordBuilder generic(String id) {
        return person(id).kind(RecordKind.GENERIC_ADDRESS).email("contact@" + id + ".example.org");
    }

    private static CampaignBuilder businessEmailWithoutSource() {
        return campaign(Audience.BUSINESS, Channel.EMAIL).offer("SOFTWARE").sourceDisclosed(false);
    }

    @Test
    @DisplayName("R17: a file of business generic addresses only holds no personal data: not rejected for not disclosing its source")
    void R17_genericAddressesOnlyNeedNoSource() {
        EvaluationResult result = evaluate(request(businessEmailWithoutSource(), generic("g-1"), generic("g-2")));

        assertThat(findingCodes(result)).doesNotContain("SOURCE_NOT_DISCLOSED");
        assertThat(result.decision()).isEqualTo(Decision.APPROVED);

        EvaluationResult declared = evaluate(request(businessEmailWithoutSource(), file().personalData(false), generic("g-1")));
        assertThat(findingCodes(declared)).doesNotContain("SOURCE_NOT_DISCLOSED");
        assertThat(declared.decision()).isEqualTo(Decision.APPROVED);
    }

    @Test
    @DisplayName("R17 counter-case: one person in the file, or a file declared to hold personal data, needs the source disclosed")
    void R17_personalDataNeedsSource() {
        EvaluationResult withPerson = evaluate(request(businessEmailWithoutSource(), generic("g-1"), person("p-1").job("IT")));
        assertMessagesFinding(withPerson, "SOURCE_NOT_DISCLOSED", Severity.BLOCKING, "R17");

        EvaluationResult declared = evaluate(request(businessEmailWithoutSource(), file().personalData(true), generic("g-1")));
        assertMessagesFinding(declared, "SOURCE_NOT_DISCLOSED", Severity.BLOCKING, "R17");
    }

    @Test
    @DisplayName("R17: a file whose records are not known at the campaign stage (a bulk file) and that says nothing is presumed to hold personal data")
    void R17_unknownRecordsPresumedPersonalData() {
        EvaluationRequest header = request(businessEmailWithoutSource(), generic("g-1"));
        EvaluationRun run = BundledPolicy.evaluator().start(new EvaluationRequest(header.campaign(), header.file(), List.of()));
        run.evaluateBatch(header.records(), Set.of());
        assertThat(run.finish().findings()).extracting(Finding::code).contains("SOURCE_NOT_DISCLOSED");

        // declared without personal data, the same bulk file is not
        EvaluationRequest declared = request(businessEmailWithoutSource(), file().personalData(false), generic("g-1"));
        EvaluationRun run2 = BundledPolicy.evaluator().start(new EvaluationRequest(declared.campaign(), declared.file(), List.of()));
        run2.evaluateBatch(declared.records(), Set.of());
        assertThat(run2.finish().findings()).extracting(Finding::code).doesNotContain("SOURCE_NOT_DISCLOSED");
    }

    @Test
    @DisplayName("R17: a person in a file declared without personal data does not slip through: excluded PERSONAL_DATA_UNDECLARED, synchronous and bulk alike")
    void R17_personInFileDeclaredWithoutPersonalData() {
        EvaluationRequest r = request(businessEmailWithoutSource(), file().personalData(false), generic("g-1"), person("p-1").job("IT"));

        EvaluationResult result = evaluate(r);
        assertThat(reasons(result, "p-1")).containsExactly("PERSONAL_DATA_UNDECLARED");
        assertThat(reasons(result, "g-1")).isEmpty();
        assertThat(result.decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
        assertThat(result.trace()).filteredOn(e -> "PERSONAL_DATA_UNDECLARED".equals(e.code())).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("rules/evidence.drl");
            assertThat(e.ruleId()).isEqualTo("R17");
            assertThat(e.legalRef().en()).contains("14(2)(f)");
            assertThat(e.facts()).contains("record:p-1");
        });

        EvaluationRun bulk = BundledPolicy.evaluator().start(new EvaluationRequest(r.campaign(), r.file(), List.of()), false);
        assertThat(bulk.evaluateBatch(r.records(), Set.of()).verdicts()).extracting(v -> v.reasons())
                .containsExactly(List.of(), List.of("PERSONAL_DATA_UNDECLARED"));

        // the counter-case: the same person in a file that declares its personal data, or says nothing
        assertThat(reasons(evaluate(request(businessEmailWithoutSource().sourceDisclosed(true), file().personalData(true), person("p-1").job("IT"))), "p-1")).isEmpty();
        assertThat(reasons(evaluate(request(businessEmailWithoutSource().sourceDisclosed(true), person("p-1").job("IT"))), "p-1")).isEmpty();
    }

    // ---------------------------------------------------------------- R17: the one-month deadline

    /** A consumer email campaign from 2026-12-01 (the builder's default) with a file received on {@code receivedOn}. */
    private static EvaluationResult received(FileBuilder file) {
        return evaluate(request(campaign(Audience.CONSUMER, Channel.EMAIL), file, person("r-1")));
    }

    @Test
    @DisplayName("R17: a campaign starting more than one month after the file's receipt, persons not informed, is INFORMATION_DEADLINE_PASSED (art. 14(3)(a))")
    void R17_deadlinePassed() {
        // received 2026-10-31: the month ends 2026-11-30, the campaign starts 2026-12-01
        EvaluationResult late = received(file().receivedOn("2026-10-31"));
        assertMessagesFinding(late, "INFORMATION_DEADLINE_PASSED", Severity.WARNING, "R17");
        assertThat(late.decision()).isEqualTo(Decision.APPROVED);

        // a notice given after the month does not help
        assertMessagesFinding(received(file().receivedOn("2026-10-31").personsInformedOn("2026-12-01")),
                "INFORMATION_DEADLINE_PASSED", Severity.WARNING, "R17");
    }

    @Test
    @DisplayName("R17 counter-case: a campaign starting within the month (its first message informs), or persons informed within the month")
    void R17_deadlineMet() {
        // received 2026-11-01: the month ends 2026-12-01, the campaign's first day
        assertThat(received(file().receivedOn("2026-11-01")).findings()).isEmpty();
        assertThat(received(file().receivedOn("2026-10-31").personsInformedOn("2026-11-30")).findings()).isEmpty();
        // a file without personal data has no information duty
        EvaluationResult generic = evaluate(request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("SOFTWARE"),
                file().receivedOn("2025-01-15"), generic("g-1")));
        assertThat(findingCodes(generic)).doesNotContain("INFORMATION_DEADLINE_PASSED");
    }

    @Test
    @DisplayName("R17: a file without its date of receipt is considered (INFORMATION_DEADLINE_UNKNOWN, in the trace) but raises no finding by default")
    void R17_receiptUnknownConsideredOnly() {
        EvaluationResult unknown = received(file());
        assertThat(considered(unknown, "INFORMATION_DEADLINE_UNKNOWN")).singleElement()
                .satisfies(e -> assertThat(e.ruleId()).isEqualTo("R17"));
        assertThat(unknown.findings()).isEmpty();

        assertThat(considered(received(file().receivedOn("2026-11-20")), "INFORMATION_DEADLINE_UNKNOWN")).isEmpty();
        assertThat(considered(evaluate(request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("SOFTWARE"), generic("g-1"))),
                "INFORMATION_DEADLINE_UNKNOWN")).isEmpty();
    }
}
