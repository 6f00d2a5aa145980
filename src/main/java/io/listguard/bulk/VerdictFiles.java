package io.listguard.bulk;

import io.listguard.evaluation.RecordVerdict;
import java.io.Closeable;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.FileSystems;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileAttribute;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two files a bulk evaluation writes, in input order: verdicts ({@code line,id,contactable,reasons,legal_bases,
 * deciding_rules}, lists separated by {@code |}) and rejected lines ({@code line,reason}), both written by
 * {@link CsvExport} (RFC 4180, formulas defused). The service's jobs and the CLI write the same files.
 *
 * <p>Files opened by {@link #create} or {@link #resume} can be checkpointed: {@link #flush()} pushes every row written
 * to the file and forces it to disk, and {@link #verdictBytes()}/{@link #errorBytes()} tell their sizes then, which a
 * {@link Checkpoint} keeps; {@link #resume} cuts each file back to the checkpoint's size and appends from there, so the
 * rows of the batches after the checkpoint are written once, whatever was written after it before an interruption.
 *
 * <p>A job's files ({@link #create}, {@link #resume}) keep beside each rejected line's English reason the same by
 * message code ({@link RejectReasons#COLUMN}), which the console renders in its reader's language and the API leaves
 * out; files written to the caller's streams (the CLI) have the reason in the caller's language (issue 16).
 */
public final class VerdictFiles implements BulkEvaluation.VerdictSink, BulkEvaluation.RejectSink, Closeable {

    public static final String VERDICT_HEADER = "line,id,contactable,reasons,legal_bases,deciding_rules";
    public static final String ERROR_HEADER = "line,reason";
    /** The header of a job's errors.csv: the reasons' codes after them. */
    public static final String JOB_ERROR_HEADER = ERROR_HEADER + "," + RejectReasons.COLUMN;

    private final Counting verdictCount;
    private final Counting errorCount;
    private final CsvExport verdicts;
    private final CsvExport errors;
    /** The files' channels to force at {@link #flush()}; null for streams given by the caller. */
    private final FileChannel verdictChannel;
    private final FileChannel errorChannel;
    /** A job's files: the reasons' codes are kept in a third column. */
    private final boolean codes;
    /** The language of the reasons written to the caller's streams. */
    private final java.util.Locale locale;

    /** Files written to streams the caller opened (the CLI, tests): headers first; {@link #flush()} does not force. */
    public VerdictFiles(OutputStream verdicts, OutputStream errors) {
        this(verdicts, errors, io.listguard.domain.Messages.ENGLISH);
    }

    /** The same with the rejected lines' reasons in a language (the CLI's --lang). */
    public VerdictFiles(OutputStream verdicts, OutputStream errors, java.util.Locale locale) {
        this(verdicts, errors, null, null, 0, 0, true, false, locale);
    }

    private VerdictFiles(OutputStream verdicts, OutputStream errors, FileChannel verdictChannel, FileChannel errorChannel, long verdictOffset,
                         long errorOffset, boolean headers, boolean codes, java.util.Locale locale) {
        this.codes = codes;
        this.locale = locale;
        this.verdictCount = new Counting(verdicts, verdictOffset);
        this.errorCount = new Counting(errors, errorOffset);
        this.verdictChannel = verdictChannel;
        this.errorChannel = errorChannel;
        this.verdicts = new CsvExport(verdictCount, 1 << 16);
        this.errors = new CsvExport(errorCount, 1 << 14);
        if (headers) {
            this.verdicts.row(VERDICT_HEADER.split(","));
            this.errors.row((codes ? JOB_ERROR_HEADER : ERROR_HEADER).split(","));
        }
    }

    /**
     * New verdict and error files (an existing file is emptied), readable by their owner only where the file system
     * has POSIX permissions (they name the records of a rented file), with their headers.
     */
    public static VerdictFiles create(Path verdicts, Path errors) {
        FileChannel v = null;
        try {
            v = open(verdicts, true);
            FileChannel e = open(errors, true);
            return new VerdictFiles(Channels.newOutputStream(v), Channels.newOutputStream(e), v, e, 0, 0, true, true, io.listguard.domain.Messages.ENGLISH);
        } catch (IOException | RuntimeException ex) {
            closeQuietly(v);
            throw ex instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) ex;
        }
    }

    /**
     * The files of an interrupted run, to go on from {@code checkpoint}: each cut back to the size the checkpoint
     * recorded (what was written after it is dropped: those lines are evaluated again) and appended to from there.
     * A file missing or shorter than its checkpoint size cannot be resumed ({@link Checkpoint.Mismatch}): the run must
     * start again from the beginning.
     */
    public static VerdictFiles resume(Path verdicts, Path errors, Checkpoint checkpoint) {
        FileChannel v = null;
        FileChannel e = null;
        try {
            v = openExisting(verdicts, checkpoint.verdictBytes());
            e = openExisting(errors, checkpoint.errorBytes());
            return new VerdictFiles(Channels.newOutputStream(v), Channels.newOutputStream(e), v, e, checkpoint.verdictBytes(),
                    checkpoint.errorBytes(), false, true, io.listguard.domain.Messages.ENGLISH);
        } catch (IOException | RuntimeException ex) {
            closeQuietly(v);
            closeQuietly(e);
            throw ex instanceof IOException io ? new UncheckedIOException(io) : (RuntimeException) ex;
        }
    }

    private static FileChannel open(Path file, boolean truncate) throws IOException {
        List<StandardOpenOption> options = truncate
                ? List.of(StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.TRUNCATE_EXISTING)
                : List.of(StandardOpenOption.WRITE);
        if (FileSystems.getDefault().supportedFileAttributeViews().contains("posix") && truncate) {
            FileAttribute<?> ownerOnly = PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------"));
            FileChannel channel = FileChannel.open(file, new java.util.HashSet<>(options), ownerOnly);
            java.nio.file.Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------")); // an existing file too
            return channel;
        }
        return FileChannel.open(file, options.toArray(StandardOpenOption[]::new));
    }

    private static FileChannel openExisting(Path file, long size) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file)) {
            throw new Checkpoint.Mismatch(file.getFileName() + " is missing");
        }
        FileChannel channel = open(file, false);
        try {
            long actual = channel.size();
            if (actual < size) {
                throw new Checkpoint.Mismatch(file.getFileName() + " holds " + actual + " bytes, its checkpoint " + size);
            }
            channel.truncate(size);
            channel.position(size);
            return channel;
        } catch (IOException | RuntimeException e) {
            closeQuietly(channel);
            throw e;
        }
    }

    @Override
    public void write(long line, RecordVerdict verdict, List<String> decidingRules) {
        verdicts.row(Long.toString(line), verdict.id(), verdict.contactable() ? "true" : "false", String.join("|", verdict.reasons()),
                verdict.legalBases().stream().map(Enum::name).collect(Collectors.joining("|")), String.join("|", decidingRules));
    }

    @Override
    public void write(long line, String reason) {
        errors.row(Long.toString(line), reason);
    }

    @Override
    public void write(long line, String reason, List<io.listguard.domain.CodedText> texts) {
        if (codes) {
            errors.row(Long.toString(line), reason, RejectReasons.encode(texts));
        } else {
            boolean english = io.listguard.domain.Messages.ENGLISH.getLanguage().equals(locale.getLanguage());
            errors.row(Long.toString(line), english || texts == null ? reason : ParsedLine.render(texts, locale));
        }
    }

    /**
     * Pushes every row written so far into both files and, for files opened by {@link #create} or {@link #resume},
     * forces them to the storage device: when this returns, {@link #verdictBytes()} and {@link #errorBytes()} bytes
     * survive a crash.
     */
    public void flush() {
        verdicts.flush();
        errors.flush();
        try {
            if (verdictChannel != null) {
                verdictChannel.force(false);
            }
            if (errorChannel != null) {
                errorChannel.force(false);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Bytes of the verdict file, header included, as of the last {@link #flush()} (rows still buffered are not counted). */
    public long verdictBytes() {
        return verdictCount.count;
    }

    /** Bytes of the error file, header included, as of the last {@link #flush()}. */
    public long errorBytes() {
        return errorCount.count;
    }

    @Override
    public void close() throws IOException {
        try {
            verdicts.close();
        } finally {
            errors.close();
        }
    }

    private static void closeQuietly(FileChannel channel) {
        if (channel != null) {
            try {
                channel.close();
            } catch (IOException ignored) {
                // already failing
            }
        }
    }

    /** Counts the bytes that reach the file, from the size it had when opened. */
    private static final class Counting extends FilterOutputStream {
        private long count;

        Counting(OutputStream out, long from) {
            super(out);
            this.count = from;
        }

        @Override
        public void write(int b) throws IOException {
            out.write(b);
            count++;
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            out.write(b, off, len);
            count += len;
        }
    }
}
