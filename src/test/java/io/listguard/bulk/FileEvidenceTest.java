package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.BundledPolicy;
import io.listguard.Requests;
import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.Decision;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.Messages;
import io.listguard.rules.Evidence;
import io.listguard.evaluation.InvalidRequestException;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.SuppressionList;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 3: no verdict on evidence the file does not hold. A records file is checked against the evidence
 * its campaign's rules need (rules/evidence.drl) before any line is evaluated: a CSV without a needed column is
 * refused naming it, unless the request declares it absent, and then every record lacking it is excluded with a
 * reason of its own; an NDJSON line without a needed field is rejected, or excluded when declared absent.
 */
class FileEvidenceTest {

    static final EvaluationRequest POSTAL = Requests.request(Requests.campaign(Audience.CONSUMER, Channel.POSTAL).offer("GARDENING"));
    static final EvaluationRequest EMAIL = Requests.request(Requests.campaign(Audience.CONSUMER, Channel.EMAIL).offer("CHILDCARE"));
    static final EvaluationRequest PHONE_JULY = Requests.request(Requests.campaign(Audience.CONSUMER, Channel.PHONE).period("2026-07-01", "2026-07-20"),
            Requests.file().bloctelScrubbedOn("2026-06-25"));
    static final EvaluationRequest PHONE_SEPTEMBER = Requests.request(Requests.campaign(Audience.CONSUMER, Channel.PHONE)
            .period("2026-09-01", "2026-09-20"));

    /** A postal file as a broker hand-maps it: names and addresses, and no column saying who objected. */
    static final String POSTAL_WITHOUT_OPT_OUT = """
            id,kind,postal_address,last_activity_on
            r-1,PERSON,"12 rue de la Paix, 75002 Paris",2026-03-01
            r-2,PERSON,"3 place du Marché, 69001 Lyon",2026-02-01
            """;

    /** What a run told its sinks. */
    record Run(BulkEvaluation.Result result, Map<Long, RecordVerdict> verdicts, Map<Long, String> rejected) {
    }

