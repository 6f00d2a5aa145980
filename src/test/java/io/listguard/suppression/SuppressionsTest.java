package io.listguard.suppression;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.audit.Pseudonymiser;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RecordKind;
import io.listguard.lifecycle.TestDatabases;
import io.listguard.suppression.Suppressions.Kind;
import io.listguard.suppression.Suppressions.NewSuppression;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** The suppression list in the database: on H2, and on PostgreSQL where LISTGUARD_TEST_POSTGRES_URL points to one. */
class SuppressionsTest {

    static List<TestDatabases.Database> databases() {
        return TestDatabases.all();
    }

    private static void on(TestDatabases.Database db, Consumer<Context> test) {
        try {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            Pseudonymiser pseudonymiser = new Pseudonymiser("test-secret-0123456789".getBytes());
            io.listguard.audit.SubjectRights rights = new io.listguard.audit.SubjectRights(
                    new org.springframework.jdbc.core.JdbcTemplate(db.dataSource()), pseudonymiser, tools.jackson.databind.json.JsonMapper.builder().build());
            test.accept(new Context(jdbc, new Suppressions(jdbc, pseudonymiser, rights,
                    new io.listguard.audit.AuditChain(new org.springframework.jdbc.core.JdbcTemplate(db.dataSource())),
                    new org.springframework.transaction.support.TransactionTemplate(
                            new org.springframework.jdbc.datasource.DataSourceTransactionManager(db.dataSource())),
                    new org.springframework.jdbc.core.JdbcTemplate(db.dataSource())), pseudonymiser, rights));
        } finally {
            db.drop().run();
        }
    }

