package io.listguard.bulk;

import io.listguard.evaluation.RecordVerdict;
import java.io.Closeable;
import java.io.IOException;
import java.io.OutputStream;
import java.util.List;
import java.util.stream.Collectors;

/**
 * The two files a bulk evaluation writes, in input order: verdicts ({@code line,id,contactable,reasons,legal_bases,
 * deciding_rules}, lists separated by {@code |}) and rejected lines ({@code line,reason}), both written by
 * {@link CsvExport} (RFC 4180, formulas defused). The service's jobs and the CLI write the same files.
 */
public final class VerdictFiles implements BulkEvaluation.VerdictSink, BulkEvaluation.RejectSink, Closeable {

    public static final String VERDICT_HEADER = "line,id,contactable,reasons,legal_bases,deciding_rules";
    public static final String ERROR_HEADER = "line,reason";

    private final CsvExport verdicts;
    private final CsvExport errors;

    public VerdictFiles(OutputStream verdicts, OutputStream errors) {
        this.verdicts = new CsvExport(verdicts, 1 << 16);
        this.errors = new CsvExport(errors, 1 << 14);
        this.verdicts.row(VERDICT_HEADER.split(","));
        this.errors.row(ERROR_HEADER.split(","));
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
    public void close() throws IOException {
        try {
            verdicts.close();
        } finally {
            errors.close();
        }
    }
}
