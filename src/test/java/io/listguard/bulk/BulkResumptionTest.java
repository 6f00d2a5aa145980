package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.BundledPolicy;
import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.DecisionRecorder;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.RunTotals;
import io.listguard.evaluation.SuppressionList;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;
import tools.jackson.databind.DeserializationFeature;
import tools.jackson.databind.json.JsonMapper;

/**
 * A bulk evaluation checkpointed, stopped or "crashed", and resumed from its checkpoint into the same files: the
 * verdict and error files come out byte for byte as those of a run never interrupted, the recording holds each record
 * once in input order, and the totals and decision are those of the whole file; for CSV, NDJSON and XLSX.
 */
class BulkResumptionTest {

    static final int BATCH = 50;
    static final int WORKERS = 3;

    /** The same records in each format: a few thousand lines, rejected ones scattered among them. */
    static final Map<RecordSource.Format, byte[]> FILES = new java.util.EnumMap<>(RecordSource.Format.class);

    @TempDir
    Path dir;

    @BeforeAll
    static void files() throws IOException {
        long[] bad = new long[1];
        byte[] csv = BulkEvaluationTest.synthetic(3_000, 11, bad);
        assertThat(bad[0]).as("rejected lines in the file").isGreaterThan(100);
        FILES.put(RecordSource.Format.CSV, csv);
        FILES.put(RecordSource.Format.NDJSON, ndjson(csv));
        FILES.put(RecordSource.Format.XLSX, xlsx(csv, 1_200));
    }

