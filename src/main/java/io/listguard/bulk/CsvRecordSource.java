package io.listguard.bulk;

import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.domain.Messages;
import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.Iterator;
import java.util.List;

/**
 * A CSV records file: a header naming the columns (any order), then one record a line. One column per scalar
 * field in snake case ({@code id}, {@code kind}, {@code email}, {@code phone}, {@code postal_address},
 * {@code birth_date}, {@code job_function}, {@code segments} separated by {@code |}, {@code bloctel_registered},
 * {@code opted_out}, {@code active_contract_related_to_offer}, {@code last_activity_on},
 * {@code call_attempts_last_30_days}, {@code last_refusal_on}, {@code collected_on}, {@code contract_with_renter},
 * {@code objected_during_call_on}, {@code liste_orange}, {@code out_of_hours_calls_agreed}) and, per channel,
 * {@code consent_<channel>_given_on}, {@code _proof_ref}, {@code _renter_named}, {@code _parental_consent},
 * {@code _collected_by}, {@code _hop}. Read as RFC 4180 by FastCSV, from the strictly
 * decoded text: {@code ,}, {@code ;}, tab or {@code |} separated (declared, else the profile's, else told from the
 * header line among the first three), double quotes around a field that holds a separator, a quote ({@code ""}) or
 * line breaks. A record spanning several lines is one record, numbered by the line where it starts; a quote never
 * closed makes the record that opened it (to the end of the file) a rejected line. With a mapping profile, the
 * header is on the profile's {@code headerRow} (the lines above are ignored, line numbers stay the file's) and names
 * the broker's columns ({@link TabularRecordSource}). Every bad column of a line is reported at once.
 */
final class CsvRecordSource extends TabularRecordSource {

    /** A field FastCSV cannot hold: past it the file cannot be read (a quote opened and never closed, in practice). */
    static final int MAX_FIELD = 16 * MAX_LINE;

    private final char separator;
    private final QuoteStateReader quotes;
    private final Iterator<CsvRecord> records;
    /** The record after the one being parsed: at the end of the file, the quote state tells whether it is closed. */
    private CsvRecord pending;
    /** Lines before the header (those above the profile's header row, then blank ones), consumed before the library starts counting lines. */
    private long skippedLines;
    /** The file's line that holds the header. */
    private final long headerLineNo;

    /** A file with listguard's own header, its separator told from the header line. */
    CsvRecordSource(BufferedReader reader) {
        this(reader, null, null);
    }

