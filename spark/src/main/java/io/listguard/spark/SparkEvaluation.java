package io.listguard.spark;

import io.listguard.bulk.BulkEvaluation;
import io.listguard.bulk.FileEvidence;
import io.listguard.bulk.RecordSource;
import io.listguard.domain.CodedText;
import io.listguard.domain.Decision;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.UnknownFields;
import io.listguard.evaluation.EvaluationRun;
import io.listguard.evaluation.Evaluator;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.PolicyVersionRef;
import io.listguard.evaluation.RunTotals;
import io.listguard.evaluation.SuppressionList;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import org.apache.hadoop.fs.FileStatus;
import org.apache.hadoop.fs.FileSystem;
import org.apache.hadoop.fs.Path;
import org.apache.spark.TaskContext;
import org.apache.spark.api.java.JavaRDD;
import org.apache.spark.api.java.JavaSparkContext;
import org.apache.spark.broadcast.Broadcast;
import org.apache.spark.sql.SparkSession;

/**
 * A whole records file evaluated on Spark with one compiled policy (issue 17). The driver checks the campaign, the file
 * and its header as the CLI does, cuts the file into pieces of whole records ({@link FilePlan}), and each task
 * evaluates one piece through the core ({@link PieceTask}); the file-level stages run once, here, over the pieces'
 * totals merged ({@link EvaluationRun#include}), so the decision is the one the CLI reaches on the same file. The
 * output directory holds {@code verdicts/part-NNNNN.csv} and {@code errors/part-NNNNN.csv} (the CLI's columns, each
 * part with its header) once every task has succeeded, then {@code _SUMMARY.json} and {@code _SUCCESS}.
 */
final class SparkEvaluation {

    /** What the job concludes; {@code refusal}: why the file was refused as a whole (no part file is left). */
    record Outcome(Decision decision, List<Finding> findings, BulkEvaluation.Totals totals, RunTotals runTotals, List<CodedText> warnings,
                   PolicyVersionRef policyVersion, int pieces, Instant startedAt, Instant finishedAt, String applicationId, String master,
                   String refusal) {

        boolean refused() {
            return refusal != null;
        }
    }

    /** A suppression export joined rather than shipped: the HMAC secret and where the export lies (a Hadoop path). */
    record Join(byte[] secret, String export) implements java.io.Serializable {
    }

    private final SparkSession spark;
    private final Evaluator driverEvaluator;
    private final PolicyBundle policy;
    private final BarredIdentifiers suppressions;
    private final Join join;

    /**
     * {@code driverEvaluator}: the bundle's policy compiled on the driver (its file stages); {@code suppressions}: the
     * barred identifiers shipped to every task, or {@link BarredIdentifiers#NONE}; {@code join}: instead, an export
     * joined to the records ({@link SuppressionJoin}), or null.
     */
    SparkEvaluation(SparkSession spark, Evaluator driverEvaluator, PolicyBundle policy, BarredIdentifiers suppressions, Join join) {
        this.spark = spark;
        this.driverEvaluator = driverEvaluator;
        this.policy = policy;
        this.suppressions = suppressions;
        this.join = join;
    }

