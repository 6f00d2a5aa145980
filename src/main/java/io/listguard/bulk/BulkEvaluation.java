package io.listguard.bulk;

import io.listguard.domain.Campaign;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.RentedFile;
import io.listguard.evaluation.DecisionRecorder;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.EvaluationRun;
import io.listguard.evaluation.Evaluator;
import io.listguard.rules.Evidence;
import io.listguard.evaluation.Finding;
import io.listguard.evaluation.PolicyVersionRef;
import io.listguard.evaluation.RecordVerdict;
import io.listguard.evaluation.RunTotals;
import io.listguard.evaluation.Summary;
import io.listguard.evaluation.SuppressionList;
import io.listguard.evaluation.TraceEntry;
import io.listguard.domain.Decision;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Evaluates a whole records file with bounded memory: the calling thread reads and parses lines into batches,
 * workers evaluate the batches (one session each, over the shared KieBase), and verdicts are handed to the sink in
 * input order. At most {@code 2 x workers} batches are in flight, whatever the file size. A malformed line goes to
 * the reject sink with its line number; totals always add up: lines read = contactable + excluded + rejected.
 */
public final class BulkEvaluation {

    /**
     * Counts of a run as a job reports them; {@link #addsUp()} is the "nothing lost" invariant: lines counted as
     * read and verdicts counted as written against the run's merged {@link RunTotals}.
     */
    public record Totals(long linesRead, long evaluated, long rejected, long contactable, long excluded) {
        public boolean addsUp() {
            return linesRead == contactable + excluded + rejected && evaluated == contactable + excluded;
        }
    }

    /** What a finished file evaluation concludes. */
    public record Result(PolicyVersionRef policyVersion, Decision decision, List<Finding> findings, Summary summary, Totals totals,
                         List<String> warnings, List<TraceEntry> trace, Instant startedAt, Instant finishedAt) {

        /** The outcome as an evaluation's answer (without per-record verdicts), as it is recorded and told to the listeners. */
        public EvaluationResult asEvaluation(String evaluationId) {
            return new EvaluationResult(evaluationId, finishedAt, policyVersion, decision, findings, summary, null, trace);
        }
    }

    /** Receives verdicts in input order, from one thread. {@code decidingRules} name the rows and DRL rules that decided. */
    @FunctionalInterface
    public interface VerdictSink {
        void write(long line, RecordVerdict verdict, List<String> decidingRules);
    }

    /** Receives rejected lines in input order. */
    @FunctionalInterface
    public interface RejectSink {
        void write(long line, String reason);
    }

    /** Told of progress after every batch. */
    @FunctionalInterface
    public interface Progress {
        void update(long linesRead, long evaluated, long rejected);
    }

    private final Evaluator evaluator;
    private final SuppressionList suppressions;
    private final int batchSize;
    private final int workers;