    /**
     * @param separator the declared separator; null: told from the header line
     * @param profile the mapping profile, null for listguard's own header
     */
    CsvRecordSource(BufferedReader reader, Character separator, MappingProfile profile) {
        super(reader, profile);
        String headerLine = headerLine(reader, headerRow());
        this.separator = separator != null ? separator : separatorOf(headerLine);
        this.quotes = new QuoteStateReader(reader, this.separator);
        this.records = CsvReader.builder().fieldSeparator(this.separator).quoteCharacter('"').commentStrategy(CommentStrategy.NONE)
                .skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true).allowExtraCharsAfterClosingQuote(true)
                .maxBufferSize(MAX_FIELD).ofCsvRecord(quotes).iterator();
        CsvRecord first = read();
        if (first == null || length(first) > MAX_LINE) {
            throw new BulkFormatException(BulkFormatException.NO_HEADER);
        }
        this.pending = read();
        if (pending == null && quotes.insideQuotes()) {
            throw new BulkFormatException(BulkFormatException.HEADER_UNCLOSED_QUOTE);
        }
        this.headerLineNo = skippedLines + first.getStartingLineNumber();
        header(first.getFields());
    }

    @Override
    public long headerLineNumber() {
        return headerLineNo;
    }

    @Override
    public Character fieldSeparator() {
        return separator;
    }

    /** The next record, or null at the end of the file; blank lines are skipped, an over-long record is rejected. */
    @Override
    public ParsedLine next() {
        CsvRecord current = pending;
        if (current == null) {
            return null;
        }
        pending = read();
        lineNumber = lineOffset + skippedLines + current.getStartingLineNumber();
        if (quotes.loneCarriageReturnInQuotes()) {
            throw new BulkFormatException(LONE_CR);
        }
        if (pending == null && quotes.insideQuotes()) {
            return unclosed(current);
        }
        if (length(current) > MAX_LINE) {
            return tooLong();
        }
        return row(lineNumber, current.getFields());
    }

    /** One record's text, read by the same library (the reading itself goes through {@link #next()}). */
    @Override
    protected ParsedLine parse(String text) {
        return row(lineNumber, CsvReader.builder().fieldSeparator(separator).allowExtraFields(true).allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(true).ofSingleCsvRecord(text).getFields());
    }

    /** The record whose quote is never closed: it runs to the end of the file, and is rejected naming where it starts. */
    private ParsedLine unclosed(CsvRecord record) {
        int column = record.getFieldCount() - 1;
        String name = fileColumn(column);
        long last = lineNumber;
        for (String field : record.getFields()) {
            for (int i = 0; i < field.length(); i++) {
                char c = field.charAt(i);
                boolean end = i == field.length() - 1 && field == record.getField(column);
                if (!end && (c == '\n' || (c == '\r' && (i + 1 == field.length() || field.charAt(i + 1) != '\n')))) {
                    last++;
                }
            }
        }
        return ParsedLine.rejected(lineNumber, io.listguard.domain.CodedText.of(UNCLOSED_QUOTE, name, String.valueOf(lineNumber), String.valueOf(last)));
    }

    static final String UNCLOSED_QUOTE = "bulk.csv.unclosedQuote";
    static final String FIELD_TOO_LARGE = "bulk.csv.fieldTooLarge";
    static final String LONE_CR = "bulk.csv.carriageReturnInQuotes";

    /** The next non-blank record, or null at the end; a decoding or gzip failure underneath ends the reading as before. */
    private CsvRecord read() {
        try {
            while (records.hasNext()) {
                CsvRecord record = records.next();
                if (record.getFieldCount() != 1 || !record.getField(0).isBlank() || (!records.hasNext() && quotes.insideQuotes())) {
                    return record;
                }
            }
            return null;
        } catch (CsvParseException | UncheckedIOException e) {
            for (Throwable cause = e; cause != null; cause = cause.getCause()) {
                if (cause instanceof BulkFormatException format) {
                    throw format;
                }
                if (cause instanceof java.util.zip.ZipException || cause instanceof java.io.EOFException) {
                    throw new BulkFormatException(BulkFormatException.GZIP_DAMAGED_AFTER_LINE, lineNumber);
                }
                if (cause instanceof CsvParseException && cause.getMessage() != null && cause.getMessage().contains("maximum buffer size")) {
                    throw new BulkFormatException(FIELD_TOO_LARGE, lineNumber + 1, MAX_FIELD);
                }
            }
            if (e.getCause() instanceof IOException io) {
                throw new UncheckedIOException(io);
            }
            throw e;
        }
    }

    private static int length(CsvRecord record) {
        int n = record.getFieldCount() - 1;
        for (int i = 0; i < record.getFieldCount(); i++) {
            n += record.getField(i).length();
        }
        return n;
    }

    /**
     * Consumes the lines above the header row (a profile's {@code headerRow}: a title, an export date...) and the blank
     * lines before the header, counting them in {@link #skippedLines}, and peeks the header line without consuming it
     * (the library reads it again as the header): it tells the separator.
     */
    private String headerLine(BufferedReader reader, int headerRow) {
        try {
            for (int skip = 1; skip < headerRow; skip++) {
                int c;
                while ((c = reader.read()) >= 0 && c != '\n' && c != '\r') {
                    // a line above the header: ignored, never held
                }
                if (c < 0) {
                    return "";
                }
                if (c == '\r') {
                    reader.mark(1);
                    if (reader.read() != '\n') {
                        reader.reset();
                    }
                }
                skippedLines++;
            }
            while (true) {
                reader.mark(MAX_LINE + 2);
                StringBuilder line = new StringBuilder();
                int c;
                while (line.length() <= MAX_LINE && (c = reader.read()) >= 0 && c != '\n' && c != '\r') {
                    line.append((char) c);
                }
                if (!line.toString().isBlank() || line.length() > MAX_LINE) {
                    reader.reset();
                    return line.toString();
                }
                reader.reset();
                for (int k = 0; k <= line.length(); k++) {
                    c = reader.read(); // the blank line and its end
                    if (c < 0) {
                        return "";
                    }
                    if (c == '\r') {
                        reader.mark(1);
                        if (reader.read() != '\n') {
                            reader.reset();
                        }
                    }
                }
                skippedLines++;
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new BulkFormatException(BulkFormatException.GZIP_DAMAGED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The separator the header line uses most among {@code ,}, {@code ;} and tab; {@code ,} when it uses none. */
    static char separatorOf(String headerLine) {
        int commas = count(headerLine, ',');
        int semicolons = count(headerLine, ';');
        int tabs = count(headerLine, '\t');
        if (tabs > commas && tabs > semicolons) {
            return '\t';
        }
        return semicolons > commas ? ';' : ',';
    }

    private static int count(String line, char c) {
        int n = 0;
        for (int i = 0; i < line.length(); i++) {
            if (line.charAt(i) == c) {
                n++;
            }
        }
        return n;
    }
}
