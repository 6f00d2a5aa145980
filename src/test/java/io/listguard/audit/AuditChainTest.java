package io.listguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.lifecycle.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DataSourceTransactionManager;
import org.springframework.transaction.support.TransactionTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit chain on H2 and, where LISTGUARD_TEST_POSTGRES_URL is set, on PostgreSQL: evaluations written through the
 * group commit and a bulk stream (resumed once) verify, with a signed checkpoint; then each tampering done directly in
 * the database with JDBC (a row edited, a row deleted, rows swapped, chain entries swapped or edited, the tail cut
 * after a checkpoint, a forged signature, a row slipped in) is reported at the right first broken link. A retention
 * purge leaves tombstones: the chain still verifies, and a row deleted outside it is caught.
 */
class AuditChainTest {

    @TempDir
    static Path keys;

    static Stream<String> databases() {
        return TestDatabases.kinds();
    }

    record Db(JdbcTemplate jdbc, TransactionTemplate tx, javax.sql.DataSource dataSource, AuditStore store, ChainCheckpoints checkpoints,
              SigningKey key) {
        ChainVerifier.Report verify() throws Exception {
            try (Connection c = dataSource.getConnection()) {
                return new ChainVerifier(c, key.publicKey()).verify();
            }
        }
    }

    private static void on(String kind, Consumer<Db> test) {
        TestDatabases.Staged staged = TestDatabases.migratedTo(kind, null);
        JdbcTemplate jdbc = new JdbcTemplate(staged.dataSource());
        TransactionTemplate tx = new TransactionTemplate(new DataSourceTransactionManager(staged.dataSource()));
        AuditStore store = new AuditStore(jdbc, tx);
        SigningKey key = SigningKey.resolve(null, keys);
        ChainCheckpoints checkpoints = new ChainCheckpoints(jdbc, tx, key, new ChainProperties(1000, Duration.ofMinutes(15), Duration.ofMinutes(1),
                null));
        try {
            test.accept(new Db(jdbc, tx, staged.dataSource(), store, checkpoints, key));
        } finally {
            store.close();
            staged.drop().run();
        }
    }

    private static AuditStore.RecordRow row(long seq, String id) {
        return new AuditStore.RecordRow(seq, id, seq % 2 == 0, seq % 2 == 0 ? List.of() : List.of("OPTED_OUT", "with, comma \t\\N"),
                List.of("CONSENT"), ChainDigests.sha256(("e" + id).getBytes()), seq == 1 ? null : ChainDigests.sha256(("p" + id).getBytes()),
                ChainDigests.sha256(("a" + id).getBytes()));
    }

    private static AuditStore.EvaluationRows evaluation(String id, Instant at, int records) {
        List<AuditStore.RecordRow> rows = new ArrayList<>();
        for (int i = 0; i < records; i++) {
            rows.add(row(i, "r-" + i + (i == 2 ? " é 🙂\nnew line" : "")));
        }
        return new AuditStore.EvaluationRows(new AuditStore.EvaluationRow(id, at, "caller", "CMP-7", "F-12", "v1", "sha256:abc", "APPROVED",
                records, records / 2, records - records / 2, "{\"records\":[]}", "{\"evaluationId\":\"" + id + "\"}"), List.of("OPTED_OUT"), rows);
    }

    /** e1..e4 (seq 1 to 4) through the group commit, e1 and e2 made long ago; a bulk job (seq 5), resumed once; a checkpoint at 5. */
    private static void seed(Db db) {
        Instant old = Instant.parse("2020-01-01T10:00:00.123456789Z");
        db.store().write(evaluation("e1", old, 3));
        db.store().write(evaluation("e2", old.plusSeconds(1), 3));
        db.store().write(evaluation("e3", Instant.now(), 3));
        db.store().write(evaluation("e4", Instant.now(), 3));
        db.store().insertEvaluation(new AuditStore.EvaluationRow("job", Instant.now(), "caller", "CMP-7", "F-12", "v1", "sha256:abc", "RUNNING",
                0, 0, 0, "{}", "{}"));
        AuditStore.RecordStream first = db.store().openRecords("job", 2);
        for (int i = 0; i < 5; i++) {
            first.add(row(i, "b-" + i));
        }
        first.flush();
        first.close();
        db.store().keepRecords("job", 3); // a resumed job: rows 3 and 4 written again
        AuditStore.RecordStream resumed = db.store().openRecords("job", 2, 3);
        for (int i = 3; i < 7; i++) {
            resumed.add(row(i, "b-" + i));
        }
        resumed.finish();
        db.store().complete("job", List.of("OPTED_OUT"), "APPROVED", 7, 4, 3, "{\"summary\":7}", Instant.now(), resumed.recordsDigest());
        assertThat(db.checkpoints().checkpoint()).isEqualTo(5);
    }

