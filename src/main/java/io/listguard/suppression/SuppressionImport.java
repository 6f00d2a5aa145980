package io.listguard.suppression;

import io.listguard.bulk.CsvRows;
import io.listguard.bulk.RecordCharsets;
import io.listguard.bulk.RecordSource;
import io.listguard.bulk.UnknownCharsetException;
import io.listguard.domain.CodedText;
import io.listguard.domain.ContactPoints;
import io.listguard.domain.Identifiers;
import io.listguard.domain.Messages;
import io.listguard.domain.Violation;
import io.listguard.suppression.Suppressions.AddResult;
import io.listguard.suppression.Suppressions.Kind;
import io.listguard.suppression.Suppressions.NewSuppression;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.function.Supplier;

/**
 * The import of one file into the suppression list: the whole file is decoded first (a file not valid in its
 * charset is refused before anything is added), then read line by line by {@link CsvRows} (RFC 4180 quoting, by
 * FastCSV; a quote left open rejects its line only, so that it cannot hide the objections below it); valid rows are
 * added in batches, every other row is reported with its line, its column and why, never with its content.
 */
public final class SuppressionImport {

    public static final int MAX_LINE_LENGTH = 1000;
    public static final int MAX_REPORTED_REJECTIONS = 1000;
    private static final int MAX_REASON = SuppressionChecks.MAX_REASON;
    private static final int MAX_SOURCE = SuppressionChecks.MAX_SOURCE;
    private static final int BATCH = 500;
    private static final Set<String> HEADERS = Set.of("identifier", "email", "phone");
    private static final String[] COLUMNS = {"identifier", "reason", "source"};

    /** Where the valid lines go, a batch at a time: {@link Suppressions#addAll} in the service, anything in a test. */
    @FunctionalInterface
    public interface Target {
        AddResult addAll(List<NewSuppression> entries, String createdBy);
    }

    /**
     * What an import is given besides the file: its charset (a BOM overrides it), its separator (null: told from the
     * file), and the reason and source of lines without their own (null: such a line is rejected).
     */
    public record Options(Charset charset, Character separator, String defaultReason, String defaultSource) {
    }

    /**
     * A line of the file that was not added: its line, the column at fault (null for the line as a whole), and why:
     * in English ({@code reason}) and by message code, {@link #reason(Locale)} in the reader's language (issue 16).
     */
    public record Rejection(int line, Integer column, String reason, CodedText text) {
        public Rejection(int line, Integer column, CodedText text) {
            this(line, column, text.english(), text);
        }

        public String reason(Locale locale) {
            return text == null ? reason : text.render(locale);
        }
    }

    /** The counts of an import and the first {@link #MAX_REPORTED_REJECTIONS} rejected lines. */
    public record Outcome(int lines, int added, int alreadySuppressed, int rejectedCount, List<Rejection> rejected) {
    }

    private final Target target;
    private final String createdBy;
    private final String defaultReason;
    private final String defaultSource;
    private final List<NewSuppression> batch = new ArrayList<>(BATCH);
    private final List<Rejection> rejected = new ArrayList<>();
    private int lines;
    private int added;
    private int alreadySuppressed;
    private int rejectedCount;

    private SuppressionImport(Target target, String createdBy, String defaultReason, String defaultSource) {
        this.target = target;
        this.createdBy = createdBy;
        this.defaultReason = defaultReason;
        this.defaultSource = defaultSource;
    }

    /**
     * The options of an import as given in a form, checked all at once: each fault is added to {@code violations} at
     * its field's name (reason, source, charset, separator), and the options are to be used only when none was.
     *
     * @param charset UTF-8 when absent, else ISO-8859-1, ISO-8859-15 or windows-1252
     * @param separator ',', ';', a tab or "tab"; told from the file when absent
     */
    public static Options options(String reason, String source, String charset, String separator, List<Violation> violations) {
        String defaultReason = SuppressionChecks.optional(reason, "reason", MAX_REASON, violations);
        String defaultSource = SuppressionChecks.optional(source, "source", MAX_SOURCE, violations);
        Charset fileCharset = null;
        try {
            fileCharset = RecordCharsets.resolve(charset);
        } catch (UnknownCharsetException e) {
            violations.add(Violation.coded("charset", UnknownCharsetException.CODE, e.name(), RecordCharsets.supportedNames()));
        }
        return new Options(fileCharset, separator(separator, violations), defaultReason, defaultSource);
    }

    /** The separator field: ',', ';' or a tab ('tab'); null when absent. */
    private static Character separator(String value, List<Violation> violations) {
        if (value == null || value.isEmpty()) {
            return null;
        }
        return switch (value) {
            case ",", ";", "\t" -> value.charAt(0);
            default -> {
                if (value.equalsIgnoreCase("tab")) {
                    yield '\t';
                }
                violations.add(Violation.coded("separator", "suppressions.import.separator"));
                yield null;
            }
        };
    }

