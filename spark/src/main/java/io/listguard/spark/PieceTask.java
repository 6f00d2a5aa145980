package io.listguard.spark;

import io.listguard.bulk.BulkEvaluation;
import io.listguard.bulk.BulkFormatException;
import io.listguard.bulk.RecordBoundaries;
import io.listguard.bulk.RecordSource;
import io.listguard.bulk.VerdictFiles;
import io.listguard.domain.CodedText;
import io.listguard.evaluation.DecisionRecorder;
import io.listguard.evaluation.SuppressionList;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.SequenceInputStream;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.apache.hadoop.fs.FSDataInputStream;

/**
 * One task's work: its piece of the records file read after the file's header, through the same core path as the
 * CLI's {@code evaluate} ({@link RecordSource}, {@link BulkEvaluation}, {@link VerdictFiles}): precheck, then each batch
 * evaluated in a session of the executor's compiled policy, verdicts and rejected lines written to the task's own
 * part files, numbered as in the whole file.
 */
final class PieceTask {

    private PieceTask() {
    }

    /** Evaluates piece {@code index} of a text file's plan, writing its part files under {@code temp}. */
    static PieceResult run(int index, FilePlan plan, JobSpec spec, PolicyBundle policy, SuppressionList suppressions, HadoopFiles files, String temp,
                           int attempt) throws IOException {
        JobSpec.Inputs inputs = spec.resolve();
        RecordBoundaries.Piece piece = plan.pieces.get(index);
        try (InputStream in = open(plan, piece, spec.records(), files)) {
            RecordSource.precheck(in, spec.format(), inputs.options());
        } catch (BulkFormatException e) {
            return PieceResult.refused(index, (plan.whole ? e : e.inWholeFile(plan.headerLine, plan.dataStart, piece)).message(spec.language()));
        }
        long lineOffset = plan.whole ? 0 : piece.firstLine() - (plan.headerLine + 1);
        return evaluate(index, () -> open(plan, piece, spec.records(), files), lineOffset, spec, inputs, policy, suppressions, files, temp, attempt);
    }

    /** Evaluates partition {@code index} of JSON lines (a Parquet input's rows), whose first is line {@code firstLine}. */
    static PieceResult runLines(int index, long firstLine, java.util.Iterator<String> lines, JobSpec spec, PolicyBundle policy,
                                SuppressionList suppressions, HadoopFiles files, String temp, int attempt) throws IOException {
        JobSpec.Inputs inputs = spec.resolve();
        InputStream joined = new LinesInputStream(lines);
        return evaluate(index, () -> joined, firstLine - 1, spec, inputs, policy, suppressions, files, temp, attempt);
    }

    /** The contact-point hashes of piece {@code index}'s records, for a suppression join ({@link SuppressionJoin}). */
    static java.util.Iterator<scala.Tuple2<String, Integer>> hashes(int index, FilePlan plan, JobSpec spec, HadoopFiles files, byte[] secret)
            throws IOException {
        RecordBoundaries.Piece piece = plan.pieces.get(index);
        return SuppressionJoin.hashesOf(index, open(plan, piece, spec.records(), files), spec, plan.whole ? 0 : piece.firstLine() - (plan.headerLine + 1),
                secret);
    }

    @FunctionalInterface
    private interface Opener {
        InputStream open() throws IOException;
    }

    private static PieceResult evaluate(int index, Opener opener, long lineOffset, JobSpec spec, JobSpec.Inputs inputs, PolicyBundle policy,
                                        SuppressionList suppressions, HadoopFiles files, String temp, int attempt) throws IOException {
        String verdicts = temp + "/verdicts-" + index + "-" + attempt + ".csv";
        String errors = temp + "/errors-" + index + "-" + attempt + ".csv";
        BulkEvaluation.Result result;
        List<CodedText> warnings;
        try (InputStream in = opener.open();
             RecordSource source = RecordSource.open(in, spec.format(), inputs.options());
             OutputStream verdictOut = files.create(verdicts);
             OutputStream errorOut = files.create(errors);
             VerdictFiles out = new VerdictFiles(verdictOut, errorOut, spec.language())) {
            source.offsetLines(lineOffset);
            result = new BulkEvaluation(policy.evaluator(), suppressions, spec.batchSize(), 1)
                    .run(inputs.header().campaign(), inputs.header().file(), inputs.absent(), source, out, out, (read, evaluated, rejected) -> {
                    }, DecisionRecorder.Recording.NONE);
            warnings = source.warningTexts();
        } catch (BulkFormatException e) {
            // a file damaged past what the precheck reads (a workbook's sheet, gzip): no verdict file is kept, as the CLI keeps none
            files.fs(verdicts).delete(new org.apache.hadoop.fs.Path(verdicts), false);
            files.fs(errors).delete(new org.apache.hadoop.fs.Path(errors), false);
            return PieceResult.refused(index, e.message(spec.language()));
        }
        BulkEvaluation.Totals t = result.totals();
        Map<String, Long> excludedBy = new TreeMap<>();
        result.summary().excludedBy().forEach((reason, n) -> excludedBy.put(reason, n.longValue()));
        return new PieceResult(index, t.linesRead(), t.evaluated(), t.rejected(), t.contactable(), excludedBy, warnings, verdicts, errors, null);
    }

    /** The bytes a task reads: the file's header bytes then its piece, or the whole file. */
    static InputStream open(FilePlan plan, RecordBoundaries.Piece piece, String path, HadoopFiles files) throws IOException {
        FSDataInputStream in = files.open(path);
        if (plan.whole) {
            return in;
        }
        in.seek(piece.start());
        return new SequenceInputStream(new ByteArrayInputStream(plan.prefix), new Bounded(in, piece.end() - piece.start()));
    }

    /** At most {@code left} bytes of a stream, then its end. */
    private static final class Bounded extends java.io.FilterInputStream {
        private long left;

        Bounded(InputStream in, long left) {
            super(in);
            this.left = left;
        }

        @Override
        public int read() throws IOException {
            if (left <= 0) {
                return -1;
            }
            int b = in.read();
            if (b >= 0) {
                left--;
            }
            return b;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (left <= 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, left));
            if (n > 0) {
                left -= n;
            }
            return n;
        }

        @Override
        public long skip(long n) throws IOException {
            long skipped = in.skip(Math.min(n, left));
            left -= skipped;
            return skipped;
        }

        @Override
        public int available() throws IOException {
            return (int) Math.min(in.available(), left);
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    /** Lines of text as one UTF-8 stream, each ended by a line feed. */
    static final class LinesInputStream extends InputStream {
        private final java.util.Iterator<String> lines;
        private byte[] current = new byte[0];
        private int at;

        LinesInputStream(java.util.Iterator<String> lines) {
            this.lines = lines;
        }

        private boolean fill() {
            while (at >= current.length) {
                if (!lines.hasNext()) {
                    return false;
                }
                current = (lines.next() + "\n").getBytes(java.nio.charset.StandardCharsets.UTF_8);
                at = 0;
            }
            return true;
        }

        @Override
        public int read() {
            return fill() ? current[at++] & 0xFF : -1;
        }

        @Override
        public int read(byte[] b, int off, int len) {
            if (len == 0) {
                return 0;
            }
            if (!fill()) {
                return -1;
            }
            int n = Math.min(len, current.length - at);
            System.arraycopy(current, at, b, off, n);
            at += n;
            return n;
        }
    }
}
