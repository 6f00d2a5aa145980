package io.listguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.lifecycle.TestDatabases;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.stream.IntStream;
import java.util.stream.Stream;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail's writes on H2 and, where LISTGUARD_TEST_POSTGRES_URL is set, on PostgreSQL (COPY): values that
 * a text format must escape come back identical, compressed answers and binary hashes read back as written, and the
 * V7 migration converts the rows written in the former layout.
 */
class AuditStoreTest {

    /** A fresh schema migrated up to {@code target} (null: the latest), and how to drop it. */
    record Db(String name, JdbcTemplate jdbc, TransactionTemplate tx, Runnable drop, Flyway flyway) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<String> databases() {
        return TestDatabases.kinds();
    }

    static Db open(String name, String target) {
        TestDatabases.Staged db = TestDatabases.migratedTo(name, target);
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        return new Db(name, jdbc, new TransactionTemplate(new DataSourceTransactionManager(db.dataSource())), db.drop(), db.rest());
    }

    /** Everything a COPY text row or a comma-joined list could get wrong. */
    private static final List<String> TRICKY = List.of("plain", "with, comma", "with \"quotes\" and 'apostrophes'", "tab\there",
            "new\nline", "carriage\rreturn", "back\\slash \\N \\x00", "non-ASCII: é ß 漢字 🙂", "", " spaces ");

    private static final String RESULT_JSON = "{\"evaluationId\":\"e\",\"text\":\"Crèche, \\\"quoted\\\"\\n\\t\\\\ 🙂\"}";

    @ParameterizedTest
    @MethodSource("databases")
    void aWholeEvaluationWrittenThroughTheGroupCommitReadsBackIdentically(String name) throws IOException {
        Db db = open(name, null);
        AuditStore store = new AuditStore(db.jdbc(), db.tx());
        try {
            List<AuditStore.RecordRow> rows = trickyRows(TRICKY.size() * 3);
            store.write(evaluation("ev-1", rows));

            assertRecordsReadBack(db.jdbc(), "ev-1", rows);
            Map<String, Object> stored = db.jdbc().queryForMap("select request_gz, result_gz, decision, total_records from evaluation where id = 'ev-1'");
            assertThat(gunzip((byte[]) stored.get("result_gz"))).isEqualTo(RESULT_JSON);
            assertThat(gunzip((byte[]) stored.get("request_gz"))).isEqualTo("{\"records\":[]}");
            assertThat(stored.get("decision")).isEqualTo("APPROVED");
            assertThat(db.jdbc().queryForList("select code from evaluation_code where evaluation_id = 'ev-1' order by code", String.class))
                    .containsExactly("A, B", "SUPPRESSED");
            assertThat(((byte[]) stored.get("result_gz")).length).as("compressed").isLessThan(RESULT_JSON.length() + 30);

            // a data-subject lookup by the hex hash the service computes finds the row by its 32 bytes
            SubjectRights rights = new SubjectRights(db.jdbc(), new Pseudonymiser("test-secret-0123456789".getBytes()), JsonMapper.builder().build());
            AuditStore.RecordRow third = rows.get(2);
            List<SubjectRights.Row> found = rights.lookup(SubjectRights.Subject.ofHashes(third.emailHash(), null, null), 0, 10).items();
            assertThat(found).singleElement().satisfies(a -> {
                assertThat(a.recordId()).isEqualTo(third.recordId());
                assertThat(a.reasons()).isEqualTo(third.reasons());
            });
            assertThat(rights.lookup(SubjectRights.Subject.ofHashes(null, rows.get(1).phoneHash(), null), 0, 10).items()).hasSize(1);
        } finally {
            store.close();
            db.drop().run();
        }
    }

