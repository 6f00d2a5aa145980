package io.listguard.bulk;

import io.listguard.evaluation.RecordVerdict;
import java.io.BufferedWriter;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.UncheckedIOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two files a bulk evaluation writes, in input order: verdicts ({@code line,id,contactable,reasons,legal_bases,
 * deciding_rules}, lists separated by {@code |}) and rejected lines ({@code line,reason}). The service's jobs and
 * the CLI write the same files.
 */
public final class VerdictFiles implements BulkEvaluation.VerdictSink, BulkEvaluation.RejectSink, Closeable {

    public static final String VERDICT_HEADER = "line,id,contactable,reasons,legal_bases,deciding_rules";
    public static final String ERROR_HEADER = "line,reason";

    private final Writer verdicts;
    private final Writer errors;

    public VerdictFiles(OutputStream verdicts, OutputStream errors) {
        this.verdicts = new BufferedWriter(new OutputStreamWriter(verdicts, StandardCharsets.UTF_8), 1 << 16);
        this.errors = new BufferedWriter(new OutputStreamWriter(errors, StandardCharsets.UTF_8), 1 << 14);
        try {
            this.verdicts.write(VERDICT_HEADER + "\n");
            this.errors.write(ERROR_HEADER + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(long line, RecordVerdict verdict, List<String> decidingRules) {
        try {
            verdicts.write(Long.toString(line));
            verdicts.write(',');
            verdicts.write(csv(verdict.id()));
            verdicts.write(verdict.contactable() ? ",true," : ",false,");
            verdicts.write(String.join("|", verdict.reasons()));
            verdicts.write(',');
            verdicts.write(verdict.legalBases().stream().map(Enum::name).collect(Collectors.joining("|")));
            verdicts.write(',');
            verdicts.write(csv(String.join("|", decidingRules)));
            verdicts.write('\n');
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void write(long line, String reason) {
        try {
            errors.write(line + "," + csv(reason) + "\n");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Quotes a field holding a separator, a quote or a line break; defuses spreadsheet formulas. */
    static String csv(String value) {
        String safe = !value.isEmpty() && "=+-@".indexOf(value.charAt(0)) >= 0 ? "'" + value : value;
        if (safe.indexOf(',') >= 0 || safe.indexOf('"') >= 0 || safe.indexOf('\n') >= 0 || safe.indexOf('\r') >= 0) {
            return "\"" + safe.replace("\"", "\"\"") + "\"";
        }
        return safe;
    }

    @Override
    public void close() throws IOException {
        try {
            verdicts.close();
        } finally {
            errors.close();
        }
    }
}