    Outcome run(JobSpec spec) throws IOException {
        Instant started = Instant.now();
        JavaSparkContext jsc = JavaSparkContext.fromSparkContext(spark.sparkContext());
        HadoopFiles files = new HadoopFiles(spark.sparkContext().hadoopConfiguration());
        JobSpec.Inputs inputs = spec.resolve();
        prepareOutput(files, spec.out());
        String temp = spec.out() + "/_temporary/" + spark.sparkContext().applicationId();
        Broadcast<PolicyBundle> policyShared = jsc.broadcast(policy);
        Broadcast<BarredIdentifiers> barredShared = jsc.broadcast(join == null ? suppressions : BarredIdentifiers.NONE);
        Join joining = join;
        List<PieceResult> results;
        int pieces;
        if (spec.parquet()) {
            JavaRDD<String> rows = spark.read().parquet(spec.records()).toJSON().javaRDD();
            List<Long> counts = rows.mapPartitions(it -> {
                long n = 0;
                for (; it.hasNext(); it.next()) {
                    n++;
                }
                return List.of(n).iterator();
            }).collect();
            long[] firstLine = new long[counts.size()];
            for (int i = 1; i < counts.size(); i++) {
                firstLine[i] = firstLine[i - 1] + counts.get(i - 1);
            }
            for (int i = 0; i < firstLine.length; i++) {
                firstLine[i] += 1;
            }
            pieces = counts.size();
            Broadcast<Map<Integer, SuppressionJoin.Matched>> matched = jsc.broadcast(joining == null ? Map.of()
                    : SuppressionJoin.join(jsc, joining.export(), SuppressionJoin.ofRows(rows, spec, joining.secret())));
            results = rows.mapPartitionsWithIndex((i, lines) -> List.of(PieceTask.runLines(i, firstLine[i], lines, spec, policyShared.value(),
                    barring(joining, barredShared, matched, i), files, temp, TaskContext.get().attemptNumber())).iterator(), false).collect();
        } else {
            long headerLine;
            Character separator;
            try (InputStream in = files.open(spec.records()); RecordSource source = RecordSource.open(in, spec.format(), inputs.options())) {
                // the campaign and file checked where every evaluation's are, and the header's evidence, before any task
                FileEvidence.check(driverEvaluator, inputs.header().campaign(), inputs.header().file(), inputs.absent(), source);
                headerLine = source.headerLineNumber();
                separator = source.fieldSeparator();
            }
            FilePlan plan = FilePlan.of(jsc, files, spec.records(), spec.format(), inputs.options().charset(), headerLine, separator, spec.splitBytes());
            pieces = plan.pieces.size();
            List<Integer> indices = new ArrayList<>();
            for (int i = 0; i < pieces; i++) {
                indices.add(i);
            }
            Broadcast<Map<Integer, SuppressionJoin.Matched>> matched = jsc.broadcast(joining == null || pieces == 0 ? Map.of()
                    : SuppressionJoin.join(jsc, joining.export(), jsc.parallelize(indices, pieces)
                            .flatMapToPair(i -> PieceTask.hashes(i, plan, spec, files, joining.secret()))));
            results = pieces == 0 ? List.of() : jsc.parallelize(indices, pieces).map(i -> PieceTask.run(i, plan, spec, policyShared.value(),
                    barring(joining, barredShared, matched, i), files, temp, TaskContext.get().attemptNumber())).collect();
        }
        String applicationId = spark.sparkContext().applicationId();
        String master = spark.sparkContext().master();
        PieceResult refused = results.stream().filter(PieceResult::isRefused).min(Comparator.comparingInt(PieceResult::index)).orElse(null);
        if (refused != null) {
            files.fs(spec.out()).delete(new Path(spec.out()), true);
            return new Outcome(null, List.of(), null, null, List.of(), driverEvaluator.versionRef(), pieces, started, Instant.now(), applicationId, master,
                    refused.refusal());
        }
        EvaluationRun run = driverEvaluator.start(new EvaluationRequest(inputs.header().campaign(), inputs.header().file(), List.of()), false);
        List<List<CodedText>> warnings = new ArrayList<>();
        long linesRead = 0;
        long evaluated = 0;
        List<PieceResult> ordered = results.stream().sorted(Comparator.comparingInt(PieceResult::index)).toList();
        for (PieceResult r : ordered) {
            run.include(r.totals());
            warnings.add(r.warnings());
            linesRead += r.linesRead();
            evaluated += r.evaluated();
        }
        EvaluationRun.Outcome outcome = run.finish();
        RunTotals all = outcome.totals();
        BulkEvaluation.Totals totals = new BulkEvaluation.Totals(linesRead, evaluated, all.rejected(), all.contactable(), all.excluded());
        if (!totals.addsUp()) {
            throw new IllegalStateException("totals do not add up: " + totals);
        }
        commit(files, spec.out(), temp, ordered);
        Outcome done = new Outcome(outcome.decision(), outcome.findings(), totals, all, UnknownFields.merge(warnings), driverEvaluator.versionRef(),
                pieces, started, Instant.now(), applicationId, master, null);
        JobSummary.write(files, spec, done);
        return done;
    }

    /** What a task bars its records by: the list shipped to all, or what the join matched of its piece. */
    private static SuppressionList barring(Join join, Broadcast<BarredIdentifiers> shipped, Broadcast<Map<Integer, SuppressionJoin.Matched>> matched,
                                           int piece) {
        return join == null ? shipped.value() : BarredIdentifiers.matched(join.secret(), matched.value().get(piece));
    }

    /** The output directory must be new or empty: a job never mixes its parts with another's. */
    private static void prepareOutput(HadoopFiles files, String out) throws IOException {
        FileSystem fs = files.fs(out);
        Path dir = new Path(out);
        if (fs.exists(dir)) {
            FileStatus[] inside = fs.listStatus(dir);
            if (!fs.getFileStatus(dir).isDirectory() || inside.length > 0) {
                throw new OutputExistsException(out);
            }
        }
        fs.mkdirs(dir);
    }

    /** Every task's files moved to their final names, in piece order; what failed or ran twice is dropped with the temporary folder. */
    private static void commit(HadoopFiles files, String out, String temp, List<PieceResult> results) throws IOException {
        FileSystem fs = files.fs(out);
        fs.mkdirs(new Path(out, "verdicts"));
        fs.mkdirs(new Path(out, "errors"));
        for (PieceResult r : results) {
            String part = String.format(java.util.Locale.ROOT, "part-%05d.csv", r.index());
            rename(fs, r.verdicts(), new Path(new Path(out, "verdicts"), part));
            rename(fs, r.errors(), new Path(new Path(out, "errors"), part));
        }
        fs.delete(new Path(out, "_temporary"), true);
    }

    private static void rename(FileSystem fs, String from, Path to) throws IOException {
        if (!fs.rename(new Path(from), to)) {
            throw new UncheckedIOException(new IOException("could not move " + from + " to " + to));
        }
    }

    /** An output directory that already holds files. */
    static final class OutputExistsException extends RuntimeException {
        final String path;

        OutputExistsException(String path) {
            super("the output directory " + path + " is not empty");
            this.path = path;
        }
    }
}