    /** Issue 17: an evaluation run outside the service is stored with its run's name, which the trail's lists and exports give. */
    @ParameterizedTest
    @MethodSource("databases")
    void anEvaluationRunOutsideTheServiceIsListedWithItsRun(String name) {
        Db db = open(name, null);
        AuditStore store = new AuditStore(db.jdbc(), db.tx());
        try {
            store.write(new AuditStore.EvaluationRows(new AuditStore.EvaluationRow("ext-1", Instant.now(), "alice (via spark-key)", "CMP-7", "F-12",
                    "v1", "h", "APPROVED", 10, 10, 0, "{\"records\":[]}", RESULT_JSON, "spark, application_1_0042"), List.of(), List.of()));
            store.write(evaluation("own-1", trickyRows(3)));
            AuditTrail trail = new AuditTrail(db.jdbc(), JsonMapper.builder().build(),
                    new SubjectRights(db.jdbc(), new Pseudonymiser("test-secret-0123456789".getBytes()), JsonMapper.builder().build()));
            java.util.Map<String, String> listed = new java.util.HashMap<>();
            trail.search(new AuditQuery(null, null, null, null, null, null), 0, 10).items()
                    .forEach(e -> listed.put(e.id(), String.valueOf(e.ranOutside())));
            assertThat(listed).containsEntry("ext-1", "spark, application_1_0042").containsEntry("own-1", "null");
            List<StoredEvaluation> streamed = new ArrayList<>();
            trail.stream(new AuditQuery(null, null, null, null, null, null), streamed::add);
            assertThat(streamed).anySatisfy(e -> {
                assertThat(e.id()).isEqualTo("ext-1");
                assertThat(e.ranOutside()).isEqualTo("spark, application_1_0042");
                assertThat(e.total()).isEqualTo(10);
            });
            assertThat(db.jdbc().queryForObject("select count(*) from audit_chain where ref = 'ext-1' and kind = 'EVALUATION'", Long.class)).isOne();
        } finally {
            store.close();
            db.drop().run();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void bulkRecordRowsGoInByCopyOrMultiRowInsertsAcrossStatementBoundaries(String name) throws IOException {
        Db db = open(name, null);
        AuditStore store = new AuditStore(db.jdbc(), db.tx());
        try {
            store.insertEvaluation(new AuditStore.EvaluationRow("job-1", Instant.now(), "crm", "C", "F", "v1", "h", "RUNNING", 0, 0, 0, "{}", "{}"));
            List<AuditStore.RecordRow> rows = trickyRows(AuditStore.ROWS_PER_INSERT * 2 + 7);
            store.insertRecords("job-1", rows.subList(0, 600));
            store.insertRecords("job-1", rows.subList(600, rows.size()));
            assertRecordsReadBack(db.jdbc(), "job-1", rows);

            Instant at = Instant.now().truncatedTo(ChronoUnit.MILLIS);
            store.completeEvaluation("job-1", "APPROVED_WITH_EXCLUSIONS", rows.size(), 3, rows.size() - 3, RESULT_JSON, at);
            assertThat(gunzip(db.jdbc().queryForObject("select result_gz from evaluation where id = 'job-1'", byte[].class))).isEqualTo(RESULT_JSON);
            assertThat(db.jdbc().queryForObject("select decision from evaluation where id = 'job-1'", String.class)).isEqualTo("APPROVED_WITH_EXCLUSIONS");

            store.deleteEvaluation("job-1");
            assertThat(db.jdbc().queryForObject("select count(*) from evaluation_record", Long.class)).isZero();
            assertThat(db.jdbc().queryForObject("select count(*) from evaluation", Long.class)).isZero();
        } finally {
            store.close();
            db.drop().run();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aGroupThatCannotBeCommittedFailsEveryCallerAndLeavesNothing(String name) {
        Db db = open(name, null);
        AuditStore store = new AuditStore(db.jdbc(), db.tx());
        try {
            store.write(evaluation("dup", trickyRows(2)));
            // concurrent callers: one of them collides with a stored id; whichever share its group fail with it
            List<CompletableFuture<Void>> calls = new ArrayList<>();
            for (int i = 0; i < 8; i++) {
                String id = i == 3 ? "dup" : "ok-" + i;
                calls.add(CompletableFuture.runAsync(() -> store.write(evaluation(id, trickyRows(50)))));
            }
            int failed = 0;
            for (int i = 0; i < calls.size(); i++) {
                try {
                    calls.get(i).join();
                    assertThat(db.jdbc().queryForObject("select count(*) from evaluation_record where evaluation_id = ?", Long.class, "ok-" + i))
                            .as("a caller that returned has its rows").isEqualTo(50);
                } catch (RuntimeException e) {
                    failed++;
                    if (i != 3) {
                        assertThat(db.jdbc().queryForObject("select count(*) from evaluation where id = ?", Long.class, "ok-" + i))
                                .as("a failed caller's evaluation is not in the trail").isZero();
                    }
                }
            }
            assertThat(failed).isPositive();
            assertThat(calls.get(3)).isCompletedExceptionally();
            assertThat(db.jdbc().queryForObject("select count(*) from evaluation_record where evaluation_id = 'dup'", Long.class)).isEqualTo(2);
        } finally {
            store.close();
            db.drop().run();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theMigrationConvertsRowsWrittenInTheFormerLayout(String name) throws IOException {
        Db db = open(name, "6");
        try {
            String email = "ab".repeat(32);
            String phone = "0123456789abcdef".repeat(4);
            for (int e = 0; e < 3; e++) {
                db.jdbc().update("insert into evaluation (id, evaluated_at, caller, campaign_id, file_id, policy_version_id, policy_hash, decision, "
                        + "total_records, contactable, excluded, request_json, result_json) values (?, ?, 'crm', 'CMP', 'F', 'v1', 'h', 'APPROVED', 1, 1, 0, ?, ?)",
                        "old-" + e, java.sql.Timestamp.from(Instant.now()), "{\"req\":" + e + "}", RESULT_JSON + e);
            }
            for (int seq = 0; seq < 2_500; seq++) { // more than a page of the migration
                db.jdbc().update("insert into evaluation_record (evaluation_id, seq, record_id, contactable, reasons, legal_bases, email_hash, phone_hash, "
                        + "address_hash) values ('old-1', ?, ?, false, 'SUPPRESSED,NO_CONSENT', 'CONSENT_REQUIRED', ?, ?, null)",
                        seq, "r, \"" + seq + "\"", seq % 2 == 0 ? email : null, phone);
            }
            db.flyway().migrate();

            for (int e = 0; e < 3; e++) {
                Map<String, Object> row = db.jdbc().queryForMap("select request_gz, result_gz from evaluation where id = ?", "old-" + e);
                assertThat(gunzip((byte[]) row.get("request_gz"))).isEqualTo("{\"req\":" + e + "}");
                assertThat(gunzip((byte[]) row.get("result_gz"))).isEqualTo(RESULT_JSON + e);
            }
            assertThat(db.jdbc().queryForObject("select count(*) from evaluation_record where phone_hash = ?", Long.class,
                    HexFormat.of().parseHex(phone))).isEqualTo(2_500);
            assertThat(db.jdbc().queryForObject("select count(*) from evaluation_record where email_hash = ?", Long.class,
                    HexFormat.of().parseHex(email))).isEqualTo(1_250);
            assertThat(db.jdbc().queryForObject("select count(*) from evaluation_record where email_hash is null and address_hash is null", Long.class))
                    .isEqualTo(1_250);
            assertThat(db.jdbc().queryForObject("select record_id from evaluation_record where seq = 7", String.class)).isEqualTo("r, \"7\"");
            // and the service reads them: the lookup the data-subject endpoint runs
            SubjectRights rights = new SubjectRights(db.jdbc(), new Pseudonymiser("test-secret-0123456789".getBytes()), JsonMapper.builder().build());
            assertThat(rights.lookup(SubjectRights.Subject.ofHashes(HexFormat.of().parseHex(email), null, null), 0, 500).total()).isEqualTo(1_250);
            assertThat(rights.lookup(SubjectRights.Subject.ofHashes(HexFormat.of().parseHex(email), null, null), 0, 500).items()).allSatisfy(a -> assertThat(a.reasons()).containsExactly("SUPPRESSED", "NO_CONSENT"));
        } finally {
            db.drop().run();
        }
    }

    private static AuditStore.EvaluationRows evaluation(String id, List<AuditStore.RecordRow> rows) {
        return new AuditStore.EvaluationRows(new AuditStore.EvaluationRow(id, Instant.now(), "crm", "CMP, \"7\"", "F\t1", "v1", "h", "APPROVED",
                rows.size(), rows.size(), 0, "{\"records\":[]}", RESULT_JSON), List.of("SUPPRESSED", "A, B"), rows);
    }

    private static List<AuditStore.RecordRow> trickyRows(int n) {
        return IntStream.range(0, n).mapToObj(i -> {
            String t = TRICKY.get(i % TRICKY.size());
            byte[] email = hash("email" + i);
            return new AuditStore.RecordRow(i, "r-" + i + " " + t, i % 3 == 0, i % 3 == 0 ? List.of() : List.of("SUPPRESSED", t.isEmpty() ? "X" : t.replace(",", ";")),
                    i % 2 == 0 ? List.of("CONSENT_REQUIRED") : List.of("OPT_OUT", "EXISTING_CONTRACT"), email,
                    i % 4 == 0 ? null : hash("phone" + i), i % 5 == 0 ? hash("address" + i) : null);
        }).toList();
    }

    private static byte[] hash(String s) {
        return new Pseudonymiser("0123456789abcdef0123".getBytes(StandardCharsets.UTF_8)).emailHmac(s + "@example.org");
    }

    private static void assertRecordsReadBack(JdbcTemplate jdbc, String id, List<AuditStore.RecordRow> rows) {
        List<AuditStore.RecordRow> read = jdbc.query("select seq, record_id, contactable, reasons, legal_bases, email_hash, phone_hash, address_hash "
                + "from evaluation_record where evaluation_id = ? order by seq", (rs, i) -> new AuditStore.RecordRow(rs.getLong(1), rs.getString(2),
                rs.getBoolean(3), rs.getString(4).isEmpty() ? List.of() : List.of(rs.getString(4).split(",")),
                List.of(rs.getString(5).split(",")), rs.getBytes(6), rs.getBytes(7), rs.getBytes(8)), id);
        assertThat(read).hasSize(rows.size());
        for (int i = 0; i < rows.size(); i++) {
            AuditStore.RecordRow want = rows.get(i);
            AuditStore.RecordRow got = read.get(i);
            assertThat(got.seq()).isEqualTo(want.seq());
            assertThat(got.recordId()).isEqualTo(want.recordId());
            assertThat(got.contactable()).isEqualTo(want.contactable());
            assertThat(got.reasons()).isEqualTo(want.reasons());
            assertThat(got.legalBases()).isEqualTo(want.legalBases());
            assertThat(got.emailHash()).isEqualTo(want.emailHash()).hasSize(32);
            assertThat(got.phoneHash()).isEqualTo(want.phoneHash());
            assertThat(got.addressHash()).isEqualTo(want.addressHash());
        }
    }

    private static String gunzip(byte[] stored) throws IOException {
        return new String(AuditStore.gunzip(stored).readAllBytes(), StandardCharsets.UTF_8);
    }
}
