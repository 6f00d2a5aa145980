package io.listguard.policy;

import static io.listguard.Requests.campaign;
import static io.listguard.Requests.file;
import static io.listguard.Requests.person;
import static io.listguard.Requests.request;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.domain.Audience;
import io.listguard.domain.CallingPlan;
import io.listguard.domain.Channel;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.OptOutMechanism;
import io.listguard.domain.Sender;
import io.listguard.domain.Severity;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.RecordVerdict;
import java.util.List;
import java.util.Set;
import java.util.function.Supplier;
import java.util.stream.Collectors;
import java.util.stream.Stream;
import org.junit.jupiter.api.DisplayName;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

/**
 * Every exclusion code and finding code that applications may receive is producible by the bundled policies, with
 * the severity the legal reference gives it and a legal reference. CONSENT_EXPIRED is the exception: its row (R7)
 * is unconfirmed and disabled by default, so it must NOT be produced.
 */
class CodeCatalogueTest extends PolicyTestSupport {

    static final Set<String> EXCLUSION_CODES = Set.of("NO_CONSENT", "CONSENT_UNPROVEN", "PARTNER_NOT_NAMED",
            "MINOR_WITHOUT_PARENTAL_CONSENT", "OFFER_UNRELATED_TO_JOB", "BLOCTEL_REGISTERED", "OPTED_OUT",
            "RETENTION_EXPIRED", "CALL_LIMIT_REACHED", "REFUSED_RECENTLY", "TARGETING_MISMATCH", "INVALID_CONTACT",
            "PERSONAL_DATA_UNDECLARED", "SPECIAL_CATEGORY_SEGMENT",
            "CPF_CANVASSING_BANNED", "OBJECTED_DURING_CALL", "ON_LISTE_ORANGE", "PARTNER_CHAIN_TOO_LONG",
            "CALL_HOURS_OUTSIDE_LOCAL_TIME", "LOCAL_PUBLIC_HOLIDAY");

    /**
     * Exclusions that explain another one (issue 15) and always come with it: CONSENT_NOT_PRIOR with NO_CONSENT (the
     * only consent is later than the campaign's first day), CONTRACT_WITH_RENTER_UNPROVEN with the exclusion the
     * contract exception would have lifted. SECTOR_BANNED, a finding code, is also a record exclusion
     * (RecordLawInDepthTest).
     */
    static final Set<String> COMPANION_CODES = Set.of("CONSENT_NOT_PRIOR", "CONTRACT_WITH_RENTER_UNPROVEN");

    /**
     * Exclusions of records whose bulk file was declared not to hold the evidence (issue 12, item 3;
     * rules/evidence.drl): never produced by a synchronous request, whose records carry no declaration.
     */
    static final Set<String> NOT_IN_FILE_CODES = Set.of("OPT_OUT_NOT_IN_FILE", "CONSENT_NOT_IN_FILE", "BLOCTEL_NOT_IN_FILE");

    static final Set<String> FINDING_CODES = Set.of("OPT_OUT_MISSING", "OPT_OUT_NOT_FREE", "SENDER_NOT_IDENTIFIED",
            "SOURCE_NOT_DISCLOSED", "SECTOR_BAN_CONTRACTS_ONLY", "CALL_HOURS_NOT_ALLOWED", "CALL_FREQUENCY_EXCEEDED",
            "BLOCTEL_SCRUB_STALE", "PROVIDER_NOT_CERTIFIED", "PROVIDER_CERTIFICATION_EXPIRED",
            "PROVIDER_CNIL_DECLARATION_ONLY", "PRICE_BELOW_MARKET", "POORLY_QUALIFIED_FILE",
            "HIGH_INVALID_CONTACT_RATE", "PRICE_ABOVE_MARKET", "NO_CONTACTABLE_RECORDS", "CALLER_NUMBER_MASKED",
            "CALLER_NUMBER_NOT_CANVASSING_RANGE", "INFORMATION_DEADLINE_PASSED",
            "SPECIAL_CATEGORY_TARGETING", "BLOCTEL_NUMBERS_IN_RENTED_FILE", "PUBLIC_HOLIDAY_NOT_EXCLUDED");

