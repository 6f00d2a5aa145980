package io.listguard.bulk;

import io.listguard.evaluation.RunTotals;
import java.util.Objects;

/**
 * How far a bulk evaluation's outputs are committed, at a batch boundary: every input line up to {@code line} has its
 * outcome (a verdict or a rejection) in the verdict and error files and none after it; the files are durable up to
 * {@code verdictBytes} and {@code errorBytes} (headers included); the audit trail holds exactly {@code evaluated}
 * record rows; {@code totals} are those of these lines (records evaluated and lines rejected). A run resumed from it
 * ({@link BulkEvaluation.Resumption}) re-reads the file, skips the lines up to {@code line} and goes on, its files
 * truncated to these sizes ({@link VerdictFiles#resume}) and its recording to these rows
 * ({@link io.listguard.evaluation.DecisionRecorder#resume}): its outputs are then those of a run never interrupted.
 * A plain record, stored as JSON by whoever keeps it (a job's row).
 *
 * @param line         the last input line whose outcome is in the outputs (0: none yet)
 * @param linesRead    data lines whose outcome is in the outputs ({@code evaluated + rejected})
 * @param evaluated    verdicts written, and record rows recorded
 * @param rejected     rejected lines written
 * @param verdictBytes bytes of the verdict file, header included
 * @param errorBytes   bytes of the error file, header included
 * @param totals       the run's totals over these lines
 */
public record Checkpoint(long line, long linesRead, long evaluated, long rejected, long verdictBytes, long errorBytes, RunTotals totals) {

    public Checkpoint {
        Objects.requireNonNull(totals, "totals");
        if (line < 0 || evaluated < 0 || rejected < 0 || verdictBytes < 0 || errorBytes < 0 || linesRead != evaluated + rejected
                || totals.records() != evaluated || totals.rejected() != rejected || line < linesRead) {
            throw new IllegalArgumentException("inconsistent checkpoint: line " + line + ", " + linesRead + " lines read, " + evaluated
                    + " evaluated, " + rejected + " rejected, totals " + totals);
        }
    }

    /**
     * The outputs or the input no longer match a checkpoint (a verdict file shorter than it, another records file): the
     * run cannot resume from it and must start again from the first line.
     */
    public static final class Mismatch extends IllegalStateException {
        public Mismatch(String message) {
            super("cannot resume: " + message);
        }
    }
}
