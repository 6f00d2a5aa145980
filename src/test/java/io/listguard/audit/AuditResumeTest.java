package io.listguard.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.BundledPolicy;
import io.listguard.Requests;
import io.listguard.bulk.BulkEvaluation;
import io.listguard.bulk.Checkpoint;
import io.listguard.bulk.RecordSource;
import io.listguard.bulk.SyntheticFile;
import io.listguard.bulk.VerdictFiles;
import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.DecisionRecorder;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.PolicyVersionRef;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.Summary;
import io.listguard.evaluation.SuppressionList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.stream.LongStream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bulk job's recording resumed after an interruption, on H2 and (where LISTGUARD_TEST_POSTGRES_URL is set)
 * PostgreSQL: {@code resume(id, k)} keeps exactly the first k record rows, the next rows follow them (seq from 0, no
 * gap, no repeat), and a completed resumed job holds each record once; a whole file stopped and resumed through
 * {@link BulkEvaluation} leaves the same rows as a run never interrupted.
 */
class AuditResumeTest {

    static final EvaluationRequest HEADER = Requests.request(Requests.campaign(Audience.CONSUMER, Channel.EMAIL).offer("CHILDCARE"));
    static final PolicyVersionRef POLICY = new PolicyVersionRef("v1", "sha256:test");

    @TempDir
    Path dir;

    static List<String> databases() {
        return AuditStoreTest.databases().toList();
    }

    static AuditWriter writer(AuditStore store) {
        return new AuditWriter(store, new Pseudonymiser("a test secret of enough bytes!!!".getBytes(StandardCharsets.UTF_8)),
                JsonMapper.builder().build());
    }