    /**
     * Codes of "unknown evidence" rows whose Raise finding is NO in the bundled policy (issue 15): the case is recorded
     * in the trace, no finding is raised until staff switch the row to YES.
     */
    static final Set<String> CONSIDERED_ONLY_CODES = Set.of("CALLER_NUMBER_UNKNOWN", "INFORMATION_DEADLINE_UNKNOWN");

    private static Arguments exclusion(String code, Supplier<EvaluationRequest> request) {
        return Arguments.of(code, null, request);
    }

    private static Arguments finding(String code, Severity severity, Supplier<EvaluationRequest> request) {
        return Arguments.of(code, severity, request);
    }

    static Stream<Arguments> codes() {
        return Stream.of(
                exclusion("NO_CONSENT", () -> request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-x").withoutConsent(), person("r-ok"))),
                exclusion("CONSENT_UNPROVEN", () -> request(campaign(Audience.CONSUMER, Channel.EMAIL),
                        person("r-x").consent(consent(Channel.EMAIL, "2026-03-01", null, true, false)), person("r-ok"))),
                exclusion("PARTNER_NOT_NAMED", () -> request(campaign(Audience.CONSUMER, Channel.EMAIL),
                        person("r-x").consent(consent(Channel.EMAIL, "2026-03-01", "form-1", false, false)), person("r-ok"))),
                exclusion("MINOR_WITHOUT_PARENTAL_CONSENT", () -> request(campaign(Audience.CONSUMER, Channel.EMAIL),
                        person("r-x").birthDate("2013-06-01"), person("r-ok"))),
                exclusion("OFFER_UNRELATED_TO_JOB", () -> request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("SOFTWARE"),
                        person("r-x").job("SALES").withoutConsent(), person("r-ok").job("IT"))),
                exclusion("BLOCTEL_REGISTERED", () -> request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-03", "2026-08-07"),
                        file().bloctelScrubbedOn("2026-07-31"), person("r-x").bloctel(), person("r-ok"))),
                exclusion("OPTED_OUT", () -> request(campaign(Audience.CONSUMER, Channel.POSTAL), person("r-x").optedOut(), person("r-ok"))),
                exclusion("RETENTION_EXPIRED", () -> request(campaign(Audience.CONSUMER, Channel.POSTAL),
                        person("r-x").lastActivity("2022-01-01").withoutConsent(), person("r-ok"))),
                exclusion("CALL_LIMIT_REACHED", () -> request(campaign(Audience.CONSUMER, Channel.PHONE), person("r-x").attempts(5), person("r-ok"))),
                exclusion("REFUSED_RECENTLY", () -> request(campaign(Audience.CONSUMER, Channel.PHONE),
                        person("r-x").lastRefusal("2026-11-20"), person("r-ok"))),
                exclusion("CALL_HOURS_OUTSIDE_LOCAL_TIME", () -> request(campaign(Audience.CONSUMER, Channel.PHONE).calling(new CallingPlan(
                                List.of(new io.listguard.domain.CallingWindow(List.of(java.time.DayOfWeek.MONDAY), java.time.LocalTime.of(19, 0),
                                        java.time.LocalTime.of(20, 0))), false, 2)),
                        person("r-x").phone("0692 12 34 56").postalAddress("3 rue de Paris, 97400 Saint-Denis"), person("r-ok"))),
                exclusion("LOCAL_PUBLIC_HOLIDAY", () -> request(campaign(Audience.CONSUMER, Channel.PHONE).period("2027-12-20", null)
                                .calling(new CallingPlan(List.of(new io.listguard.domain.CallingWindow(List.of(java.time.DayOfWeek.MONDAY),
                                        java.time.LocalTime.of(14, 0), java.time.LocalTime.of(15, 0))), false, 1)),
                        file().certifiedUntil("2028-06-30"),
                        person("r-x").phone("0262 41 00 00").postalAddress("3 rue de Paris, 97400 Saint-Denis").lastActivity("2027-03-01"),
                        person("r-ok").lastActivity("2027-03-01"))),
                exclusion("TARGETING_MISMATCH", () -> request(campaign(Audience.CONSUMER, Channel.POSTAL).offer("GARDENING"),
                        person("r-x").segments("APARTMENT_DWELLER"), person("r-ok"))),
                exclusion("INVALID_CONTACT", () -> request(campaign(Audience.CONSUMER, Channel.SMS), person("r-x").phone(null), person("r-ok"))),
                exclusion("PERSONAL_DATA_UNDECLARED", () -> request(campaign(Audience.BUSINESS, Channel.EMAIL).offer("SOFTWARE"),
                        file().personalData(false), person("r-x").job("IT"), person("r-ok").kind(io.listguard.domain.RecordKind.GENERIC_ADDRESS))),
                exclusion("CPF_CANVASSING_BANNED", () -> request(campaign(Audience.CONSUMER, Channel.EMAIL).offer("CPF_TRAINING"),
                        person("r-x"), person("r-ok").contract())),
                exclusion("OBJECTED_DURING_CALL", () -> request(campaign(Audience.CONSUMER, Channel.PHONE),
                        person("r-x").objectedDuringCall("2026-09-15"), person("r-ok"))),
                exclusion("ON_LISTE_ORANGE", () -> request(campaign(Audience.CONSUMER, Channel.POSTAL), person("r-x").listeOrange(true), person("r-ok"))),
                exclusion("PARTNER_CHAIN_TOO_LONG", () -> request(campaign(Audience.CONSUMER, Channel.EMAIL),
                        person("r-x").consent(new io.listguard.domain.Consent(Channel.EMAIL, java.time.LocalDate.parse("2026-03-01"), "form-1", true, false,
                                "Partenaire Exemple", 2)), person("r-ok"))),

                finding("OPT_OUT_MISSING", Severity.BLOCKING, () -> request(campaign(Audience.CONSUMER, Channel.SMS).optOut(OptOutMechanism.NONE), person("r-ok"))),
                finding("OPT_OUT_NOT_FREE", Severity.BLOCKING, () -> request(campaign(Audience.CONSUMER, Channel.POSTAL).optOut(OptOutMechanism.PREMIUM_NUMBER), person("r-ok"))),
                finding("SENDER_NOT_IDENTIFIED", Severity.BLOCKING, () -> request(campaign(Audience.BUSINESS, Channel.PHONE).sender(new Sender(null, true)), person("r-ok"))),
                finding("SOURCE_NOT_DISCLOSED", Severity.BLOCKING, () -> request(campaign(Audience.CONSUMER, Channel.EMAIL).sourceDisclosed(false), person("r-ok"))),
                finding("SECTOR_BAN_CONTRACTS_ONLY", Severity.WARNING, () -> request(campaign(Audience.CONSUMER, Channel.PHONE).offer("HOME_ADAPTATION"), person("r-ok"))),
                finding("CALLER_NUMBER_MASKED", Severity.BLOCKING, () -> request(campaign(Audience.CONSUMER, Channel.PHONE).callerNumber(null, true), person("r-ok"))),
                finding("CALLER_NUMBER_NOT_CANVASSING_RANGE", Severity.WARNING, () -> request(campaign(Audience.CONSUMER, Channel.PHONE)
                        .callerNumber("01 44 55 66 77", false), person("r-ok"))),
                finding("INFORMATION_DEADLINE_PASSED", Severity.WARNING, () -> request(campaign(Audience.CONSUMER, Channel.EMAIL),
                        file().receivedOn("2026-09-01"), person("r-ok"))),
                finding("CALL_HOURS_NOT_ALLOWED", Severity.BLOCKING, () -> request(campaign(Audience.CONSUMER, Channel.PHONE).calling(null), person("r-ok"))),
                finding("CALL_FREQUENCY_EXCEEDED", Severity.BLOCKING, () -> request(campaign(Audience.CONSUMER, Channel.PHONE)
                        .calling(new CallingPlan(List.of(new io.listguard.domain.CallingWindow(List.of(java.time.DayOfWeek.MONDAY),
                                java.time.LocalTime.of(10, 0), java.time.LocalTime.of(12, 0))), false, 10)), person("r-ok"))),
                finding("PUBLIC_HOLIDAY_NOT_EXCLUDED", Severity.BLOCKING, () -> request(campaign(Audience.CONSUMER, Channel.PHONE)
                        .period("2026-11-09", "2026-11-13").calling(new CallingPlan(List.of(new io.listguard.domain.CallingWindow(
                                List.of(java.time.DayOfWeek.WEDNESDAY), java.time.LocalTime.of(10, 0), java.time.LocalTime.of(12, 0))), null, 2)),
                        person("r-ok"))),
                finding("BLOCTEL_SCRUB_STALE", Severity.BLOCKING, () -> request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-03", "2026-08-07"),
                        file().bloctelScrubbedOn("2026-06-01"), person("r-ok"))),
                finding("PROVIDER_NOT_CERTIFIED", Severity.WARNING, () -> request(campaign(Audience.CONSUMER, Channel.EMAIL), file().certifications(), person("r-ok"))),
                finding("PROVIDER_CERTIFICATION_EXPIRED", Severity.WARNING, () -> request(campaign(Audience.CONSUMER, Channel.EMAIL),
                        file().certifiedUntil("2026-06-30"), person("r-ok"))),
                finding("PROVIDER_CNIL_DECLARATION_ONLY", Severity.WARNING, () -> request(campaign(Audience.CONSUMER, Channel.EMAIL),
                        file().certifications("CNIL_DECLARATION"), person("r-ok"))),
                finding("PRICE_BELOW_MARKET", Severity.WARNING, () -> request(campaign(Audience.CONSUMER, Channel.EMAIL), file().price(20.0), person("r-ok"))),
                finding("POORLY_QUALIFIED_FILE", Severity.WARNING, () -> request(campaign(Audience.CONSUMER, Channel.EMAIL).offer("CHILDCARE"),
                        person("r-x").segments("STUDENT"), person("r-ok"))),
                finding("HIGH_INVALID_CONTACT_RATE", Severity.WARNING, () -> request(campaign(Audience.CONSUMER, Channel.POSTAL),
                        person("r-x").postalAddress(null), person("r-ok"))),
                finding("PRICE_ABOVE_MARKET", Severity.INFO, () -> request(campaign(Audience.CONSUMER, Channel.EMAIL), file().price(2000.0), person("r-ok"))),
                finding("NO_CONTACTABLE_RECORDS", Severity.BLOCKING, () -> request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-x").withoutConsent())),
                exclusion("SPECIAL_CATEGORY_SEGMENT", () -> request(campaign(Audience.CONSUMER, Channel.POSTAL), person("r-x").segments("HEALTH"), person("r-ok"))),
                finding("SPECIAL_CATEGORY_TARGETING", Severity.BLOCKING, () -> request(campaign(Audience.CONSUMER, Channel.POSTAL),
                        person("r-x").segments("RELIGION"), person("r-ok"))),
                finding("BLOCTEL_NUMBERS_IN_RENTED_FILE", Severity.WARNING, () -> request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-03", "2026-08-07"),
                        file().bloctelScrubbedOn("2026-07-31"), person("r-x").bloctel(), person("r-ok"))));
    }

    @ParameterizedTest(name = "{0} is producible")
    @MethodSource("codes")
    @DisplayName("Every exclusion and finding code of the legal reference is producible, with its severity and a legal reference")
    void everyCodeIsProducible(String code, Severity severity, Supplier<EvaluationRequest> request) {
        EvaluationResult result = evaluate(request.get());

        if (severity == null) {
            assertThat(EXCLUSION_CODES).contains(code);
            assertThat(reasons(result, "r-x")).containsExactly(code);
            assertThat(verdict(result, "r-x").contactable()).isFalse();
            assertThat(result.summary().excludedBy()).containsEntry(code, 1);
            // the exclusion is traced by the row (or DRL rule) that made it, with its legal reference
            assertThat(result.trace()).anySatisfy(e -> {
                assertThat(e.facts()).contains("record:r-x");
                assertThat(e.code()).isNotNull();
                assertThat(List.of(e.code().split(","))).contains(code);
                assertThat(e.legalRef().en()).isNotBlank();
            });
        } else {
            assertThat(FINDING_CODES).contains(code);
            List<Finding> matching = result.findings().stream().filter(f -> f.code().equals(code)).toList();
            assertThat(matching).as("findings %s", result.findings()).isNotEmpty();
            assertThat(matching).allSatisfy(f -> {
                assertThat(f.severity()).isEqualTo(severity);
                assertThat(f.legalRef().en()).isNotBlank();
                assertThat(f.message().en()).isNotBlank();
                assertThat(f.rule().source()).startsWith("policies/");
            });
        }
    }

    static Stream<Arguments> notInFile() {
        return Stream.of(
                Arguments.of("OPT_OUT_NOT_IN_FILE", "R20", io.listguard.rules.Evidence.OPT_OUT,
                        (Supplier<EvaluationRequest>) () -> request(campaign(Audience.CONSUMER, Channel.POSTAL), person("r-x"))),
                Arguments.of("CONSENT_NOT_IN_FILE", "R14", io.listguard.rules.Evidence.CONSENT,
                        (Supplier<EvaluationRequest>) () -> request(campaign(Audience.CONSUMER, Channel.EMAIL), person("r-x").withoutConsent())),
                Arguments.of("BLOCTEL_NOT_IN_FILE", "R5", io.listguard.rules.Evidence.BLOCTEL,
                        (Supplier<EvaluationRequest>) () -> request(campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-03", "2026-08-07"),
                                file().bloctelScrubbedOn("2026-07-31"), person("r-x"))));
    }

    @ParameterizedTest(name = "{0} is producible")
    @MethodSource("notInFile")
    @DisplayName("Every exclusion for evidence declared not in the file is producible, traced by rules/evidence.drl with its rule id and legal reference")
    void everyNotInFileCodeIsProducible(String code, String ruleId, io.listguard.rules.Evidence evidence, Supplier<EvaluationRequest> request) {
        EvaluationRequest r = request.get();
        io.listguard.evaluation.EvaluationRun run = io.listguard.BundledPolicy.evaluator().start(r);
        io.listguard.evaluation.EvaluationRun.BatchResult batch = run.evaluateBatch(r.records(), Set.of(), List.of(Set.of(evidence)));

        assertThat(NOT_IN_FILE_CODES).contains(code);
        assertThat(batch.verdicts()).singleElement().satisfies(v -> {
            assertThat(v.contactable()).isFalse();
            assertThat(v.reasons()).contains(code);
        });
        assertThat(batch.trace()).filteredOn(e -> code.equals(e.code())).singleElement().satisfies(e -> {
            assertThat(e.source()).isEqualTo("rules/evidence.drl");
            assertThat(e.ruleId()).isEqualTo(ruleId);
            assertThat(e.legalRef().en()).isNotBlank();
            assertThat(e.facts()).contains("record:r-x");
        });
        assertThat(run.finish().summary().excludedBy()).containsEntry(code, 1);
        // the same record without the declaration is never excluded for it
        assertThat(evaluate(request.get()).records().get(0).reasons()).doesNotContain(code);
    }

    static Stream<Arguments> companions() {
        return Stream.of(
                Arguments.of("CONSENT_NOT_PRIOR", "NO_CONSENT", "R1", (Supplier<EvaluationRequest>) () -> request(campaign(Audience.CONSUMER, Channel.EMAIL),
                        person("r-x").consent(consent(Channel.EMAIL, "2026-12-02", "form-1", true, false)), person("r-ok"))),
                Arguments.of("CONTRACT_WITH_RENTER_UNPROVEN", "NO_CONSENT", "R6", (Supplier<EvaluationRequest>) () -> request(campaign(Audience.CONSUMER, Channel.PHONE),
                        person("r-x").withoutConsent().contract(null), person("r-ok"))));
    }

    @ParameterizedTest(name = "{0} is producible, with {1}")
    @MethodSource("companions")
    @DisplayName("Every companion exclusion is producible beside the exclusion it explains, traced with its rule id")
    void everyCompanionCodeIsProducible(String code, String with, String ruleId, Supplier<EvaluationRequest> request) {
        EvaluationResult result = evaluate(request.get());

        assertThat(COMPANION_CODES).contains(code);
        assertThat(reasons(result, "r-x")).containsExactlyInAnyOrder(code, with);
        assertThat(result.summary().excludedBy()).containsEntry(code, 1);
        assertThat(result.trace()).anySatisfy(e -> {
            assertThat(e.facts()).contains("record:r-x");
            assertThat(e.code()).isNotNull();
            assertThat(List.of(e.code().split(","))).contains(code);
            assertThat(e.ruleId()).isEqualTo(ruleId);
            assertThat(e.legalRef().en()).isNotBlank();
        });
    }

    @Test
    @DisplayName("The catalogue above covers every code of the legal reference exactly once")
    void catalogueIsComplete() {
        List<String> covered = codes().map(a -> (String) a.get()[0]).toList();
        assertThat(covered).doesNotHaveDuplicates();
        Set<String> expected = Stream.concat(EXCLUSION_CODES.stream(), FINDING_CODES.stream()).collect(Collectors.toSet());
        assertThat(covered).containsExactlyInAnyOrderElementsOf(expected);
        assertThat(notInFile().map(a -> (String) a.get()[0]).toList()).containsExactlyInAnyOrderElementsOf(NOT_IN_FILE_CODES);
        assertThat(NOT_IN_FILE_CODES).doesNotContainAnyElementsOf(expected);
        assertThat(CONSIDERED_ONLY_CODES).doesNotContainAnyElementsOf(expected);
        assertThat(companions().map(a -> (String) a.get()[0]).toList()).containsExactlyInAnyOrderElementsOf(COMPANION_CODES);
        assertThat(COMPANION_CODES).doesNotContainAnyElementsOf(expected);
    }

    @Test
    @DisplayName("CALLER_NUMBER_UNKNOWN (R28) and INFORMATION_DEADLINE_UNKNOWN (R17) are considered, in the trace, but not raised by default")
    void unknownEvidenceConsideredOnly() {
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE), person("r-ok")));

        for (String code : CONSIDERED_ONLY_CODES) {
            assertThat(result.findings()).noneMatch(f -> f.code().equals(code));
            assertThat(result.trace()).filteredOn(e -> code.equals(e.code())).singleElement()
                    .satisfies(e -> assertThat(e.legalRef().en()).contains("https://"));
        }
    }

    @Test
    @DisplayName("CONSENT_EXPIRED (R7) is not produced by default: its row is unconfirmed and disabled")
    void consentExpiredNotProducedByDefault() {
        // a two-year-old telephone consent, on a campaign well after 2026-07-25
        EvaluationResult result = evaluate(request(campaign(Audience.CONSUMER, Channel.PHONE).period("2027-03-01", "2027-03-31"),
                file().certifiedUntil("2027-12-31"),
                person("r-x").consent(consent(Channel.PHONE, "2025-03-01", "form-9", true, false)).lastActivity("2026-06-01")));

        RecordVerdict v = verdict(result, "r-x");
        assertThat(v.reasons()).doesNotContain("CONSENT_EXPIRED").isEmpty();
        assertThat(v.contactable()).isTrue();
        assertThat(result.trace()).noneMatch(e -> e.code() != null && e.code().contains("CONSENT_EXPIRED"));
    }
}