    /**
     * Imports a file, opened twice by {@code file}: once to decode it whole (a {@code BulkEncodingException} refuses
     * it, nothing added), once to read its rows. Every line is counted once: added, already suppressed, or rejected.
     */
    public static Outcome run(Target target, Supplier<InputStream> file, Options options, String createdBy) {
        RecordSource.checkEncoding(file.get(), options.charset());
        SuppressionImport run = new SuppressionImport(target, createdBy, options.defaultReason(), options.defaultSource());
        try (CsvRows rows = CsvRows.open(file.get(), options.charset(), options.separator(), MAX_LINE_LENGTH)) {
            boolean first = true;
            for (CsvRows.Row row = rows.next(); row != null; row = rows.next()) {
                boolean header = first && row.problem() == null && HEADERS.contains(row.fields().get(0).strip().toLowerCase(Locale.ROOT));
                first = false;
                if (!header) {
                    run.row(row, rows);
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("the uploaded file cannot be read", e);
        }
        run.flush();
        return new Outcome(run.lines, run.added, run.alreadySuppressed, run.rejectedCount, List.copyOf(run.rejected));
    }

    private void row(CsvRows.Row row, CsvRows rows) {
        lines++;
        int line = (int) row.line();
        if (row.problem() == CsvRows.Problem.TOO_LONG) {
            reject(line, null, CodedText.of("bulk.line.tooLong", MAX_LINE_LENGTH));
            return;
        }
        if (row.problem() == CsvRows.Problem.UNCLOSED_QUOTE) {
            reject(line, row.column(), CodedText.of("suppressions.import.unclosedQuote", String.valueOf(row.column())));
            return;
        }
        List<String> columns = row.fields();
        Character other = otherSeparator(columns.get(0), rows.separator());
        if (other != null) {
            reject(line, 1, rows.separatorLine() > 0
                    ? CodedText.of("suppressions.import.otherSeparator", shown(other), shown(rows.separator()), String.valueOf(rows.separatorLine()))
                    : CodedText.of("suppressions.import.otherSeparatorGiven", shown(other), shown(rows.separator())));
            return;
        }
        for (int i = 0; i < columns.size(); i++) {
            Violation control = Identifiers.controlViolation(name(i), columns.get(i), false);
            if (control != null) {
                reject(line, i + 1, CodedText.of("suppressions.import.columnProblem", i + 1, name(i), new CodedText(control.code(), control.args())));
                return;
            }
        }
        if (columns.size() > 3) {
            reject(line, 4, CodedText.of("suppressions.import.tooManyColumns"));
            return;
        }
        String value = columns.get(0).strip();
        Kind kind;
        if (value.isEmpty()) {
            reject(line, 1, CodedText.of("suppressions.import.noIdentifier"));
            return;
        }
        if (Identifiers.fold(value).indexOf('@') >= 0) {
            if (!ContactPoints.validEmail(value)) {
                reject(line, 1, CodedText.of("suppressions.import.badEmail"));
                return;
            }
            kind = Kind.EMAIL;
        } else if (ContactPoints.validPhone(value)) {
            kind = Kind.PHONE;
        } else {
            reject(line, 1, CodedText.of("suppressions.import.notAnIdentifier"));
            return;
        }
        String lineReason = columns.size() > 1 && !columns.get(1).isBlank() ? columns.get(1).strip() : defaultReason;
        String lineSource = columns.size() > 2 && !columns.get(2).isBlank() ? columns.get(2).strip() : defaultSource;
        if (lineReason == null) {
            reject(line, 2, CodedText.of("suppressions.import.noReason"));
        } else if (lineReason.length() > MAX_REASON) {
            reject(line, 2, CodedText.of("suppressions.import.reasonTooLong", MAX_REASON));
        } else if (lineSource == null) {
            reject(line, 3, CodedText.of("suppressions.import.noSource"));
        } else if (lineSource.length() > MAX_SOURCE) {
            reject(line, 3, CodedText.of("suppressions.import.sourceTooLong", MAX_SOURCE));
        } else {
            batch.add(new NewSuppression(kind, value, lineReason, lineSource));
            if (batch.size() >= BATCH) {
                flush();
            }
        }
    }

    /**
     * The separator, other than the file's, that an identifier holds: the line was written with another separator
     * (an email or a phone holds none), and reading it whole as one identifier would only say it is not one.
     */
    private static Character otherSeparator(String value, Character separator) {
        for (char c : new char[] {',', ';', '\t'}) {
            if ((separator == null || c != separator) && value.indexOf(c) >= 0) {
                return separator == null ? null : c;
            }
        }
        return null;
    }

    private static String shown(char separator) {
        return separator == '\t' ? "tab" : String.valueOf(separator);
    }

    private static String name(int column) {
        return column < COLUMNS.length ? COLUMNS[column] : "#" + (column + 1);
    }

    private void reject(int line, Integer column, CodedText reason) {
        rejectedCount++;
        if (rejected.size() < MAX_REPORTED_REJECTIONS) {
            rejected.add(new Rejection(line, column, reason));
        }
    }

    private void flush() {
        if (batch.isEmpty()) {
            return;
        }
        AddResult result = target.addAll(List.copyOf(batch), createdBy);
        added += result.added();
        alreadySuppressed += result.alreadySuppressed();
        batch.clear();
    }
}