    /** Each good CSV line as the JSON API's record, each rejected one as a line the NDJSON reader rejects too. */
    static byte[] ndjson(byte[] csv) throws IOException {
        JsonMapper json = JsonMapper.builder().disable(DeserializationFeature.FAIL_ON_UNKNOWN_PROPERTIES).build();
        StringBuilder out = new StringBuilder();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(csv), RecordSource.Format.CSV)) {
            ParsedLine line;
            int n = 0;
            while ((line = source.next()) != null) {
                n++;
                if (line.rejected()) {
                    out.append(n % 2 == 0 ? "{\"id\":\"bad-" + n + "\",\"kind\":\"ROBOT\"}" : "{not json").append('\n');
                } else {
                    out.append(json.writeValueAsString(line.record())).append('\n');
                }
            }
        }
        return out.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** The first {@code rows} lines of the CSV file as a workbook of text cells (an empty field: no cell). */
    static byte[] xlsx(byte[] csv, int rows) {
        List<List<?>> sheet = new ArrayList<>();
        try (de.siegmar.fastcsv.reader.CsvReader<de.siegmar.fastcsv.reader.CsvRecord> reader = de.siegmar.fastcsv.reader.CsvReader.builder()
                .allowExtraFields(true).allowMissingFields(true).ofCsvRecord(new String(csv, StandardCharsets.UTF_8))) {
            for (de.siegmar.fastcsv.reader.CsvRecord record : reader) {
                if (sheet.size() > rows) {
                    break;
                }
                sheet.add(record.getFields().stream().map(f -> f.isEmpty() ? null : f).toList());
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return XlsxFiles.workbook().sheet("Records", sheet.toArray(List<?>[]::new)).bytes();
    }

    /** A recording kept in memory, as the audit trail keeps it: rows in order, cut back on resume. */
    static final class Rows implements DecisionRecorder.Recording {
        final List<String> rows = new ArrayList<>();
        int flushes;

        Rows resume(long kept) {
            assertThat((long) rows.size()).as("rows recorded before the checkpoint").isGreaterThanOrEqualTo(kept);
            rows.subList((int) kept, rows.size()).clear();
            return this;
        }

        @Override
        public void records(List<ProspectRecord> records, List<RecordVerdict> verdicts) {
            assertThat(records).hasSameSizeAs(verdicts);
            for (int i = 0; i < verdicts.size(); i++) {
                assertThat(records.get(i).id()).isEqualTo(verdicts.get(i).id());
                rows.add(verdicts.get(i).id() + " " + verdicts.get(i).contactable() + " " + verdicts.get(i).reasons());
            }
        }

        @Override
        public void flush() {
            flushes++;
        }

        @Override
        public void complete(EvaluationResult outcome) {
        }

        @Override
        public void discard() {
        }
    }

    /** One run's outcome: its result, or the checkpoint it stopped at. */
    record Outcome(BulkEvaluation.Result result, Checkpoint stoppedAt) {
    }

    Path verdicts() {
        return dir.resolve("records.csv");
    }

    Path errors() {
        return dir.resolve("errors.csv");
    }

    static Outcome run(RecordSource.Format format, VerdictFiles files, Rows rows, BulkEvaluation.Resumption resumption) {
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(FILES.get(format)), format); files) {
            return new Outcome(new BulkEvaluation(BundledPolicy.evaluator(), SuppressionList.NONE, BATCH, WORKERS)
                    .run(BulkEvaluationTest.HEADER.campaign(), BulkEvaluationTest.HEADER.file(), Set.of(), source, files, (r, e, j) -> {
                    }, rows, resumption), null);
        } catch (BulkEvaluation.Stopped stopped) {
            return new Outcome(null, stopped.checkpoint());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The run never interrupted, into files of its own. */
    record Reference(BulkEvaluation.Result result, byte[] verdicts, byte[] errors, List<String> rows, List<Checkpoint> checkpoints) {
    }

    Reference reference(RecordSource.Format format) throws IOException {
        Path v = dir.resolve("reference-records.csv");
        Path e = dir.resolve("reference-errors.csv");
        Rows rows = new Rows();
        List<Checkpoint> checkpoints = new ArrayList<>();
        BulkEvaluation.Result result = run(format, VerdictFiles.create(v, e), rows,
                new BulkEvaluation.Resumption(null, Duration.ZERO, checkpoints::add, null)).result();
        assertThat(result.totals().addsUp()).isTrue();
        assertThat(result.totals().rejected()).as("rejected lines").isGreaterThan(20);
        assertThat(result.totals().evaluated()).isGreaterThan(20L * BATCH);
        return new Reference(result, Files.readAllBytes(v), Files.readAllBytes(e), List.copyOf(rows.rows), checkpoints);
    }

    /** Stops when asked for the {@code n}th time, i.e. at the {@code n}th batch boundary. */
    static BooleanSupplier stopAt(int n) {
        AtomicInteger asked = new AtomicInteger();
        return () -> asked.incrementAndGet() >= n;
    }

    void assertSameAsReference(Reference reference, BulkEvaluation.Result result, Rows rows) throws IOException {
        assertThat(Files.readAllBytes(verdicts())).as("records.csv, byte for byte").isEqualTo(reference.verdicts());
        assertThat(Files.readAllBytes(errors())).as("errors.csv, byte for byte").isEqualTo(reference.errors());
        assertThat(rows.rows).as("each record recorded once, in input order").isEqualTo(reference.rows());
        assertThat(result.totals()).isEqualTo(reference.result().totals());
        assertThat(result.totals().addsUp()).isTrue();
        assertThat(result.decision()).isEqualTo(reference.result().decision());
        assertThat(result.summary()).isEqualTo(reference.result().summary());
        assertThat(result.findings()).isEqualTo(reference.result().findings());
    }

    @ParameterizedTest
    @EnumSource(RecordSource.Format.class)
    void aRunStoppedAtABatchBoundaryAndResumedWritesTheFilesOfAnUninterruptedRun(RecordSource.Format format) throws IOException {
        Reference reference = reference(format);
        Rows rows = new Rows();
        List<Checkpoint> committed = new ArrayList<>();

        Outcome stopped = run(format, VerdictFiles.create(verdicts(), errors()), rows,
                new BulkEvaluation.Resumption(null, Duration.ofHours(1), committed::add, stopAt(9)));

        Checkpoint checkpoint = stopped.stoppedAt();
        assertThat(checkpoint).as("stopped, not finished").isNotNull();
        assertThat(committed).as("one checkpoint: the one it stopped at (an hour between two)").containsExactly(checkpoint);
        assertThat(checkpoint.evaluated()).isEqualTo(rows.rows.size());
        assertThat(checkpoint.linesRead()).isGreaterThan(9L * BATCH).isLessThan(reference.result().totals().linesRead());
        assertThat(Files.size(verdicts())).isEqualTo(checkpoint.verdictBytes());
        assertThat(Files.size(errors())).isEqualTo(checkpoint.errorBytes());
        assertConsistentPrefix(reference, checkpoint);
        assertThat(rows.rows).isEqualTo(reference.rows().subList(0, rows.rows.size()));

        BulkEvaluation.Result resumed = run(format, VerdictFiles.resume(verdicts(), errors(), checkpoint), rows.resume(checkpoint.evaluated()),
                new BulkEvaluation.Resumption(checkpoint, null, null, null)).result();

        assertSameAsReference(reference, resumed, rows);
    }

    @ParameterizedTest
    @EnumSource(RecordSource.Format.class)
    void aRunThatWentOnPastItsCheckpointResumesFromItAsIfItHadStoppedThere(RecordSource.Format format) throws IOException {
        Reference reference = reference(format);
        Rows rows = new Rows();
        List<Checkpoint> committed = new ArrayList<>();

        // every batch checkpointed; the run goes on after the fifth, then "crashes" (stops) many batches later
        Outcome crashed = run(format, VerdictFiles.create(verdicts(), errors()), rows,
                new BulkEvaluation.Resumption(null, Duration.ZERO, committed::add, stopAt(18)));
        assertThat(crashed.stoppedAt()).isNotNull();
        Checkpoint earlier = committed.get(4);
        assertThat(Files.size(verdicts())).as("verdicts written after the checkpoint").isGreaterThan(earlier.verdictBytes());
        assertThat(Files.size(errors())).as("rejections written after the checkpoint").isGreaterThan(earlier.errorBytes());
        assertThat((long) rows.rows.size()).as("rows recorded after the checkpoint").isGreaterThan(earlier.evaluated());
        // and a torn write at the end of each file, longer than anything the run writes after its checkpoint
        byte[] torn = "9999,torn row without its end".repeat(40_000).getBytes(StandardCharsets.UTF_8);
        Files.write(verdicts(), torn, java.nio.file.StandardOpenOption.APPEND);
        Files.write(errors(), torn, java.nio.file.StandardOpenOption.APPEND);

        BulkEvaluation.Result resumed = run(format, VerdictFiles.resume(verdicts(), errors(), earlier), rows.resume(earlier.evaluated()),
                new BulkEvaluation.Resumption(earlier, Duration.ZERO, null, null)).result();

        assertSameAsReference(reference, resumed, rows);
    }

    @Test
    void aRunStoppedTwiceAndResumedTwiceEndsTheSame() throws IOException {
        Reference reference = reference(RecordSource.Format.CSV);
        Rows rows = new Rows();
        Checkpoint first = run(RecordSource.Format.CSV, VerdictFiles.create(verdicts(), errors()), rows,
                new BulkEvaluation.Resumption(null, null, null, stopAt(3))).stoppedAt();
        Checkpoint second = run(RecordSource.Format.CSV, VerdictFiles.resume(verdicts(), errors(), first), rows.resume(first.evaluated()),
                new BulkEvaluation.Resumption(first, null, null, stopAt(20))).stoppedAt();
        assertThat(second.line()).isGreaterThan(first.line());
        assertThat(second.totals()).isEqualTo(first.totals().merge(totalsBetween(reference, first, second)));

        BulkEvaluation.Result done = run(RecordSource.Format.CSV, VerdictFiles.resume(verdicts(), errors(), second), rows.resume(second.evaluated()),
                new BulkEvaluation.Resumption(second, null, null, null)).result();

        assertSameAsReference(reference, done, rows);
    }

    /** The totals of the lines between two checkpoints, computed from the reference's verdict and error rows. */
    static RunTotals totalsBetween(Reference reference, Checkpoint from, Checkpoint to) {
        List<RecordVerdict> verdicts = new ArrayList<>();
        for (String row : rows(reference.verdicts())) {
            List<String> f = BulkEvaluationTest.fields(row);
            long line = Long.parseLong(f.get(0));
            if (line > from.line() && line <= to.line()) {
                verdicts.add(new RecordVerdict(f.get(1), Boolean.parseBoolean(f.get(2)), f.get(3).isEmpty() ? List.of() : Arrays.asList(f.get(3).split("\\|")),
                        List.of()));
            }
        }
        long rejected = rows(reference.errors()).stream().mapToLong(r -> Long.parseLong(BulkEvaluationTest.fields(r).get(0)))
                .filter(line -> line > from.line() && line <= to.line()).count();
        return RunTotals.of(verdicts).merge(RunTotals.rejectedLines(rejected));
    }

    static List<String> rows(byte[] file) {
        List<String> lines = new String(file, StandardCharsets.UTF_8).lines().toList();
        return lines.subList(1, lines.size());
    }

    /**
     * Every checkpoint cuts both files of the reference at a row boundary, after exactly the lines up to its line:
     * the verdicts and rejections there are those of lines up to it, and the next rows are of lines after it.
     */
    static void assertConsistentPrefix(Reference reference, Checkpoint checkpoint) {
        assertPrefix(reference.verdicts(), checkpoint.verdictBytes(), checkpoint.evaluated(), checkpoint.line());
        assertPrefix(reference.errors(), checkpoint.errorBytes(), checkpoint.rejected(), checkpoint.line());
    }

    private static void assertPrefix(byte[] file, long bytes, long rows, long line) {
        String text = new String(file, StandardCharsets.UTF_8);
        String prefix = new String(Arrays.copyOf(file, (int) bytes), StandardCharsets.UTF_8);
        assertThat(prefix).endsWith("\n");
        List<String> before = rows(prefix.getBytes(StandardCharsets.UTF_8));
        assertThat((long) before.size()).as("rows before the checkpoint").isEqualTo(rows);
        if (!before.isEmpty()) {
            assertThat(Long.parseLong(BulkEvaluationTest.fields(before.get(before.size() - 1)).get(0))).isLessThanOrEqualTo(line);
        }
        String after = text.substring(prefix.length());
        if (!after.isEmpty()) {
            assertThat(Long.parseLong(BulkEvaluationTest.fields(after.lines().findFirst().orElseThrow()).get(0))).isGreaterThan(line);
        }
    }

    @Test
    void everyCheckpointIsAConsistentCutOfTheFilesAndTheRecordingAndNoneRepeats() throws IOException {
        Reference reference = reference(RecordSource.Format.CSV);

        List<Checkpoint> checkpoints = reference.checkpoints();
        assertThat(checkpoints).hasSizeGreaterThan(30);
        for (int i = 0; i < checkpoints.size(); i++) {
            Checkpoint c = checkpoints.get(i);
            assertConsistentPrefix(reference, c);
            assertThat(c.totals().records()).isEqualTo(c.evaluated());
            if (i > 0) {
                assertThat(c.line()).as("a checkpoint only when something new was written").isGreaterThan(checkpoints.get(i - 1).line());
            }
        }
        Checkpoint lastOne = checkpoints.get(checkpoints.size() - 1);
        assertThat(lastOne.linesRead()).isEqualTo(reference.result().totals().linesRead());
        assertThat(lastOne.verdictBytes()).isEqualTo(reference.verdicts().length);
        assertThat(lastOne.errorBytes()).isEqualTo(reference.errors().length);
    }

    @Test
    void theCheckpointedFilesAreThoseOfTheStreamsTheCliWrites() throws IOException {
        Reference reference = reference(RecordSource.Format.CSV);
        ByteArrayOutputStream v = new ByteArrayOutputStream();
        ByteArrayOutputStream e = new ByteArrayOutputStream();
        BulkEvaluation.Result result;
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(FILES.get(RecordSource.Format.CSV)), RecordSource.Format.CSV);
             VerdictFiles files = new VerdictFiles(v, e)) {
            result = new BulkEvaluation(BundledPolicy.evaluator(), SuppressionList.NONE, 500, 1).run(BulkEvaluationTest.HEADER.campaign(),
                    BulkEvaluationTest.HEADER.file(), source, files, files, (r, x, j) -> {
                    });
        }
        assertThat(v.toByteArray()).isEqualTo(reference.verdicts());
        // the job's errors.csv keeps each reason's codes in a third column (issue 16), which the API leaves out
        assertThat(new String(e.toByteArray(), StandardCharsets.UTF_8)).isEqualTo(reasons(reference.errors()));
        assertThat(result.totals()).isEqualTo(reference.result().totals());
    }

    /** A job's errors.csv as the API hands it out: its line and reason columns. */
    private static String reasons(byte[] jobErrors) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (var reader = de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(new String(jobErrors, StandardCharsets.UTF_8));
             CsvExport csv = new CsvExport(out, 1 << 14)) {
            for (var row : reader) {
                assertThat(row.getFields()).hasSize(3);
                csv.row(row.getFields().subList(0, 2));
            }
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    @Test
    void aStopBeforeAnyBatchIsWrittenIsACheckpointAtTheStart() throws IOException {
        Reference reference = reference(RecordSource.Format.CSV);
        Rows rows = new Rows();
        List<Checkpoint> committed = new ArrayList<>();
        // asked at the first boundary, with two batches in flight at most per worker: those are written, then it stops
        Checkpoint c = run(RecordSource.Format.CSV, VerdictFiles.create(verdicts(), errors()), rows,
                new BulkEvaluation.Resumption(null, null, committed::add, () -> true)).stoppedAt();
        assertThat(committed).containsExactly(c);
        assertThat(c.evaluated()).isEqualTo(rows.rows.size()).isLessThanOrEqualTo(BATCH);
        assertThat(rows.flushes).as("the recording flushed before the checkpoint was told").isEqualTo(1);
        assertConsistentPrefix(reference, c);

        BulkEvaluation.Result done = run(RecordSource.Format.CSV, VerdictFiles.resume(verdicts(), errors(), c), rows.resume(c.evaluated()),
                new BulkEvaluation.Resumption(c, null, null, null)).result();
        assertSameAsReference(reference, done, rows);
    }

    @Test
    void aCheckpointSurvivesAJsonRoundTrip() {
        Checkpoint checkpoint = new Checkpoint(812, 760, 720, 40, 90_112, 1_534,
                RunTotals.of(List.of(new RecordVerdict("a", false, List.of("NO_CONSENT", "OPTED_OUT"), List.of()))).merge(
                        new RunTotals(719, 300, 40, Map.of("NO_CONSENT", 419L))));
        JsonMapper json = JsonMapper.builder().build();

        String text = json.writeValueAsString(checkpoint);
        Checkpoint back = json.readValue(text, Checkpoint.class);

        assertThat(back).isEqualTo(checkpoint);
        assertThat(back.totals().excludedBy()).containsExactly(Map.entry("NO_CONSENT", 420L), Map.entry("OPTED_OUT", 1L));
        assertThat(text).contains("\"verdictBytes\":90112");
    }

    @Test
    void aCheckpointThatDoesNotAddUpIsRefused() {
        assertThatThrownBy(() -> new Checkpoint(10, 9, 5, 3, 100, 20, new RunTotals(5, 2, 3, Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> new Checkpoint(10, 8, 5, 3, 100, 20, new RunTotals(6, 2, 3, Map.of())))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void filesShorterThanTheirCheckpointOrMissingCannotBeResumed() throws IOException {
        Rows rows = new Rows();
        Checkpoint c = run(RecordSource.Format.CSV, VerdictFiles.create(verdicts(), errors()), rows,
                new BulkEvaluation.Resumption(null, null, null, stopAt(5))).stoppedAt();
        Files.write(verdicts(), Arrays.copyOf(Files.readAllBytes(verdicts()), (int) c.verdictBytes() - 1));

        assertThatThrownBy(() -> VerdictFiles.resume(verdicts(), errors(), c)).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("records.csv");
        Files.delete(errors());
        assertThatThrownBy(() -> VerdictFiles.resume(dir.resolve("other.csv"), errors(), c)).isInstanceOf(IllegalStateException.class);
        assertThat(Files.size(verdicts())).as("left as it was").isEqualTo(c.verdictBytes() - 1);
    }

    @Test
    void aCheckpointOfAnotherFileIsRefusedOnResume() throws IOException {
        Rows rows = new Rows();
        Checkpoint c = run(RecordSource.Format.CSV, VerdictFiles.create(verdicts(), errors()), rows,
                new BulkEvaluation.Resumption(null, null, null, stopAt(5))).stoppedAt();
        Checkpoint wrong = new Checkpoint(c.line(), c.linesRead() + 1, c.evaluated() + 1, c.rejected(), c.verdictBytes(), c.errorBytes(),
                c.totals().merge(RunTotals.of(List.of(new RecordVerdict("x", true, List.of(), List.of())))));

        assertThatThrownBy(() -> run(RecordSource.Format.CSV, VerdictFiles.resume(verdicts(), errors(), wrong), rows,
                new BulkEvaluation.Resumption(wrong, null, null, null))).isInstanceOf(IllegalStateException.class)
                .hasMessageContaining("cannot resume");
    }

    @Test
    void newVerdictFilesAreReadableByTheirOwnerOnly() throws IOException {
        VerdictFiles.create(verdicts(), errors()).close();
        if (Files.getFileStore(dir).supportsFileAttributeView("posix")) {
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(verdicts()))).isEqualTo("rw-------");
            assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(errors()))).isEqualTo("rw-------");
        }
        assertThat(Files.readString(verdicts())).isEqualTo(VerdictFiles.VERDICT_HEADER + "\n");
        assertThat(Files.readString(errors())).isEqualTo(VerdictFiles.JOB_ERROR_HEADER + "\n"); // a job's file keeps the reasons' codes
    }
}