    public BulkEvaluation(Evaluator evaluator, SuppressionList suppressions, int batchSize, int workers) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        this.evaluator = evaluator;
        this.suppressions = suppressions;
        this.batchSize = batchSize;
        this.workers = Math.max(1, workers);
    }

    /** {@code notInFile}: per record, the needed evidence declared absent that it leaves blank ({@link FileEvidence}). */
    private record Batch(long[] lines, List<ProspectRecord> records, List<Set<Evidence>> notInFile) {
    }

    private record Done(Batch batch, EvaluationRun.BatchResult result) {
    }

    public Result run(Campaign campaign, RentedFile file, RecordSource source, VerdictSink verdicts, RejectSink rejects, Progress progress) {
        return run(campaign, file, Set.of(), source, verdicts, rejects, progress, DecisionRecorder.Recording.NONE);
    }

    /**
     * Evaluates a file whose request declares {@code declaredAbsent} evidence not held by it (a bulk request's
     * {@code format.absent}, the CLI's {@code --absent}). Before any line is read, a CSV header without a column the
     * campaign's rules need, not declared absent, refuses the file ({@link MissingEvidenceException}); an NDJSON line
     * without such a field is rejected ({@link FileEvidence}). The run starts through {@link Evaluator#start}, which
     * validates the campaign and file ({@link io.listguard.evaluation.InvalidRequestException}); each batch of
     * verdicts goes to {@code recording} (the audit trail of a job) in input order, after the verdict sink.
     */
    public Result run(Campaign campaign, RentedFile file, Set<Evidence> declaredAbsent, RecordSource source, VerdictSink verdicts,
                      RejectSink rejects, Progress progress, DecisionRecorder.Recording recording) {
        EvaluationRun run = evaluator.start(new EvaluationRequest(campaign, file, List.of()), false);
        Instant started = run.startedAt();
        FileEvidence evidence = FileEvidence.check(run, campaign, declaredAbsent, source);
        boolean flagging = !evidence.declaredAbsent().isEmpty();
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Thread t = new Thread(r, "bulk-worker-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long linesRead = 0;
        long rejected = 0;
        long[] evaluated = {0, 0};
        ArrayDeque<Future<Done>> inFlight = new ArrayDeque<>();
        try {
            List<ProspectRecord> records = new ArrayList<>(batchSize);
            List<Set<Evidence>> notInFile = flagging ? new ArrayList<>(batchSize) : null;
            long[] lines = new long[batchSize];
            ParsedLine parsed;
            while ((parsed = source.next()) != null) {
                linesRead++;
                String error = parsed.rejected() ? parsed.error() : evidence.rejection(parsed);
                if (error != null) {
                    rejected++;
                    rejects.write(parsed.line(), error);
                    continue;
                }
                lines[records.size()] = parsed.line();
                records.add(parsed.record());
                if (flagging) {
                    notInFile.add(evidence.notInFile(parsed));
                }
                if (records.size() == batchSize) {
                    submit(pool, run, new Batch(lines, records, notInFile), inFlight);
                    records = new ArrayList<>(batchSize);
                    notInFile = flagging ? new ArrayList<>(batchSize) : null;
                    lines = new long[batchSize];
                    while (inFlight.size() >= 2 * workers) {
                        write(inFlight.poll(), verdicts, recording, evaluated);
                        progress.update(linesRead, evaluated[0], rejected);
                    }
                }
            }
            if (!records.isEmpty()) {
                submit(pool, run, new Batch(lines, records, notInFile), inFlight);
            }
            while (!inFlight.isEmpty()) {
                write(inFlight.poll(), verdicts, recording, evaluated);
                progress.update(linesRead, evaluated[0], rejected);
            }
        } finally {
            pool.shutdownNow();
        }
        run.include(RunTotals.rejectedLines(rejected));
        EvaluationRun.Outcome outcome = run.finish();
        Totals totals = new Totals(linesRead, evaluated[0], outcome.totals().rejected(), outcome.totals().contactable(), outcome.totals().excluded());
        if (!totals.addsUp()) {
            throw new IllegalStateException("totals do not add up: " + totals);
        }
        return new Result(evaluator.versionRef(), outcome.decision(), outcome.findings(), outcome.summary(), totals, source.warnings(),
                outcome.trace(), started, Instant.now());
    }

    private void submit(ExecutorService pool, EvaluationRun run, Batch batch, ArrayDeque<Future<Done>> inFlight) {
        inFlight.add(pool.submit(() -> new Done(batch, run.evaluateBatch(batch.records(), suppressions.suppressedRecordIds(batch.records()),
                batch.notInFile()))));
    }

    private static void write(Future<Done> future, VerdictSink verdicts, DecisionRecorder.Recording recording, long[] evaluated) {
        Done done;
        try {
            done = future.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
        List<RecordVerdict> list = done.result().verdicts();
        List<List<String>> rules = done.result().decidingRules();
        for (int i = 0; i < list.size(); i++) {
            RecordVerdict verdict = list.get(i);
            verdicts.write(done.batch().lines()[i], verdict, rules.get(i));
        }
        recording.records(done.batch().records(), list);
        evaluated[0] += list.size();
    }

}