    private record Context(JdbcClient jdbc, Suppressions suppressions, Pseudonymiser pseudonymiser, io.listguard.audit.SubjectRights rights) {
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void addFindAndAddAgainKeepsTheFirstSuppression(TestDatabases.Database db) {
        on(db, c -> {
            Suppressions suppressions = c.suppressions();
            Instant before = Instant.now().truncatedTo(ChronoUnit.SECONDS);
            assertThat(suppressions.add(Kind.EMAIL, "Claire.Martin@Example.org ", "objected by reply", "campaign CMP-7", "alice")).isTrue();
            assertThat(suppressions.add(Kind.EMAIL, "claire.martin@example.org", "second time", "hotline", "bob")).isFalse();
            assertThat(suppressions.count()).isEqualTo(1);

            Suppressions.Suppression found = suppressions.find(Kind.EMAIL, "CLAIRE.MARTIN@example.org").orElseThrow();
            assertThat(found.kind()).isEqualTo(Kind.EMAIL);
            assertThat(found.reason()).isEqualTo("objected by reply");
            assertThat(found.source()).isEqualTo("campaign CMP-7");
            assertThat(found.createdBy()).isEqualTo("alice");
            assertThat(found.createdAt()).isAfterOrEqualTo(before).isBefore(Instant.now().plusSeconds(1));
            assertThat(found.identifierHash()).matches("[0-9a-f]{64}");
            assertThat(suppressions.find(Kind.EMAIL, "someone.else@example.org")).isEmpty();
            assertThat(suppressions.find(Kind.PHONE, "claire.martin@example.org")).isEmpty();

            assertThat(suppressions.add(Kind.PHONE, "06 12 34 56 78", "objected on the phone", "hotline", "bob")).isTrue();
            assertThat(suppressions.find(Kind.PHONE, "+33612345678")).isPresent();
            assertThat(suppressions.find(Kind.PHONE, "06.12.34.56.78")).isPresent();
            assertThat(suppressions.add(Kind.PHONE, "+33 6 12 34 56 78", "again", "hotline", "bob")).isFalse();

            String stored = c.jdbc().sql("select * from suppression").query().listOfRows().toString();
            assertThat(stored).doesNotContainIgnoringCase("claire").doesNotContain("612345678").doesNotContain("12 34");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void addAllCountsNewAndAlreadySuppressedAcrossChunksAndRepeats(TestDatabases.Database db) {
        on(db, c -> {
            Suppressions suppressions = c.suppressions();
            suppressions.add(Kind.EMAIL, "p7@example.org", "earlier", "hotline", "alice");
            List<NewSuppression> entries = new ArrayList<>();
            for (int i = 0; i < 1_200; i++) {
                entries.add(new NewSuppression(Kind.EMAIL, "p" + i + "@example.org", "objected", "import"));
            }
            entries.add(new NewSuppression(Kind.EMAIL, "P3@EXAMPLE.ORG", "repeated in the list", "import"));
            entries.add(new NewSuppression(Kind.PHONE, "0612345678", "objected", "import"));
            entries.add(new NewSuppression(Kind.PHONE, "+33 6 12 34 56 78", "repeated, other spelling", "import"));

            Suppressions.AddResult result = suppressions.addAll(entries, "bob");

            assertThat(result.added()).isEqualTo(1_200); // 1,199 new emails and one phone
            assertThat(result.alreadySuppressed()).isEqualTo(3); // p7 stored before, P3 and the phone repeated
            assertThat(suppressions.count()).isEqualTo(1_201);
            assertThat(suppressions.find(Kind.EMAIL, "p7@example.org").orElseThrow().reason()).isEqualTo("earlier");
            assertThat(suppressions.find(Kind.EMAIL, "p3@example.org").orElseThrow().reason()).isEqualTo("objected");
            assertThat(suppressions.find(Kind.PHONE, "+33612345678").orElseThrow().createdBy()).isEqualTo("bob");

            Suppressions.AddResult again = suppressions.addAll(entries.subList(0, 10), "carol");
            assertThat(again).isEqualTo(new Suppressions.AddResult(0, 10));
            assertThat(suppressions.addAll(List.of(), "carol")).isEqualTo(new Suppressions.AddResult(0, 0));
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void removalIsForCorrectionOnlyAndIsKept(TestDatabases.Database db) {
        on(db, c -> {
            Suppressions suppressions = c.suppressions();
            suppressions.add(Kind.EMAIL, "typo@exmaple.org", "objected", "hotline", "alice");
            suppressions.add(Kind.PHONE, "0612345678", "objected", "hotline", "alice");

            assertThat(suppressions.removeForCorrection(Kind.EMAIL, "Typo@Exmaple.org", "keyed in with a typo, see ticket 42", "bob")).isTrue();
            assertThat(suppressions.removeForCorrection(Kind.EMAIL, "typo@exmaple.org", "again", "bob")).isFalse();
            assertThat(suppressions.removeForCorrection(Kind.EMAIL, "never@example.org", "not there", "bob")).isFalse();
            assertThat(suppressions.find(Kind.EMAIL, "typo@exmaple.org")).isEmpty();
            assertThat(suppressions.find(Kind.PHONE, "+33612345678")).isPresent();
            assertThat(suppressions.count()).isEqualTo(1);

            List<Map<String, Object>> removals = c.jdbc().sql("select identifier_hash, kind, justification, removed_by, removed_at from suppression_removal")
                    .query().listOfRows();
            assertThat(removals).hasSize(1);
            Map<String, Object> removal = removals.get(0);
            assertThat(removal.get("identifier_hash")).isEqualTo(suppressions.hash(Kind.EMAIL, "typo@exmaple.org"));
            assertThat(removal.get("kind")).isEqualTo("EMAIL");
            assertThat(removal.get("justification")).isEqualTo("keyed in with a typo, see ticket 42");
            assertThat(removal.get("removed_by")).isEqualTo("bob");
            assertThat(removal.get("removed_at")).isNotNull();
            assertThat(removals.toString()).doesNotContain("typo@");

            // suppressed again later: a new suppression, the earlier correction stays on record
            assertThat(suppressions.add(Kind.EMAIL, "typo@exmaple.org", "objected for real", "letter", "carol")).isTrue();
            assertThat(c.jdbc().sql("select count(*) from suppression_removal").query(Long.class).single()).isEqualTo(1L);
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void suppressedRecordIdsMatchByEmailOrPhoneAcrossChunks(TestDatabases.Database db) {
        on(db, c -> {
            Suppressions suppressions = c.suppressions();
            List<ProspectRecord> records = new ArrayList<>();
            records.add(null);
            for (int i = 0; i < 1_100; i++) { // 1,100 emails and 1,100 phones: more than four chunks of 500 hashes
                records.add(record("r-" + i, "person" + i + "@example.org", String.format("+3361%07d", i)));
            }
            records.add(record("no-contact", null, null));
            records.add(record("blank-contact", " ", ""));
            records.add(record("same-email-as-r-42", "PERSON42@example.org ", null));

            assertThat(suppressions.suppressedRecordIds(records)).isEmpty();

            suppressions.add(Kind.EMAIL, "person42@example.org", "objected", "hotline", "alice");
            suppressions.add(Kind.EMAIL, "person1099@example.org", "objected", "hotline", "alice");
            suppressions.add(Kind.PHONE, "06 10 00 07 77", "objected", "hotline", "alice"); // r-777's phone, spelled differently
            suppressions.add(Kind.PHONE, "+33610000999", "objected", "hotline", "alice");
            suppressions.add(Kind.EMAIL, "person999@example.org", "objected", "hotline", "alice"); // r-999 both: once
            suppressions.add(Kind.EMAIL, "not-in-the-file@example.org", "objected", "hotline", "alice");

            assertThat(suppressions.suppressedRecordIds(records))
                    .containsExactlyInAnyOrder("r-42", "same-email-as-r-42", "r-1099", "r-777", "r-999");
            assertThat(suppressions.suppressedRecordIds(List.of())).isEmpty();
            assertThat(suppressions.suppressedRecordIds(Arrays.asList(record("r-x", "someone@example.org", "0610000777"))))
                    .containsExactly("r-x");
        });
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aPostalAddressIsOneEntryHoweverItIsSpelledAndExcludesTheRecordThatCarriesIt(TestDatabases.Database db) {
        on(db, c -> {
            Suppressions suppressions = c.suppressions();
            assertThat(suppressions.add(Kind.ADDRESS, "12 bd Voltaire, 75011 Paris", "objected by letter", "letter 2026-04-02", "alice")).isTrue();
            assertThat(suppressions.add(Kind.ADDRESS, "12, BOULEVARD VOLTAIRE 75011 PARIS", "again", "hotline", "bob"))
                    .as("the same address spelled otherwise is already suppressed").isFalse();
            assertThat(suppressions.count()).isEqualTo(1);
            Suppressions.Suppression found = suppressions.find(Kind.ADDRESS, "12 Bd. Voltaire - 75011  Paris").orElseThrow();
            assertThat(found.kind()).isEqualTo(Kind.ADDRESS);
            assertThat(found.reason()).isEqualTo("objected by letter");
            assertThat(suppressions.find(Kind.ADDRESS, "14 bd Voltaire, 75011 Paris")).as("another number").isEmpty();
            assertThat(suppressions.find(Kind.EMAIL, "12 bd Voltaire, 75011 Paris")).isEmpty();

            suppressions.add(Kind.ADDRESS, "3 r. de l'Église, 69002 Lyon", "objected", "hotline", "alice");
            List<ProspectRecord> records = List.of(
                    record("same-person-other-spelling", "zoe@example.org", null, "12, Boulevard Voltaire, 75011 PARIS"),
                    record("accents-and-abbreviation", null, "0611111111", "3 RUE DE L EGLISE 69002 LYON"),
                    record("another-address", "paul@example.org", null, "12 avenue Voltaire, 75011 Paris"),
                    record("no-address", "other@example.org", null, null));
            assertThat(suppressions.suppressedRecordIds(records)).containsExactlyInAnyOrder("same-person-other-spelling", "accents-and-abbreviation");

            assertThat(suppressions.removeForCorrection(Kind.ADDRESS, "12 BD VOLTAIRE 75011 PARIS", "keyed in for the wrong person, ticket 7", "bob")).isTrue();
            assertThat(suppressions.find(Kind.ADDRESS, "12 bd Voltaire, 75011 Paris")).isEmpty();
            assertThat(c.jdbc().sql("select kind from suppression_removal").query(String.class).single()).isEqualTo("ADDRESS");

            String stored = c.jdbc().sql("select * from suppression").query().listOfRows().toString()
                    + c.jdbc().sql("select * from suppression_removal").query().listOfRows();
            assertThat(stored).doesNotContainIgnoringCase("voltaire").doesNotContainIgnoringCase("eglise")
                    .doesNotContainIgnoringCase("glise").doesNotContain("75011").doesNotContain("69002");
        });
    }

    /**
     * Issue 17: a job outside the service bars, from the export and the key alone, exactly the records the service
     * bars: the same records through Suppressions (database) and through HashedSuppressionList (the export) give
     * equal Barred sets, suppressions and restrictions of every kind, a record both suppressed and restricted too.
     */
    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void theExportBarsOutsideTheServiceExactlyWhatTheServiceBars(TestDatabases.Database db) {
        on(db, c -> {
            Suppressions suppressions = c.suppressions();
            suppressions.add(Kind.EMAIL, "claire.martin@example.org", "objected", "hotline", "alice");
            suppressions.add(Kind.PHONE, "06 10 00 07 77", "objected", "hotline", "alice");
            suppressions.add(Kind.ADDRESS, "12 bd Voltaire, 75011 Paris", "objected by letter", "letter", "alice");
            suppressions.add(Kind.EMAIL, "not-in-the-file@example.org", "objected", "hotline", "alice");
            io.listguard.audit.SubjectRights rights = c.rights();
            rights.restrict(rights.subject("paul@example.org", null, null), "contests accuracy", "GDPR art. 18(1)(a)", "dpo");
            rights.restrict(rights.subject(null, "+33699999999", "3 r. de l'Église, 69002 Lyon"), "objection pending", "GDPR art. 18(1)(d)", "dpo");
            rights.restrict(rights.subject("claire.martin@example.org", null, null), "contests accuracy", "GDPR art. 18(1)(a)", "dpo");
            long lifted = rights.restrict(rights.subject("lifted@example.org", null, null), "contests accuracy", "GDPR art. 18(1)(a)", "dpo").id();
            rights.lift(lifted, "accuracy verified", "dpo");

            List<ProspectRecord> records = new ArrayList<>(List.of(
                    record("suppressed-email", "Claire.Martin@Example.org ", null),
                    record("suppressed-phone", "x@example.org", "+33610000777"),
                    record("suppressed-address", null, null, "12, BOULEVARD VOLTAIRE 75011 PARIS"),
                    record("restricted-email", "PAUL@example.org", "0611111111"),
                    record("restricted-phone", null, "06 99 99 99 99"),
                    record("restricted-address", "a@example.org", null, "3 RUE DE L EGLISE 69002 LYON"),
                    record("lifted", "lifted@example.org", null),
                    record("clear", "someone@example.org", "0622222222", "1 place Bellecour, 69002 Lyon"),
                    record("blank", "", " ", null)));
            records.add(null);

            java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
            Suppressions.ExportCounts counts = suppressions.export(out);
            String export = out.toString(java.nio.charset.StandardCharsets.UTF_8);
            assertThat(counts.suppressed()).isEqualTo(4);
            assertThat(counts.restricted()).as("four hashes under active restrictions, the lifted one not").isEqualTo(4);
            assertThat(export.lines().toList()).hasSize(1 + 4 + 4).first().isEqualTo("bar,kind,identifier_hash");
            assertThat(export).doesNotContainIgnoringCase("claire").doesNotContainIgnoringCase("voltaire").doesNotContain("610000777")
                    .doesNotContainIgnoringCase("paul").doesNotContain("+336");
            assertThat(export.lines().skip(1)).allMatch(l -> l.matches("(SUPPRESSED|RESTRICTED),(EMAIL|PHONE|ADDRESS),[0-9a-f]{64}"));

            io.listguard.domain.IdentifierHashes key = new io.listguard.domain.IdentifierHashes("test-secret-0123456789".getBytes());
            io.listguard.evaluation.HashedSuppressionList outside;
            try {
                outside = io.listguard.evaluation.HashedSuppressionList.read(key, new java.io.StringReader(export));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(outside.keyId()).isEqualTo(counts.keyId()).isEqualTo(suppressions.keyId()).matches("[0-9a-f]{16}");

            io.listguard.evaluation.SuppressionList.Barred inService = suppressions.barred(records);
            assertThat(inService.suppressed()).containsExactlyInAnyOrder("suppressed-email", "suppressed-phone", "suppressed-address");
            assertThat(inService.restricted()).containsExactlyInAnyOrder("restricted-email", "restricted-phone", "restricted-address", "suppressed-email");
            assertThat(outside.barred(records)).isEqualTo(inService);
            assertThat(outside.suppressedRecordIds(records)).isEqualTo(suppressions.suppressedRecordIds(records));

            io.listguard.evaluation.HashedSuppressionList otherKey;
            try {
                otherKey = io.listguard.evaluation.HashedSuppressionList.read(
                        new io.listguard.domain.IdentifierHashes("another-secret-012345".getBytes()), new java.io.StringReader(export));
            } catch (java.io.IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
            assertThat(otherKey.keyId()).as("a wrong key is told by its id").isNotEqualTo(counts.keyId());
            assertThat(otherKey.barred(records)).as("and bars nobody").isEqualTo(new io.listguard.evaluation.SuppressionList.Barred(java.util.Set.of(), java.util.Set.of()));
        });
    }

    private static ProspectRecord record(String id, String email, String phone) {
        return record(id, email, phone, null);
    }

    private static ProspectRecord record(String id, String email, String phone, String address) {
        return new ProspectRecord(id, RecordKind.PERSON, email, phone, address, null, null, null, null, null, null, null, null, null, null);
    }
}
