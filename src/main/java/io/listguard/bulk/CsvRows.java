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
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;

/**
 * A CSV file whose fields never hold a line break (a suppression list), read row by row as RFC 4180 by FastCSV,
 * over the strict decoder: a BOM is honoured, a byte not valid in the charset ends the reading with a
 * {@link BulkEncodingException} (read the whole file with {@link RecordSource#checkEncoding} first to refuse it before
 * using any row), and gzip is undone. Separated by {@code ,}, {@code ;} or tab: the one given, or the one the first
 * line holding any of them (outside quotes) uses most; lines end with {@code \n}, {@code \r\n} or {@code \r}.
 *
 * <p>A quoted field may run over several lines, as RFC 4180 allows: the row says where it starts and ends, and its
 * fields keep the line breaks (the caller refuses them). A quote never closed within {@code maxLength} characters is
 * a rejected row of its first line, and the lines after that one are read again as rows of their own: one missing
 * quote never swallows the rest of the file. Blank lines are skipped; a line longer than {@code maxLength} is a
 * rejected row, never held in memory.
 */
public final class CsvRows implements Closeable {

    /** Why a row could not be split into fields. */
    public enum Problem { TOO_LONG, UNCLOSED_QUOTE }

    /**
     * One row: the line it starts on and the line it ends on (from 1, as an editor counts), and its fields; or, when
     * {@code problem} is set, no fields and, for an unclosed quote, the {@code column} (from 1) it opens in.
     */
    public record Row(long line, long lastLine, List<String> fields, Problem problem, int column) {
    }

    /** The separators a file may use, in the order a tie is settled. */
    private static final String SEPARATORS = ";,\t";

    private final BufferedReader reader;
    private final int maxLength;
    private Character separator;
    private long separatorLine;
    /** Lines read past an unclosed quote, to be read again as rows of their own. */
    private final Deque<Line> pending = new ArrayDeque<>();
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
            throw new BulkFormatException("the gzip-compressed file is damaged or cut short: compress it again and upload it whole");
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
            Line first = nextLine();
            if (first == null) {
                return null;
            }
            if (first.tooLong()) {
                return new Row(first.number(), first.number(), List.of(), Problem.TOO_LONG, 0);
            }
            if (first.text().isBlank()) {
                continue;
            }
            if (separator == null) {
                tellSeparator(first);
            }
            StringBuilder text = new StringBuilder(first.text());
            List<Line> continuation = new ArrayList<>(0);
            Parsed parsed = parse(text.toString());
            while (parsed.insideQuotes()) {
                Line more = nextLine();
                if (more == null || more.tooLong() || text.length() + 1 + more.text().length() > maxLength) {
                    // never closed within the limit: the first line is rejected, the others are rows of their own
                    if (more != null) {
                        continuation.add(more);
                    }
                    for (int i = continuation.size() - 1; i >= 0; i--) {
                        pending.addFirst(continuation.get(i));
                    }
                    return new Row(first.number(), first.number(), List.of(), Problem.UNCLOSED_QUOTE, parse(first.text()).fields().size());
                }
                continuation.add(more);
                text.append('\n').append(more.text());
                parsed = parse(text.toString());
            }
            long last = continuation.isEmpty() ? first.number() : continuation.get(continuation.size() - 1).number();
            return new Row(first.number(), last, parsed.fields(), null, 0);
        }
    }

    private record Parsed(List<String> fields, boolean insideQuotes) {
    }

    /** One row's text split by FastCSV, and whether it ends inside a quoted field (then the row goes on). */
    private Parsed parse(String text) {
        char by = separator == null ? ',' : separator; // no separator outside quotes yet: any splits the same
        if (fastCsv == null || fastCsvSeparator != by) {
            fastCsv = CsvReader.builder().fieldSeparator(by).quoteCharacter('"').commentStrategy(CommentStrategy.NONE)
                    .allowExtraFields(true).allowMissingFields(true).allowExtraCharsAfterClosingQuote(true);
            fastCsvSeparator = by;
        }
        // the quote state as FastCSV reads it (its records only span lines inside quotes, so this text is one record)
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

    /** The next line, from those read again first; null at the end of the file. */
    private Line nextLine() {
        return pending.isEmpty() ? readLine() : pending.removeFirst();
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
            throw new BulkFormatException("the gzip-compressed file is damaged or cut short after line " + lineNumber
                    + ": compress it again and upload it whole");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        reader.close();
    }
}