    static List<ProspectRecord> records(int n) throws IOException {
        ByteArrayOutputStream csv = new ByteArrayOutputStream();
        SyntheticFile.write(csv, n * 2L, 3);
        List<ProspectRecord> records = new ArrayList<>();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(csv.toByteArray()), RecordSource.Format.CSV)) {
            var line = source.next();
            for (; line != null && records.size() < n; line = source.next()) {
                if (!line.rejected()) {
                    records.add(line.record());
                }
            }
        }
        assertThat(records).hasSize(n);
        return records;
    }

    static List<RecordVerdict> verdicts(List<ProspectRecord> records) {
        return records.stream().map(r -> new RecordVerdict(r.id(), r.id().hashCode() % 3 == 0, List.of(), List.of())).toList();
    }

    static void give(DecisionRecorder.Recording recording, List<ProspectRecord> records, int from, int to) {
        for (int i = from; i < to; i += 700) {
            List<ProspectRecord> part = records.subList(i, Math.min(to, i + 700));
            recording.records(part, verdicts(part));
        }
    }

    static long rows(AuditStoreTest.Db db, String id) {
        return db.jdbc().queryForObject("select count(*) from evaluation_record where evaluation_id = ?", Long.class, id);
    }

    static List<String> recordIdsBySeq(AuditStoreTest.Db db, String id) {
        return db.jdbc().queryForList("select record_id from evaluation_record where evaluation_id = ? order by seq", String.class, id);
    }

    static List<Long> seqs(AuditStoreTest.Db db, String id) {
        return db.jdbc().queryForList("select seq from evaluation_record where evaluation_id = ? order by seq", Long.class, id);
    }

    static EvaluationResult outcome(String id, int total) {
        return new EvaluationResult(id, Instant.now(), POLICY, io.listguard.domain.Decision.APPROVED, List.of(), new Summary(total, total, 0, Map.of()),
                null, List.of());
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aResumedRecordingKeepsExactlyItsFirstRowsAndContinuesTheirNumbering(String name) throws IOException {
        AuditStoreTest.Db db = AuditStoreTest.open(name, null);
        AuditStore store = new AuditStore(db.jdbc(), db.tx());
        try {
            int n = 12_345;
            int kept = 7_321;
            List<ProspectRecord> records = records(n);
            DecisionRecorder.Recording first = writer(store).open("job", "crm", HEADER.campaign(), HEADER.file(), POLICY);
            give(first, records, 0, 11_000);
            first.flush();
            assertThat(rows(db, "job")).as("every row given is committed once flushed").isEqualTo(11_000);

            // the service stopped; another one resumes the job from a checkpoint taken at 7,321 records
            AuditWriter other = writer(store);
            assertThatThrownBy(() -> other.resume("job", 11_001)).isInstanceOf(IllegalStateException.class).hasMessageContaining("11000");
            assertThat(rows(db, "job")).as("a refused resume changes nothing").isEqualTo(11_000);
            DecisionRecorder.Recording resumed = other.resume("job", kept);
            assertThat(rows(db, "job")).isEqualTo(kept);
            assertThat(seqs(db, "job")).containsExactlyElementsOf(LongStream.range(0, kept).boxed().toList());
            assertThat(db.jdbc().queryForObject("select decision from evaluation where id = 'job'", String.class)).isEqualTo("RUNNING");

            give(resumed, records, kept, n);
            resumed.complete(outcome("job", n));

            assertThat(seqs(db, "job")).as("seq 0 to n-1, no gap, no repeat").containsExactlyElementsOf(LongStream.range(0, n).boxed().toList());
            assertThat(recordIdsBySeq(db, "job")).as("each record once, in input order").containsExactlyElementsOf(
                    records.stream().map(ProspectRecord::id).toList());
            assertThat(db.jdbc().queryForObject("select decision from evaluation where id = 'job'", String.class)).isEqualTo("APPROVED");
            assertThatThrownBy(() -> other.resume("job", n)).as("a completed evaluation is not resumed").isInstanceOf(IllegalStateException.class);
            assertThatThrownBy(() -> other.resume("nothing", 0)).isInstanceOf(IllegalStateException.class);
        } finally {
            store.close();
            db.drop().run();
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void theSameWriterResumesItsOwnStreamAfterItsPendingRowsLanded(String name) throws IOException {
        AuditStoreTest.Db db = AuditStoreTest.open(name, null);
        AuditStore store = new AuditStore(db.jdbc(), db.tx());
        try {
            List<ProspectRecord> records = records(6_000);
            AuditWriter writer = writer(store);
            DecisionRecorder.Recording first = writer.open("job", "crm", HEADER.campaign(), HEADER.file(), POLICY);
            give(first, records, 0, 5_600); // one batch of 5,000 on its way, 600 waiting
            first.flush();
            DecisionRecorder.Recording resumed = writer.resume("job", 0);
            assertThat(rows(db, "job")).isZero();
            give(resumed, records, 0, records.size());
            resumed.complete(outcome("job", records.size()));
            assertThat(recordIdsBySeq(db, "job")).containsExactlyElementsOf(records.stream().map(ProspectRecord::id).toList());
        } finally {
            store.close();
            db.drop().run();
        }
    }

    /** The rows of an evaluation as the trail holds them, by seq: everything but the evaluation id. */
    static List<String> stored(AuditStoreTest.Db db, String id) {
        return db.jdbc().queryForList("select seq, record_id, contactable, reasons, legal_bases, email_hash, phone_hash, address_hash "
                + "from evaluation_record where evaluation_id = ? order by seq", id).stream().map(row -> {
                    StringBuilder text = new StringBuilder();
                    row.values().forEach(v -> text.append(v instanceof byte[] b ? java.util.HexFormat.of().formatHex(b) : String.valueOf(v)).append('|'));
                    return text.toString();
                }).toList();
    }

    BulkEvaluation.Result bulk(byte[] csv, VerdictFiles files, DecisionRecorder.Recording recording, BulkEvaluation.Resumption resumption)
            throws IOException {
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(csv), RecordSource.Format.CSV); files) {
            return new BulkEvaluation(BundledPolicy.evaluator(), SuppressionList.NONE, 50, 3).run(HEADER.campaign(), HEADER.file(), Set.of(), source,
                    files, (r, e, j) -> {
                    }, recording, resumption);
        }
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aWholeFileStoppedAfterItsCheckpointAndResumedLeavesTheRowsOfAnUninterruptedRun(String name) throws IOException {
        AuditStoreTest.Db db = AuditStoreTest.open(name, null);
        AuditStore store = new AuditStore(db.jdbc(), db.tx());
        try {
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            SyntheticFile.write(out, 2_500, 5);
            byte[] csv = out.toByteArray();
            AuditWriter writer = writer(store);

            DecisionRecorder.Recording reference = writer.open("ref", "crm", HEADER.campaign(), HEADER.file(), POLICY);
            BulkEvaluation.Result uninterrupted = bulk(csv, VerdictFiles.create(dir.resolve("ref.csv"), dir.resolve("ref-errors.csv")), reference,
                    BulkEvaluation.Resumption.NONE);
            reference.complete(uninterrupted.asEvaluation("ref"));

            // checkpoints after every batch; the run goes on past the fourth, then stops: resumed from the fourth
            List<Checkpoint> committed = new ArrayList<>();
            AtomicInteger asked = new AtomicInteger();
            DecisionRecorder.Recording job = writer.open("job", "crm", HEADER.campaign(), HEADER.file(), POLICY);
            Path verdicts = dir.resolve("records.csv");
            Path errors = dir.resolve("errors.csv");
            assertThatThrownBy(() -> bulk(csv, VerdictFiles.create(verdicts, errors), job,
                    new BulkEvaluation.Resumption(null, Duration.ZERO, committed::add, () -> asked.incrementAndGet() > 20)))
                    .isInstanceOf(BulkEvaluation.Stopped.class);
            Checkpoint checkpoint = committed.get(3);
            assertThat(rows(db, "job")).as("rows beyond the checkpoint").isGreaterThan(checkpoint.evaluated());
            assertThat(rows(db, "job")).as("every checkpoint's rows committed before it was told")
                    .isGreaterThanOrEqualTo(committed.get(committed.size() - 1).evaluated());

            DecisionRecorder.Recording resumed = writer(store).resume("job", checkpoint.evaluated());
            BulkEvaluation.Result result = bulk(csv, VerdictFiles.resume(verdicts, errors, checkpoint), resumed,
                    new BulkEvaluation.Resumption(checkpoint, Duration.ZERO, null, null));
            resumed.complete(result.asEvaluation("job"));

            assertThat(stored(db, "job")).as("the same rows, hashes and verdicts, in the same order").isEqualTo(stored(db, "ref"))
                    .hasSize((int) uninterrupted.totals().evaluated());
            assertThat(result.totals()).isEqualTo(uninterrupted.totals());
            assertThat(result.decision()).isEqualTo(uninterrupted.decision());
            assertThat(Files.readAllBytes(verdicts)).isEqualTo(Files.readAllBytes(dir.resolve("ref.csv")));
            assertThat(Files.readAllBytes(errors)).isEqualTo(Files.readAllBytes(dir.resolve("ref-errors.csv")));
        } finally {
            store.close();
            db.drop().run();
        }
    }
}
