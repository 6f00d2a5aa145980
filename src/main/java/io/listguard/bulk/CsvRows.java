package io.listguard.bulk;

import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.StringReader;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.util.List;

/**
 * A CSV file whose fields never hold a line break (a suppression list), read row by row as RFC 4180 by FastCSV,
 * over the strict decoder: a BOM is honoured, a byte not valid in the charset ends the reading with a
 * {@link BulkEncodingException} (read the whole file with {@link RecordSource#checkEncoding} first to refuse it before
 * using any row), and gzip is undone. Separated by {@code ,}, {@code ;} or tab: the one given, or the one the first
 * line holding any of them (outside quotes) uses most; a field holding the separator is quoted, {@code ""} inside.
 *
 * <p>A row is a line (ended by {@code \n}, {@code \r\n} or {@code \r}). A quote still open at the end of its line is
 * a rejected row of that line, and the next line is a row of its own: where RFC 4180 would read on to the next
 * quote, a missing quote would swallow the lines after it, and each may be an objection. Blank lines are skipped; a
 * line longer than {@code maxLength} is a rejected row, never held in memory.
 */
public final class CsvRows implements Closeable {

    /** Why a row could not be split into fields. */
    public enum Problem { TOO_LONG, UNCLOSED_QUOTE }

    /**
     * One row: its line (from 1, as an editor counts) and its fields; or, when {@code problem} is set, no fields and,
     * for an unclosed quote, the {@code column} (from 1) it opens in.
     */
    public record Row(long line, List<String> fields, Problem problem, int column) {
    }

    /** The separators a file may use, in the order a tie is settled. */
    private static final String SEPARATORS = ";,\t";

    private final BufferedReader reader;
    private final int maxLength;
    private Character separator;
    private long separatorLine;
    private final StringBuilder line = new StringBuilder();
    private long lineNumber;
    private final char[] scratch = new char[1 << 10];
    private CsvReader.CsvReaderBuilder fastCsv;
    private char fastCsvSeparator;

    private record Line(long number, String text, boolean tooLong) {
    }

    private CsvRows(BufferedReader reader, Character separator, int maxLength) {
        this.reader = reader;
        this.separator = separator;
        this.maxLength = maxLength;
    }

    /**
     * Opens a file in the given charset (a BOM overrides it), with the given separator ({@code ,}, {@code ;} or tab)
     * or, when null, the one its first line holding any of them uses most.
     */
    public static CsvRows open(InputStream in, Charset charset, Character separator, int maxLength) {
        if (separator != null && SEPARATORS.indexOf(separator) < 0) {
            throw new IllegalArgumentException("the separator must be ',', ';' or a tab");
        }
        try {
            return new CsvRows(new BufferedReader(new StrictDecodingReader(RecordSource.decompressed(in), charset), 1 << 16), separator, maxLength);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new BulkFormatException(BulkFormatException.GZIP_DAMAGED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The separator in use: given, or told by the first line holding one; null while no line has told it. */
    public Character separator() {
        return separator;
    }

    /** The line that told the separator (0 when it was given or is not told yet). */
    public long separatorLine() {
        return separatorLine;
    }

    /** The next row that is not blank, or null at the end of the file. */
    public Row next() {
        while (true) {
            Line read = readLine();
            if (read == null) {
                return null;
            }
            if (read.tooLong()) {
                return new Row(read.number(), List.of(), Problem.TOO_LONG, 0);
            }
            if (read.text().isBlank()) {
                continue;
            }
            if (separator == null) {
                tellSeparator(read);
            }
            Parsed parsed = parse(read.text());
            if (parsed.insideQuotes()) {
                return new Row(read.number(), List.of(), Problem.UNCLOSED_QUOTE, parsed.fields().size());
            }
            return new Row(read.number(), parsed.fields(), null, 0);
        }
    }

    private record Parsed(List<String> fields, boolean insideQuotes) {
    }

    /** One line split by FastCSV, and whether it ends inside a quoted field (a quote not closed on the line). */
    private Parsed parse(String text) {
        char by = separator == null ? ',' : separator; // no separator outside quotes yet: any splits the same
        if (fastCsv == null || fastCsvSeparator != by) {
            fastCsv = CsvReader.builder().fieldSeparator(by).quoteCharacter('"').commentStrategy(CommentStrategy.NONE)
                    .allowExtraFields(true).allowMissingFields(true).allowExtraCharsAfterClosingQuote(true);
            fastCsvSeparator = by;
        }
        // the quote state as FastCSV reads it: open at the end of the line, FastCSV would read the field to the end
        QuoteStateReader quotes = new QuoteStateReader(new StringReader(text), by);
        try {
            while (quotes.read(scratch, 0, scratch.length) >= 0) {
                // reading is the check
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e); // a StringReader does not fail
        }
        try {
            return new Parsed(fastCsv.ofSingleCsvRecord(text).getFields(), quotes.insideQuotes());
        } catch (CsvParseException e) {
            throw new IllegalStateException("FastCSV refused a row it was configured to accept", e);
        }
    }

    /** The separator the line uses most outside quotes (a tie: {@code ;}, then {@code ,}); none told if it uses none. */
    private void tellSeparator(Line first) {
        int[] counts = new int[SEPARATORS.length()];
        boolean quoted = false;
        String text = first.text();
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            if (c == '"') {
                quoted = !quoted; // a doubled quote toggles twice
            } else if (!quoted && SEPARATORS.indexOf(c) >= 0) {
                counts[SEPARATORS.indexOf(c)]++;
            }
        }
        int best = -1;
        for (int i = 0; i < counts.length; i++) {
            if (counts[i] > 0 && (best < 0 || counts[i] > counts[best])) {
                best = i;
            }
        }
        if (best >= 0) {
            separator = SEPARATORS.charAt(best);
            separatorLine = first.number();
        }
    }

    /** Reads one line (ended by \n, \r\n or \r); the text of a line longer than {@code maxLength} is dropped as it is read. */
    private Line readLine() {
        try {
            line.setLength(0);
            boolean tooLong = false;
            int c = reader.read();
            if (c < 0) {
                return null;
            }
            lineNumber++;
            while (c >= 0 && c != '\n' && c != '\r') {
                if (line.length() < maxLength) {
                    line.append((char) c);
                } else {
                    tooLong = true;
                }
                c = reader.read();
            }
            if (c == '\r') {
                reader.mark(1);
                if (reader.read() != '\n') {
                    reader.reset();
                }
            }
            return new Line(lineNumber, tooLong ? "" : line.toString(), tooLong);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new BulkFormatException(BulkFormatException.GZIP_DAMAGED_AFTER_LINE, lineNumber);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
