package io.listguard.bulk;

import io.listguard.bulk.mapping.InvalidProfileException;
import io.listguard.bulk.mapping.ProfileProblem;
import io.listguard.domain.CodedText;
import io.listguard.domain.Messages;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Function;

/**
 * The first lines of a records file as a job would read them (issue 12, item 2), without evaluating or keeping
 * anything: the listguard columns the file gives after mapping, each line's values as mapped with every problem at
 * its column, the problems that would refuse the whole file (a column the profile reads that the header lacks, bytes
 * not valid in the charset anywhere in the file, a profile that cannot be used) and the warnings (columns no one
 * reads). Reading goes through {@link RecordSource#open(InputStream, RecordSource.Format, ReadOptions)}, the same
 * path as jobs and the CLI. Plain Java.
 */
public final class RecordsPreview {

    public static final int DEFAULT_LINES = 20;
    public static final int MAX_LINES = 200;

    /** Where the file's bytes come from; opened once per reading (the encoding check reads the whole file). */
    @FunctionalInterface
    public interface Upload {
        InputStream open() throws IOException;
    }

    /**
     * One problem of a line, at a listguard column (null: the line as a whole), in English as errors.csv says it, and
     * by message code ({@code texts}, null when it has none), {@link #message(Locale)} in the reader's language.
     */
    public record Problem(String column, String message, @com.fasterxml.jackson.annotation.JsonIgnore List<CodedText> texts) {
        public Problem(String column, String message) {
            this(column, message, null);
        }

        public String message(Locale locale) {
            return texts == null || Messages.ENGLISH.getLanguage().equals(locale == null ? "" : locale.getLanguage()) ? message : ParsedLine.render(texts, locale);
        }

        /** The same problem with its message in a language (an answer in the caller's language). */
        public Problem in(Locale locale) {
            return new Problem(column, message(locale), texts);
        }
    }

    /** One data line: its number in the file, its values in {@link Result#columns()} order (null when unread) and its problems. */
    public record Line(long line, List<String> values, List<Problem> problems) {
        public boolean rejected() {
            return !problems.isEmpty();
        }

        /** The problems at one column, for a table's cell. */
        public List<Problem> at(String column) {
            return problems.stream().filter(p -> column.equals(p.column())).toList();
        }

        /** The problems of the line as a whole, or at a column the table does not show. */
        public List<Problem> elsewhere(List<String> columns) {
            return problems.stream().filter(p -> p.column() == null || !columns.contains(p.column())).toList();
        }
    }

    /**
     * A problem that refuses the whole file, with its message code and arguments when it has them (null: the English
     * {@code message} only) and, for a profile's problem, its JSON path.
     */
    public record FileProblem(String path, String code, List<String> args, String message, Function<Locale, String> text) {

        public FileProblem(String path, String code, List<String> args, String message) {
            this(path, code, args, message, null);
        }

        /** A refusal of the file as a problem of it, with the refusal's own text in each language. */
        static FileProblem of(BulkFormatException e) {
            return new FileProblem(null, e.code(), e.args(), e.getMessage(), e::message);
        }

        public String message(Locale locale) {
            return text != null ? text.apply(locale) : code == null ? message : Messages.text(locale, code, args.toArray());
        }
    }

    /**
     * @param columns      the listguard columns of the values (the file's own names without a profile)
     * @param lines        the first lines, at most the number asked for
     * @param more         whether the file has more data lines than shown
     * @param fileProblems what would refuse the file: a job would evaluate none of its records
     * @param warnings     what a job would warn about (columns read by no one)
     */
    public record Result(List<String> columns, List<Line> lines, boolean more, List<FileProblem> fileProblems, List<String> warnings,
                         String charset, String separator, String sheet, List<CodedText> warningTexts) {
        public Result(List<String> columns, List<Line> lines, boolean more, List<FileProblem> fileProblems, List<String> warnings,
                      String charset, String separator, String sheet) {
            this(columns, lines, more, fileProblems, warnings, charset, separator, sheet, null);
        }

        /** The warnings in a language. */
        public List<String> warnings(Locale locale) {
            return warningTexts == null ? warnings : warningTexts.stream().map(w -> w.render(locale)).toList();
        }

        public boolean refused() {
            return !fileProblems.isEmpty();
        }

        public long rejectedLines() {
            return lines.stream().filter(Line::rejected).count();
        }
    }

    private RecordsPreview() {
    }

    /** The first {@code limit} lines (1 to {@link #MAX_LINES}) of a file, read as the options say. */
    public static Result read(Upload upload, RecordSource.Format format, ReadOptions options, int limit) {
        int wanted = Math.max(1, Math.min(MAX_LINES, limit));
        List<FileProblem> fileProblems = new ArrayList<>();
        String separator = options.separator() == null ? null : options.separator() == '\t' ? "\\t" : String.valueOf(options.separator());
        boolean workbook = format == RecordSource.Format.XLSX;
        String sheet = null;
        if (!workbook) {
            try (InputStream whole = upload.open()) {
                RecordSource.checkEncoding(whole, options.charset()); // a bad byte past the lines shown still refuses the file
            } catch (BulkFormatException e) {
                fileProblems.add(FileProblem.of(e));
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        List<Line> lines = new ArrayList<>();
        List<String> columns = List.of();
        List<String> warnings = List.of();
        List<CodedText> warningTexts = List.of();
        boolean more = false;
        try (InputStream in = upload.open(); RecordSource source = RecordSource.open(in, format, options)) {
            TabularRecordSource table = source instanceof TabularRecordSource t ? t : null;
            if (table != null) {
                table.keepRows();
                columns = table.canonicalHeader();
            }
            ParsedLine parsed;
            while ((parsed = source.next()) != null) {
                if (lines.size() == wanted) {
                    more = true;
                    break;
                }
                lines.add(line(parsed, table));
            }
            if (source instanceof XlsxRecordSource sheetSource) {
                sheet = sheetSource.sheetName();
            }
            warnings = List.copyOf(source.warnings());
            warningTexts = List.copyOf(source.warningTexts());
        } catch (InvalidProfileException e) {
            for (ProfileProblem p : e.problems()) {
                fileProblems.add(new FileProblem(p.path(), p.code(), p.args(), p.message()));
            }
        } catch (BulkEncodingException e) {
            if (fileProblems.stream().noneMatch(p -> e.code().equals(p.code()))) {
                fileProblems.add(FileProblem.of(e));
            }
        } catch (BulkFormatException e) {
            fileProblems.add(FileProblem.of(e));
        } catch (IllegalArgumentException e) {
            fileProblems.add(new FileProblem(null, null, List.of(), e.getMessage()));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return new Result(columns, lines, more, fileProblems, warnings, workbook ? null : options.charset().name(), separator, sheet, warningTexts);
    }

    private static Line line(ParsedLine parsed, TabularRecordSource table) {
        TabularRecordSource.Row row = table == null ? null : table.lastRow();
        if (row == null || row.line() != parsed.line()) {
            // rejected before mapping (a quote never closed, an over-long line) or not tabular (NDJSON)
            return new Line(parsed.line(), null, parsed.rejected()
                    ? List.of(new Problem(null, parsed.error(), parsed.problems()))
                    : List.of());
        }
        List<Problem> problems = row.problems().stream().map(p -> new Problem(p.column(), p.message(), p.text() == null ? null : List.of(p.text()))).toList();
        return new Line(parsed.line(), row.values(), problems);
    }
}