    static Run run(EvaluationRequest header, Set<Evidence> absent, String text, RecordSource.Format format) {
        Map<Long, RecordVerdict> verdicts = new LinkedHashMap<>();
        Map<Long, String> rejected = new LinkedHashMap<>();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), format)) {
            BulkEvaluation.Result result = new BulkEvaluation(BundledPolicy.evaluator(), SuppressionList.NONE, 2, 2).run(header.campaign(),
                    header.file(), absent, source, (line, verdict, rules) -> verdicts.put(line, verdict), rejected::put, (a, b, c) -> { },
                    io.listguard.evaluation.DecisionRecorder.Recording.NONE);
            return new Run(result, verdicts, rejected);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static Run csv(EvaluationRequest header, Set<Evidence> absent, String text) {
        return run(header, absent, text, RecordSource.Format.CSV);
    }

    static MissingEvidenceException refusal(EvaluationRequest header, String text) {
        List<Object> told = new ArrayList<>();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), RecordSource.Format.CSV)) {
            BulkEvaluation bulk = new BulkEvaluation(BundledPolicy.evaluator(), SuppressionList.NONE, 2, 2);
            MissingEvidenceException[] thrown = new MissingEvidenceException[1];
            assertThatThrownBy(() -> bulk.run(header.campaign(), header.file(), Set.of(), source, (l, v, r) -> told.add(v), (l, r) -> told.add(r),
                    (a, b, c) -> told.add(a), io.listguard.evaluation.DecisionRecorder.Recording.NONE))
                    .isInstanceOfSatisfying(MissingEvidenceException.class, e -> thrown[0] = e);
            assertThat(told).as("nothing evaluated, nothing rejected, no progress").isEmpty();
            assertThat(source.next()).as("no line read").isNotNull();
            return thrown[0];
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A verdict as "id:reasons", the reasons in alphabetical order (rules fire in no order the tests rely on). */
    static String outcome(RecordVerdict v) {
        return v.id() + ":" + String.join("|", v.reasons().stream().sorted().toList());
    }

    // ---- CSV

    @Test
    void r20AConsumerPostalCsvWithoutOptedOutIsRefusedNamingTheColumnItsRuleAndHowToDeclareItAbsent() {
        MissingEvidenceException e = refusal(POSTAL, POSTAL_WITHOUT_OPT_OUT);

        assertThat(e.columns()).containsExactly("opted_out");
        assertThat(e.fields()).containsExactly("optedOut");
        assertThat(e.needs()).singleElement().satisfies(n -> {
            assertThat(n.evidence()).isEqualTo(Evidence.OPT_OUT);
            assertThat(n.rule().ruleId()).isEqualTo("R20");
            assertThat(n.rule().source()).isEqualTo("rules/evidence.drl");
        });
        assertThat(e.code()).isEqualTo("bulk.evidence.missingColumns");
        assertThat(e.getMessage()).startsWith("the file lacks the column(s) opted_out, which the campaign’s rules need: opted_out (R20, GDPR art. 21")
                .contains("format.absent = [\"optedOut\"]").contains("--absent optedOut")
                .endsWith("The file is refused and none of its records is evaluated");
        assertThat(e.message(Messages.FRENCH)).startsWith("il manque au fichier la ou les colonnes opted_out")
                .contains("format.absent = [\"optedOut\"]");
    }

    @Test
    void r20DeclaredAbsentEveryRecordIsExcludedOptOutNotInFileAndTheFileIsNotApproved() {
        Run run = csv(POSTAL, EnumSet.of(Evidence.OPT_OUT), POSTAL_WITHOUT_OPT_OUT);

        assertThat(run.verdicts()).hasSize(2).allSatisfy((line, v) -> {
            assertThat(v.contactable()).isFalse();
            assertThat(v.reasons()).containsExactly("OPT_OUT_NOT_IN_FILE");
        });
        assertThat(run.result().totals().contactable()).isZero();
        assertThat(run.result().summary().excludedBy()).containsExactly(Map.entry("OPT_OUT_NOT_IN_FILE", 2));
        assertThat(run.result().decision()).isEqualTo(Decision.REJECTED);
        assertThat(run.result().findings()).extracting("code").contains("NO_CONTACTABLE_RECORDS");
    }

    @Test
    void r20DeclaredAbsentWithTheColumnThereOnlyBlankCellsAreExcludedForIt() {
        Run run = csv(POSTAL, EnumSet.of(Evidence.OPT_OUT), """
                id,kind,postal_address,opted_out,last_activity_on
                r-1,PERSON,"12 rue de la Paix, 75002 Paris",no,2026-03-01
                r-2,PERSON,"3 place du Marché, 69001 Lyon",,2026-02-01
                r-3,PERSON,"5 quai Voltaire, 75007 Paris",yes,2026-02-01
                """);

        assertThat(run.verdicts().values()).extracting(FileEvidenceTest::outcome)
                .containsExactly("r-1:", "r-2:OPT_OUT_NOT_IN_FILE", "r-3:OPTED_OUT");
        assertThat(run.result().decision()).isEqualTo(Decision.APPROVED_WITH_EXCLUSIONS);
    }

    @Test
    void withTheColumnAndNoDeclarationTheFileIsEvaluatedAsBefore() {
        Run run = csv(POSTAL, Set.of(), """
                id,kind,postal_address,opted_out,last_activity_on
                r-1,PERSON,"12 rue de la Paix, 75002 Paris",no,2026-03-01
                r-2,PERSON,"3 place du Marché, 69001 Lyon",yes,2026-02-01
                """);

        assertThat(run.verdicts().values()).extracting(FileEvidenceTest::outcome).containsExactly("r-1:", "r-2:OPTED_OUT");
    }

    @Test
    void r5AConsumerPhoneCampaignInJuly2026WithoutBloctelRegisteredIsRefused() {
        MissingEvidenceException e = refusal(PHONE_JULY, """
                id,kind,phone,opted_out,last_activity_on
                r-1,PERSON,06 12 34 56 78,no,2026-03-01
                """);

        assertThat(e.columns()).containsExactly("bloctel_registered");
        assertThat(e.needs()).singleElement().satisfies(n -> assertThat(n.rule().ruleId()).isEqualTo("R5"));
        assertThat(e.getMessage()).contains("bloctel_registered (R5, C. conso. L223-1").contains("--absent bloctelRegistered");
    }

    @Test
    void r6InSeptember2026BloctelIsNotNeededButTheTelephoneConsentColumnsAre() {
        MissingEvidenceException e = refusal(PHONE_SEPTEMBER, """
                id,kind,phone,opted_out,last_activity_on
                r-1,PERSON,06 12 34 56 78,no,2026-03-01
                """);
        assertThat(e.columns()).containsExactly("consent_phone_given_on");
        assertThat(e.needs()).singleElement().satisfies(n -> assertThat(n.rule().ruleId()).isEqualTo("R6"));

        Run run = csv(PHONE_SEPTEMBER, Set.of(), """
                id,kind,phone,opted_out,last_activity_on,consent_phone_given_on,consent_phone_proof_ref,consent_phone_renter_named
                r-1,PERSON,06 12 34 56 78,no,2026-03-01,2026-03-01,call-17,yes
                r-2,PERSON,06 12 34 56 79,no,2026-03-01,,,
                """);
        assertThat(run.verdicts().values()).extracting(FileEvidenceTest::outcome).containsExactly("r-1:", "r-2:NO_CONSENT");
    }

    @Test
    void aPhoneCampaignCrossing2026_08_11NeedsBothAndNamesBothColumns() {
        EvaluationRequest crossing = Requests.request(Requests.campaign(Audience.CONSUMER, Channel.PHONE).period("2026-08-05", "2026-08-20"),
                Requests.file().bloctelScrubbedOn("2026-08-01"));
        MissingEvidenceException e = refusal(crossing, "id,kind,phone,opted_out\nr-1,PERSON,06 12 34 56 78,no\n");

        assertThat(e.columns()).containsExactly("consent_phone_given_on", "bloctel_registered");
    }

    @Test
    void r1AConsumerEmailCsvWithoutTheEmailConsentColumnsIsRefused() {
        MissingEvidenceException e = refusal(EMAIL, """
                id,kind,email,opted_out,last_activity_on
                r-1,PERSON,claire@example.org,no,2026-03-01
                """);

        assertThat(e.columns()).containsExactly("consent_email_given_on");
        assertThat(e.needs()).singleElement().satisfies(n -> {
            assertThat(n.evidence()).isEqualTo(Evidence.CONSENT);
            assertThat(n.rule().ruleId()).isEqualTo("R1");
        });
        // the consent of another channel is not the campaign's
        assertThat(refusal(EMAIL, "id,kind,email,opted_out,consent_sms_given_on\nr-1,PERSON,c@example.org,no,2026-03-01\n").columns())
                .containsExactly("consent_email_given_on");
    }

    @Test
    void r1DeclaredAbsentConsentsExcludeEveryRecordWithAReasonOfItsOwn() {
        Run run = csv(EMAIL, EnumSet.of(Evidence.CONSENT), """
                id,kind,email,opted_out,last_activity_on
                r-1,PERSON,claire@example.org,no,2026-03-01
                """);

        assertThat(run.verdicts().values()).singleElement().satisfies(v -> {
            assertThat(v.contactable()).isFalse();
            assertThat(v.reasons()).containsExactlyInAnyOrder("NO_CONSENT", "CONSENT_NOT_IN_FILE");
        });
    }

    @Test
    void declaringAbsentWhatTheCampaignDoesNotNeedChangesNothing() {
        Run run = csv(POSTAL, EnumSet.of(Evidence.BLOCTEL, Evidence.CONSENT), """
                id,kind,postal_address,opted_out,last_activity_on
                r-1,PERSON,"12 rue de la Paix, 75002 Paris",no,2026-03-01
                """);

        assertThat(run.verdicts().values()).singleElement().satisfies(v -> assertThat(v.contactable()).isTrue());
    }

    // ---- NDJSON

    static final String CONSENT = "\"consents\":[{\"channel\":\"EMAIL\",\"givenOn\":\"2026-03-01\",\"proofRef\":\"f\",\"renterNamed\":true}],"
            + "\"lastActivityOn\":\"2026-03-01\"";

    @Test
    void r20NdjsonLinesWithoutOptedOutOrWithNullAreRejectedNamingTheFieldAndCountedAsRejected() {
        Run run = run(EMAIL, Set.of(), "{\"id\":\"n-1\",\"kind\":\"PERSON\",\"email\":\"a@example.org\",\"optedOut\":false," + CONSENT + "}\n"
                + "{\"id\":\"n-2\",\"kind\":\"PERSON\",\"email\":\"b@example.org\"," + CONSENT + "}\n"
                + "{\"id\":\"n-3\",\"kind\":\"PERSON\",\"email\":\"c@example.org\",\"optedOut\":null," + CONSENT + "}\n"
                + "{\"id\":\"n-4\",\"kind\":\"PERSON\",\"email\":\"d@example.org\",\"optedOut\":true," + CONSENT + "}\n", RecordSource.Format.NDJSON);

        assertThat(run.verdicts().values()).extracting(FileEvidenceTest::outcome).containsExactly("n-1:", "n-4:OPTED_OUT");
        assertThat(run.rejected()).containsOnlyKeys(2L, 3L).allSatisfy((line, reason) -> assertThat(reason)
                .startsWith("optedOut is missing or null, and the campaign’s rules need it (R20: Every campaign needs each person's objection (opt-out))").contains("--absent optedOut"));
        BulkEvaluation.Totals t = run.result().totals();
        assertThat(t.rejected()).isEqualTo(2);
        assertThat(t.evaluated()).isEqualTo(2);
        assertThat(t.addsUp()).isTrue();
    }

    @Test
    void r20NdjsonDeclaredAbsentLinesWithoutOptedOutAreExcludedAndThoseThatSayAreKept() {
        Run run = run(EMAIL, EnumSet.of(Evidence.OPT_OUT), "{\"id\":\"n-1\",\"kind\":\"PERSON\",\"email\":\"a@example.org\",\"optedOut\":false," + CONSENT + "}\n"
                + "{\"id\":\"n-2\",\"kind\":\"PERSON\",\"email\":\"b@example.org\"," + CONSENT + "}\n", RecordSource.Format.NDJSON);

        assertThat(run.rejected()).isEmpty();
        assertThat(run.verdicts().values()).extracting(FileEvidenceTest::outcome).containsExactly("n-1:", "n-2:OPT_OUT_NOT_IN_FILE");
    }

    @Test
    void r1NdjsonLinesMustListTheirConsentsAnEmptyListSaysThereIsNone() {
        Run run = run(EMAIL, Set.of(), "{\"id\":\"n-1\",\"kind\":\"PERSON\",\"email\":\"a@example.org\",\"optedOut\":false,\"consents\":[]}\n"
                + "{\"id\":\"n-2\",\"kind\":\"PERSON\",\"email\":\"b@example.org\",\"optedOut\":false}\n"
                + "{\"id\":\"n-3\",\"kind\":\"PERSON\",\"email\":\"c@example.org\",\"optedOut\":false,\"consents\":null}\n"
                + "{\"id\":\"n-4\",\"kind\":\"PERSON\",\"email\":\"consents@example.org\",\"optedOut\":false,\"jobFunction\":\"consents\"}\n",
                RecordSource.Format.NDJSON);

        assertThat(run.verdicts().values()).extracting(FileEvidenceTest::outcome).containsExactly("n-1:NO_CONSENT");
        assertThat(run.rejected()).containsOnlyKeys(2L, 3L, 4L)
                .allSatisfy((line, reason) -> assertThat(reason).startsWith("consents is missing or null").contains("(R1: Consumer email, SMS and automated calls need"));

        Run declared = run(EMAIL, EnumSet.of(Evidence.CONSENT), "{\"id\":\"n-1\",\"kind\":\"PERSON\",\"email\":\"a@example.org\",\"optedOut\":false,\"consents\":[]}\n"
                + "{\"id\":\"n-2\",\"kind\":\"PERSON\",\"email\":\"b@example.org\",\"optedOut\":false}\n", RecordSource.Format.NDJSON);
        assertThat(declared.verdicts().values()).extracting(FileEvidenceTest::outcome)
                .containsExactly("n-1:NO_CONSENT", "n-2:CONSENT_NOT_IN_FILE|NO_CONSENT");
    }

    @Test
    void aLineLackingSeveralNeededFieldsNamesEachOnce() {
        Run run = run(PHONE_JULY, Set.of(), "{\"id\":\"n-1\",\"kind\":\"PERSON\",\"phone\":\"06 12 34 56 78\"}\n", RecordSource.Format.NDJSON);

        assertThat(run.rejected().values()).singleElement().satisfies(reason -> assertThat(reason)
                .startsWith("optedOut is missing or null").contains("; bloctelRegistered is missing or null").contains("(R5: Consumer telephone until 2026-08-10"));
    }

    // ---- the declaration

    @Test
    void formatAbsentNamesListguardFieldsAndAnUnknownOneIsRefusedAtItsPathWithTheIntendedField() {
        BulkHeader ok = new BulkHeader(POSTAL.campaign(), POSTAL.file(), new RecordsFormat(null, null, null, List.of("optedOut", "bloctelRegistered")));
        assertThat(ok.absentEvidence()).containsExactlyInAnyOrder(Evidence.OPT_OUT, Evidence.BLOCTEL);
        assertThat(new BulkHeader(POSTAL.campaign(), POSTAL.file()).absentEvidence()).isEmpty();

        BulkHeader bad = new BulkHeader(POSTAL.campaign(), POSTAL.file(), new RecordsFormat(null, null, null, List.of("opted_out", "consents", "phone")));
        assertThatThrownBy(bad::absentEvidence).isInstanceOfSatisfying(InvalidRequestException.class, e -> {
            assertThat(e.violations()).hasSize(2);
            assertThat(e.violations().get(0).path()).isEqualTo("format.absent[0]");
            assertThat(e.violations().get(0).message()).isEqualTo("’opted_out’ is not evidence a file can be declared not to hold; did you mean "
                    + "’optedOut’? Use one of optedOut, consents, bloctelRegistered");
            assertThat(e.violations().get(1).path()).isEqualTo("format.absent[2]");
            assertThat(e.violations().get(1).message()).isEqualTo("’phone’ is not evidence a file can be declared not to hold: use one of "
                    + "optedOut, consents, bloctelRegistered");
        });
    }

    @Test
    void theCsvColumnsAreTheHeadersAndNdjsonHasNone() throws IOException {
        try (RecordSource csv = RecordSource.open(new ByteArrayInputStream("ID;Kind;Opted_Out\n".getBytes(StandardCharsets.UTF_8)), RecordSource.Format.CSV);
             RecordSource ndjson = RecordSource.open(new ByteArrayInputStream("{}\n".getBytes(StandardCharsets.UTF_8)), RecordSource.Format.NDJSON)) {
            assertThat(csv.columns()).containsExactly("id", "kind", "opted_out");
            assertThat(ndjson.columns()).isNull();
        }
    }
}