    private static void expect(Db db, long seq, String kind, String ref, String code) {
        try {
            ChainVerifier.Problem p = db.verify().firstProblem();
            assertThat(p).as("a problem").isNotNull();
            assertThat(p.code()).isEqualTo(code);
            assertThat(p.seq()).isEqualTo(seq);
            assertThat(p.kind()).isEqualTo(kind);
            assertThat(p.ref()).isEqualTo(ref);
            assertThat(ChainVerifier.describe(io.listguard.domain.Messages.FRENCH, p)).startsWith("entrée " + seq + " (" + kind);
        } catch (Exception e) {
            throw new AssertionError(e);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anUntouchedTrailVerifies(String kind) {
        on(kind, db -> {
            seed(db);
            try {
                ChainVerifier.Report report = db.verify();
                assertThat(report.firstProblem()).isNull();
                assertThat(report.entries()).isEqualTo(5);
                assertThat(report.checkpoints()).isEqualTo(1);
                assertThat(report.lastCheckpointSeq()).isEqualTo(5);
                assertThat(db.jdbc().queryForList("select kind from audit_chain order by seq", String.class)).containsOnly("EVALUATION");
            } catch (Exception e) {
                throw new AssertionError(e);
            }
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aRowEditedInTheDatabaseIsTheFirstBrokenLink(String kind) {
        on(kind, db -> {
            seed(db);
            db.jdbc().update("update evaluation_record set contactable = not contactable where evaluation_id = 'e3' and seq = 1");
            expect(db, 3, "EVALUATION", "e3", "audit.verify.content");
            db.jdbc().update("update evaluation set excluded = excluded + 1 where id = 'e2'");
            expect(db, 2, "EVALUATION", "e2", "audit.verify.content");
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aBulkRecordRowEditedIsCaught(String kind) {
        on(kind, db -> {
            seed(db);
            db.jdbc().update("update evaluation_record set reasons = '' where evaluation_id = 'job' and seq = 5");
            expect(db, 5, "EVALUATION", "job", "audit.verify.content");
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aDeletedRowIsCaught(String kind) {
        on(kind, db -> {
            seed(db);
            db.jdbc().update("delete from evaluation_record where evaluation_id = 'e4' and seq = 2");
            expect(db, 4, "EVALUATION", "e4", "audit.verify.content");
            db.jdbc().update("delete from evaluation_code where evaluation_id = 'e3'");
            db.jdbc().update("delete from evaluation_record where evaluation_id = 'e3'");
            db.jdbc().update("delete from evaluation where id = 'e3'");
            expect(db, 3, "EVALUATION", "e3", "audit.verify.missing");
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void swappedRowsAndSwappedEntriesAreCaught(String kind) {
        on(kind, db -> {
            seed(db);
            db.jdbc().update("update evaluation_record set seq = -1 where evaluation_id = 'e4' and seq = 0");
            db.jdbc().update("update evaluation_record set seq = 0 where evaluation_id = 'e4' and seq = 1");
            db.jdbc().update("update evaluation_record set seq = 1 where evaluation_id = 'e4' and seq = -1");
            expect(db, 4, "EVALUATION", "e4", "audit.verify.content");

            // entries 2 and 3 change places (each keeps its own columns, under the other's seq)
            db.jdbc().update("update audit_chain set seq = -2 where seq = 2");
            db.jdbc().update("update audit_chain set seq = 2 where seq = 3");
            db.jdbc().update("update audit_chain set seq = 3 where seq = -2");
            expect(db, 2, "EVALUATION", "e3", "audit.verify.link");
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void anEditedEntryIsCaught(String kind) {
        on(kind, db -> {
            seed(db);
            db.jdbc().update("update audit_chain set ref = 'e9' where seq = 2");
            expect(db, 2, "EVALUATION", "e9", "audit.verify.hash");
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aTailCutAfterACheckpointIsCaughtEvenWithTheHeadRewound(String kind) {
        on(kind, db -> {
            seed(db);
            db.jdbc().update("delete from audit_chain where seq > 3");
            Map<String, Object> three = db.jdbc().queryForMap("select entry_hash from audit_chain where seq = 3");
            db.jdbc().update("update audit_chain_head set seq = 3, entry_hash = ? where id = 1", three.get("entry_hash"));
            db.jdbc().update("delete from evaluation_code where evaluation_id in ('e4', 'job')");
            db.jdbc().update("delete from evaluation_record where evaluation_id in ('e4', 'job')");
            db.jdbc().update("delete from evaluation where id in ('e4', 'job')");
            expect(db, 4, "CHECKPOINT", "5", "audit.verify.truncated");
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aForgedCheckpointAndAnEvaluationSlippedInAreCaught(String kind) {
        on(kind, db -> {
            seed(db);
            db.jdbc().update("insert into evaluation (id, evaluated_at, caller, campaign_id, file_id, policy_version_id, policy_hash, decision, "
                    + "total_records, contactable, excluded, request_gz, result_gz) select 'forged', evaluated_at, caller, campaign_id, file_id, "
                    + "policy_version_id, policy_hash, decision, total_records, contactable, excluded, request_gz, result_gz from evaluation where id = 'e1'");
            try {
                ChainVerifier.Problem p = db.verify().firstProblem();
                assertThat(p.code()).isEqualTo("audit.verify.unchained");
                assertThat(p.ref()).isEqualTo("forged");
                assertThat(p.seq()).isNull();
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            byte[] other = SigningKey.resolve(null, keys.resolve("other")).sign(new byte[] {1});
            db.jdbc().update("update audit_checkpoint set signature = ? where seq = 5", (Object) other);
            expect(db, 5, "CHECKPOINT", "5", "audit.verify.checkpoint.signature");
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aPurgeLeavesTombstonesThatVerifyAndARowDeletedOutsideItIsCaught(String kind) {
        on(kind, db -> {
            seed(db);
            AuditTrail trail = new AuditTrail(db.jdbc(), JsonMapper.builder().build(),
                    new SubjectRights(db.jdbc(), new Pseudonymiser("test-secret-0123456789".getBytes()), JsonMapper.builder().build()));
            Integer purged = db.tx().execute(s -> trail.purgeBefore(Instant.parse("2021-01-01T00:00:00Z")));
            assertThat(purged).isEqualTo(2);
            try {
                ChainVerifier.Report report = db.verify();
                assertThat(report.firstProblem()).isNull();
                assertThat(report.entries()).isEqualTo(6);
                assertThat(db.jdbc().queryForList("select removed_by from audit_chain where seq in (1, 2)", Long.class)).containsOnly(6L);
            } catch (Exception e) {
                throw new AssertionError(e);
            }
            assertThat(db.checkpoints().checkpoint()).isEqualTo(6);
            db.jdbc().update("delete from evaluation_record where evaluation_id = 'e3'");
            db.jdbc().update("delete from evaluation_code where evaluation_id = 'e3'");
            db.jdbc().update("delete from evaluation where id = 'e3'");
            expect(db, 3, "EVALUATION", "e3", "audit.verify.missing");
            db.jdbc().update("update audit_chain set removed_by = 6 where seq = 3"); // passing it off as purged
            expect(db, 6, "PURGE", "2021-01-01T00:00:00Z", "audit.verify.content");
        });
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theSigningKeyIsGeneratedOnceWithMode0600(String kind) throws Exception {
        Path dir = keys.resolve("gen-" + kind);
        SigningKey first = SigningKey.resolve(null, dir);
        SigningKey again = SigningKey.resolve(null, dir);
        assertThat(SigningKey.text(again.publicKey())).isEqualTo(SigningKey.text(first.publicKey()));
        assertThat(java.nio.file.attribute.PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve("audit-signing.key"))))
                .isEqualTo("rw-------");
    }
}
