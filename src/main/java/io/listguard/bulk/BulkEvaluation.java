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
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import java.util.function.Consumer;
import org.slf4j.MDC;

/**
 * Evaluates a whole records file with bounded memory: the calling thread reads and parses lines into batches,
 * workers evaluate the batches (one session each, over the shared KieBase), and verdicts are handed to the sink in
 * input order. At most {@code 2 x workers} batches are in flight, whatever the file size. A malformed line goes to
 * the reject sink with its line number, when the batch it precedes or falls in is written (so that at every batch
 * boundary the two files and the recording hold exactly the lines up to that batch's last: a {@link Checkpoint});
 * totals always add up: lines read = contactable + excluded + rejected. A run into {@link VerdictFiles} can checkpoint,
 * stop when asked and be resumed from its last checkpoint ({@link Resumption}).
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

    /** Receives rejected lines in input order, with the batch of verdicts they precede or fall in. */
    @FunctionalInterface
    public interface RejectSink {
        void write(long line, String reason);

        /** A rejected line with its English reason and the same by message code (issue 16); the English alone by default. */
        default void write(long line, String reason, List<io.listguard.domain.CodedText> texts) {
            write(line, reason);
        }
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
    private Consumer<EvaluationRun.BatchResult> observer;

    public BulkEvaluation(Evaluator evaluator, SuppressionList suppressions, int batchSize, int workers) {
        if (batchSize < 1) {
            throw new IllegalArgumentException("batch size must be at least 1");
        }
        this.evaluator = evaluator;
        this.suppressions = suppressions;
        this.batchSize = batchSize;
        this.workers = Math.max(1, workers);
    }

    /**
     * Has {@code observer} told of each batch once it is decided ({@link EvaluationRun#observedBy}), from the worker
     * that evaluated it: the service's metrics of the rules that decided. None by default.
     */
    public BulkEvaluation observedBy(Consumer<EvaluationRun.BatchResult> observer) {
        this.observer = observer;
        return this;
    }

    /**
     * How a run checkpoints and whether it goes on from an earlier one. {@code from}: the checkpoint to go on from
     * (null: from the first line); {@code every}: the least time between two checkpoints (null: none but when
     * stopped; {@link Duration#ZERO}: after every batch written); {@code committed}: told of each checkpoint once both
     * files are forced to disk and the recording holds every row up to it; {@code stop}: asked at each batch boundary
     * whether to stop, in which case the run writes what is in flight, checkpoints and throws {@link Stopped}.
     */
    public record Resumption(Checkpoint from, Duration every, Consumer<Checkpoint> committed, BooleanSupplier stop) {

        /** From the first line, no checkpoint, never stopped: a run as it always was. */
        public static final Resumption NONE = new Resumption(null, null, checkpoint -> {
        }, () -> false);

        public Resumption {
            if (every != null && every.isNegative()) {
                throw new IllegalArgumentException("negative checkpoint interval: " + every);
            }
            if (committed == null) {
                committed = checkpoint -> {
                };
            }
            if (stop == null) {
                stop = () -> false;
            }
        }
    }

    /**
     * A run that stopped when asked ({@link Resumption#stop}): every batch in flight was written, and its outputs are
     * committed up to {@link #checkpoint()}, the one to resume from.
     */
    public static final class Stopped extends RuntimeException {
        private final transient Checkpoint checkpoint;

        public Stopped(Checkpoint checkpoint) {
            super("bulk evaluation stopped after line " + checkpoint.line() + " (" + checkpoint.linesRead() + " lines committed)");
            this.checkpoint = checkpoint;
        }

        public Checkpoint checkpoint() {
            return checkpoint;
        }
    }

    /** A line rejected before evaluation: written with the batch it precedes or falls in. */
    private record Rejected(long line, String reason, List<io.listguard.domain.CodedText> texts) {
    }

    /**
     * A batch and the lines rejected since the previous one; {@code lastLine} is the last input line it covers, so
     * that once it is written every line up to it is in the outputs. {@code notInFile}: per record, the needed evidence
     * declared absent that it leaves blank ({@link FileEvidence}).
     */
    private record Batch(long[] lines, List<ProspectRecord> records, List<Set<Evidence>> notInFile, List<Rejected> rejects, long lastLine) {
    }

    private record Done(Batch batch, EvaluationRun.BatchResult result) {
    }

    private static final EvaluationRun.BatchResult NOTHING = new EvaluationRun.BatchResult(List.of(), List.of(), List.of());

    public Result run(Campaign campaign, RentedFile file, RecordSource source, VerdictSink verdicts, RejectSink rejects, Progress progress) {
        return run(campaign, file, Set.of(), source, verdicts, rejects, progress, DecisionRecorder.Recording.NONE);
    }

    /**
     * Evaluates a file whose request declares {@code declaredAbsent} evidence not held by it (a bulk request's
     * {@code format.absent}, the CLI's {@code --absent}). Before any line is read, a CSV header without a column the
     * campaign's rules need, not declared absent, refuses the file ({@link MissingEvidenceException}); an NDJSON line
     * without such a field is rejected ({@link FileEvidence}). The run starts through {@link Evaluator#start}, which
     * validates the campaign and file ({@link io.listguard.evaluation.InvalidRequestException}); each batch of
     * verdicts goes to {@code recording} (the audit trail of a job) in input order, after the verdict sink. Rejected
     * lines go to their sink with the batch they precede or fall in, so both sinks are told in input order.
     */
    public Result run(Campaign campaign, RentedFile file, Set<Evidence> declaredAbsent, RecordSource source, VerdictSink verdicts,
                      RejectSink rejects, Progress progress, DecisionRecorder.Recording recording) {
        return run(campaign, file, declaredAbsent, source, verdicts, rejects, null, progress, recording, Resumption.NONE);
    }

    /**
     * As {@link #run(Campaign, RentedFile, Set, RecordSource, VerdictSink, RejectSink, Progress, DecisionRecorder.Recording)},
     * into verdict files that can be checkpointed, checkpointing and stopping as {@code resumption} says. Going on
     * from {@code resumption.from()}: {@code files} must have been {@linkplain VerdictFiles#resume resumed} from it and
     * {@code recording} {@linkplain DecisionRecorder#resume resumed} to its record rows; the file is read again from
     * its start, every line up to the checkpoint's is skipped (neither evaluated nor written; a file that does not have
     * as many lines there as the checkpoint counted is refused, {@link IllegalStateException}), the run's totals start
     * from the checkpoint's, and the outputs end as those of a run never interrupted.
     *
     * @throws Stopped when {@code resumption.stop()} said so at a batch boundary, with the checkpoint to resume from
     */
    public Result run(Campaign campaign, RentedFile file, Set<Evidence> declaredAbsent, RecordSource source, VerdictFiles files,
                      Progress progress, DecisionRecorder.Recording recording, Resumption resumption) {
        return run(campaign, file, declaredAbsent, source, files, files, files, progress, recording, resumption);
    }

    private Result run(Campaign campaign, RentedFile file, Set<Evidence> declaredAbsent, RecordSource source, VerdictSink verdicts,
                       RejectSink rejects, VerdictFiles files, Progress progress, DecisionRecorder.Recording recording, Resumption resumption) {
        EvaluationRun run = evaluator.start(new EvaluationRequest(campaign, file, List.of()), false).observedBy(observer);
        // the workers log under the caller's MDC (the job's evaluation id), as the caller's thread does
        Map<String, String> mdc = MDC.getCopyOfContextMap();
        Instant started = run.startedAt();
        FileEvidence evidence = FileEvidence.check(run, campaign, declaredAbsent, source);
        boolean flagging = !evidence.declaredAbsent().isEmpty();
        Checkpoint from = resumption.from();
        if (from != null) {
            run.include(from.totals());
        }
        Writer writer = new Writer(verdicts, rejects, files, recording, resumption);
        AtomicInteger threadNumber = new AtomicInteger();
        ExecutorService pool = Executors.newFixedThreadPool(workers, r -> {
            Runnable withMdc = mdc == null ? r : () -> {
                MDC.setContextMap(mdc);
                try {
                    r.run();
                } finally {
                    MDC.clear();
                }
            };
            Thread t = new Thread(withMdc, "bulk-worker-" + threadNumber.incrementAndGet());
            t.setDaemon(true);
            return t;
        });
        long linesRead = from == null ? 0 : from.linesRead();
        long rejected = from == null ? 0 : from.rejected();
        long skipped = 0;
        boolean skipping = from != null;
        boolean stopped = false;
        ArrayDeque<Future<Done>> inFlight = new ArrayDeque<>();
        try {
            List<ProspectRecord> records = new ArrayList<>(batchSize);
            List<Set<Evidence>> notInFile = flagging ? new ArrayList<>(batchSize) : null;
            List<Rejected> rejectedHere = new ArrayList<>();
            long[] lines = new long[batchSize];
            long lastLine = from == null ? 0 : from.line();
            ParsedLine parsed;
            while ((parsed = source.next()) != null) {
                if (skipping) {
                    if (parsed.line() <= from.line()) {
                        skipped++;
                        continue;
                    }
                    skipping = false;
                    checkSkipped(skipped, from);
                }
                linesRead++;
                lastLine = parsed.line();
                List<io.listguard.domain.CodedText> lacking = parsed.rejected() ? null : evidence.rejection(parsed);
                String error = parsed.rejected() ? parsed.error() : lacking == null ? null : ParsedLine.english(lacking);
                if (error != null) {
                    rejected++;
                    rejectedHere.add(new Rejected(parsed.line(), error, parsed.rejected() ? parsed.problems() : lacking));
                    if (rejectedHere.size() < batchSize) { // a batch of rejected lines alone keeps memory bounded
                        continue;
                    }
                } else {
                    lines[records.size()] = parsed.line();
                    records.add(parsed.record());
                    if (flagging) {
                        notInFile.add(evidence.notInFile(parsed));
                    }
                    if (records.size() < batchSize) {
                        continue;
                    }
                }
                submit(pool, run, new Batch(lines, records, notInFile, rejectedHere, lastLine), inFlight);
                records = new ArrayList<>(batchSize);
                notInFile = flagging ? new ArrayList<>(batchSize) : null;
                rejectedHere = new ArrayList<>();
                lines = new long[batchSize];
                while (inFlight.size() >= 2 * workers) {
                    writer.write(inFlight.poll());
                    progress.update(linesRead, writer.evaluated, rejected);
                }
                if (resumption.stop().getAsBoolean()) {
                    stopped = true;
                    break;
                }
            }
            if (skipping) {
                checkSkipped(skipped, from);
            }
            if (!stopped && (!records.isEmpty() || !rejectedHere.isEmpty())) {
                submit(pool, run, new Batch(lines, records, notInFile, rejectedHere, lastLine), inFlight);
            }
            while (!inFlight.isEmpty()) {
                writer.write(inFlight.poll());
                progress.update(linesRead, writer.evaluated, rejected);
            }
            if (stopped) {
                throw new Stopped(writer.checkpoint(true));
            }
        } finally {
            pool.shutdownNow();
        }
        run.include(RunTotals.rejectedLines(rejected - (from == null ? 0 : from.rejected())));
        EvaluationRun.Outcome outcome = run.finish();
        Totals totals = new Totals(linesRead, writer.evaluated, outcome.totals().rejected(), outcome.totals().contactable(), outcome.totals().excluded());
        if (!totals.addsUp() || totals.rejected() != rejected) {
            throw new IllegalStateException("totals do not add up: " + totals);
        }
        return new Result(evaluator.versionRef(), outcome.decision(), outcome.findings(), outcome.summary(), totals, source.warnings(),
                outcome.trace(), started, Instant.now());
    }

    /** The lines skipped must be those the checkpoint counted: otherwise this is not the file it was taken on. */
    private static void checkSkipped(long skipped, Checkpoint from) {
        if (skipped != from.linesRead()) {
            throw new Checkpoint.Mismatch("the file has " + skipped + " lines up to line " + from.line() + ", its checkpoint "
                    + from.linesRead());
        }
    }

    private void submit(ExecutorService pool, EvaluationRun run, Batch batch, ArrayDeque<Future<Done>> inFlight) {
        if (batch.records().isEmpty()) {
            inFlight.add(CompletableFuture.completedFuture(new Done(batch, NOTHING)));
            return;
        }
        inFlight.add(pool.submit(() -> new Done(batch, run.evaluateBatch(batch.records(), suppressions.barred(batch.records()),
                batch.notInFile()))));
    }

    /**
     * The ordered writer, on the calling thread: each finished batch's rejected lines, verdicts and record rows, then,
     * as the resumption says, a checkpoint. Counts what the outputs hold: the checkpoint's values.
     */
    private static final class Writer {
        private final VerdictSink verdicts;
        private final RejectSink rejects;
        private final VerdictFiles files;
        private final DecisionRecorder.Recording recording;
        private final Resumption resumption;
        private long line;
        private long evaluated;
        private long rejected;
        private RunTotals totals;
        /** The last checkpoint committed (or resumed from), and whether anything was written since. */
        private Checkpoint last;
        private boolean dirty;
        private long lastAt = System.nanoTime();

        Writer(VerdictSink verdicts, RejectSink rejects, VerdictFiles files, DecisionRecorder.Recording recording, Resumption resumption) {
            this.verdicts = verdicts;
            this.rejects = rejects;
            this.files = files;
            this.recording = recording;
            this.resumption = resumption;
            Checkpoint from = resumption.from();
            this.last = from;
            this.line = from == null ? 0 : from.line();
            this.evaluated = from == null ? 0 : from.evaluated();
            this.rejected = from == null ? 0 : from.rejected();
            this.totals = from == null ? RunTotals.EMPTY : from.totals();
        }

        void write(Future<Done> future) {
            Done done;
            try {
                done = future.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted", e);
            } catch (ExecutionException e) {
                throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
            }
            Batch batch = done.batch();
            for (Rejected r : batch.rejects()) {
                rejects.write(r.line(), r.reason(), r.texts());
            }
            List<RecordVerdict> list = done.result().verdicts();
            List<List<String>> rules = done.result().decidingRules();
            for (int i = 0; i < list.size(); i++) {
                verdicts.write(batch.lines()[i], list.get(i), rules.get(i));
            }
            if (!list.isEmpty()) {
                recording.records(batch.records(), list);
            }
            line = batch.lastLine();
            evaluated += list.size();
            rejected += batch.rejects().size();
            totals = totals.merge(RunTotals.of(list)).merge(RunTotals.rejectedLines(batch.rejects().size()));
            dirty = true;
            Duration every = resumption.every();
            if (files != null && every != null && System.nanoTime() - lastAt >= every.toNanos()) {
                checkpoint(false);
            }
        }

        /**
         * Both files flushed and forced, every record row committed, then the checkpoint told. Nothing new since the
         * last one: that one again, told again only when {@code stopping} and never told in this run.
         */
        Checkpoint checkpoint(boolean stopping) {
            if (files == null) {
                throw new IllegalStateException("a run into plain sinks cannot be checkpointed");
            }
            if (!dirty && last != null) {
                return last;
            }
            files.flush();
            recording.flush();
            Checkpoint checkpoint = new Checkpoint(line, evaluated + rejected, evaluated, rejected, files.verdictBytes(), files.errorBytes(), totals);
            resumption.committed().accept(checkpoint);
            last = checkpoint;
            dirty = false;
            lastAt = System.nanoTime();
            return checkpoint;
        }
    }

}
