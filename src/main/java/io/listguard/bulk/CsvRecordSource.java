package io.listguard.bulk;

import io.listguard.domain.Channel;
import io.listguard.domain.Consent;
import io.listguard.domain.FieldNames;
import io.listguard.domain.Messages;
import io.listguard.domain.ProspectRecord;
import io.listguard.domain.Messages;
import io.listguard.domain.RecordKind;
import de.siegmar.fastcsv.reader.CommentStrategy;
import de.siegmar.fastcsv.reader.CsvParseException;
import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A CSV records file: a header naming the columns (any order), then one record a line. One column per scalar
 * field in snake case ({@code id}, {@code kind}, {@code email}, {@code phone}, {@code postal_address},
 * {@code birth_date}, {@code job_function}, {@code segments} separated by {@code |}, {@code bloctel_registered},
 * {@code opted_out}, {@code active_contract_related_to_offer}, {@code last_activity_on},
 * {@code call_attempts_last_30_days}, {@code last_refusal_on}) and, per channel, {@code consent_<channel>_given_on},
 * {@code _proof_ref}, {@code _renter_named}, {@code _parental_consent}. Read as RFC 4180 by FastCSV, from the strictly
 * decoded text: {@code ,}, {@code ;} or tab separated (told from the header line), double quotes around a field that
 * holds a separator, a quote ({@code ""}) or line breaks. A record spanning several lines is one record, numbered by
 * the line where it starts; a quote never closed makes the record that opened it (to the end of the file) a
 * rejected line. Every bad column of a line is reported at once.
 */
final class CsvRecordSource extends RecordSource {

    static final List<String> SCALARS = List.of("id", "kind", "email", "phone", "postal_address", "birth_date", "job_function", "segments",
            "bloctel_registered", "opted_out", "active_contract_related_to_offer", "last_activity_on", "call_attempts_last_30_days",
            "last_refusal_on");
    static final List<String> REQUIRED = List.of("id", "kind");
    private static final List<String> CONSENT_FIELDS = List.of("given_on", "proof_ref", "renter_named", "parental_consent");

    /** A field FastCSV cannot hold: past it the file cannot be read (a quote opened and never closed, in practice). */
    static final int MAX_FIELD = 16 * MAX_LINE;

    private final char separator;
    private final QuoteStateReader quotes;
    private final Iterator<CsvRecord> records;
    /** The record after the one being parsed: at the end of the file, the quote state tells whether it is closed. */
    private CsvRecord pending;
    /** Blank lines before the header, consumed before the library starts counting lines. */
    private long skippedLines;
    private final String[] header;
    private final Map<String, Integer> index = new HashMap<>();
    private final List<String> warnings = new ArrayList<>();
    /** Column positions resolved once from the header (-1 when absent): no map lookup per field and line. */
    private final int[] scalar = new int[SCALARS.size()];
    private final int[][] consent = new int[Channel.values().length][CONSENT_FIELDS.size()];

    CsvRecordSource(BufferedReader reader) {
        super(reader);
        this.separator = separatorOf(headerLine(reader));
        this.quotes = new QuoteStateReader(reader, separator);
        this.records = CsvReader.builder().fieldSeparator(separator).quoteCharacter('"').commentStrategy(CommentStrategy.NONE)
                .skipEmptyLines(true).allowExtraFields(true).allowMissingFields(true).allowExtraCharsAfterClosingQuote(true)
                .maxBufferSize(MAX_FIELD).ofCsvRecord(quotes).iterator();
        CsvRecord first = read();
        if (first == null || length(first) > MAX_LINE) {
            throw new BulkFormatException("the CSV file has no header line");
        }
        this.pending = read();
        if (pending == null && quotes.insideQuotes()) {
            throw new BulkFormatException("the header line has an unclosed quote");
        }
        List<String> names = new ArrayList<>(first.getFields());
        names.set(0, names.get(0).replaceFirst("^\uFEFF", ""));
        this.header = names.stream().map(n -> n.trim().toLowerCase(Locale.ROOT)).toArray(String[]::new);
        List<String> known = new ArrayList<>(SCALARS);
        for (Channel channel : Channel.values()) {
            for (String field : CONSENT_FIELDS) {
                known.add("consent_" + channel.name().toLowerCase(Locale.ROOT) + "_" + field);
            }
        }
        FieldNames columns = FieldNames.decisive(known);
        for (int i = 0; i < header.length; i++) {
            if (index.putIfAbsent(header[i], i) != null) {
                throw new BulkFormatException("the column '" + header[i] + "' appears twice in the header");
            }
            if (columns.check(header[i]) instanceof FieldNames.NearMiss miss) {
                // issue 12: 'optedout' is meant as opted_out; ignoring it would make opted-out people contactable
                throw new BulkFormatException(Messages.english("fields.csvNearMiss", names.get(i).trim(), miss.intended()));
            }
            if (!known.contains(header[i])) {
                warnings.add("unknown column '" + header[i] + "' is ignored");
            }
        }
        for (int s = 0; s < SCALARS.size(); s++) {
            scalar[s] = index.getOrDefault(SCALARS.get(s), -1);
        }
        for (Channel channel : Channel.values()) {
            for (int k = 0; k < CONSENT_FIELDS.size(); k++) {
                consent[channel.ordinal()][k] = index.getOrDefault("consent_" + channel.name().toLowerCase(Locale.ROOT) + "_" + CONSENT_FIELDS.get(k), -1);
            }
        }
        List<String> missing = REQUIRED.stream().filter(r -> !index.containsKey(r)).toList();
        if (!missing.isEmpty()) {
            throw new BulkFormatException("the header lacks the required column(s) " + String.join(", ", missing)
                    + "; found: " + String.join(", ", header));
        }
    }

    @Override
    public List<String> warnings() {
        return warnings;
    }

    /** The header's columns, in canonical (lower case) names. */
    @Override
    public java.util.Set<String> columns() {
        return java.util.Collections.unmodifiableSet(new java.util.LinkedHashSet<>(Arrays.asList(header)));
    }

    /** The next record, or null at the end of the file; blank lines are skipped, an over-long record is rejected. */
    @Override
    public ParsedLine next() {
        CsvRecord current = pending;
        if (current == null) {
            return null;
        }
        pending = read();
        lineNumber = skippedLines + current.getStartingLineNumber();
        if (quotes.loneCarriageReturnInQuotes()) {
            throw new BulkFormatException(Messages.english(LONE_CR, List.of()));
        }
        if (pending == null && quotes.insideQuotes()) {
            return unclosed(current);
        }
        if (length(current) > MAX_LINE) {
            return tooLong();
        }
        return parse(current.getFields());
    }

    /** One record's text, read by the same library (the reading itself goes through {@link #next()}). */
    @Override
    protected ParsedLine parse(String text) {
        return parse(CsvReader.builder().fieldSeparator(separator).allowExtraFields(true).allowMissingFields(true)
                .allowExtraCharsAfterClosingQuote(true).ofSingleCsvRecord(text).getFields());
    }

    private ParsedLine parse(List<String> fields) {
        if (fields.size() != header.length) {
            return ParsedLine.rejected(lineNumber, fields.size() + " columns where the header has " + header.length);
        }
        String control = LineValidation.controlProblem(header, fields);
        if (control != null) {
            return ParsedLine.rejected(lineNumber, control);
        }
        List<String> problems = new ArrayList<>(0);
        List<String> badFields = new ArrayList<>(0);
        ProspectRecord record = record(fields, problems, badFields);
        String checks = LineValidation.problems(record);
        if (checks != null) {
            for (String check : checks.split("; ")) {
                if (badFields.stream().noneMatch(check::contains)) {
                    problems.add(check);
                }
            }
        }
        return problems.isEmpty() ? ParsedLine.ok(lineNumber, record) : ParsedLine.rejected(lineNumber, String.join("; ", problems));
    }

    /** The record whose quote is never closed: it runs to the end of the file, and is rejected naming where it starts. */
    private ParsedLine unclosed(CsvRecord record) {
        int column = record.getFieldCount() - 1;
        String name = column < header.length ? header[column] : "#" + (column + 1);
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
        return ParsedLine.rejected(lineNumber, Messages.english(UNCLOSED_QUOTE, List.of(name, String.valueOf(lineNumber), String.valueOf(last))));
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
                    throw new BulkFormatException("the gzip-compressed file is damaged or cut short after line " + lineNumber
                            + ": compress it again and upload it whole");
                }
                if (cause instanceof CsvParseException && cause.getMessage() != null && cause.getMessage().contains("maximum buffer size")) {
                    throw new BulkFormatException(Messages.english(FIELD_TOO_LARGE, List.of(String.valueOf(lineNumber + 1), String.valueOf(MAX_FIELD))));
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
     * Consumes the blank lines before the header (counting them in {@link #skippedLines}) and peeks the header line
     * without consuming it (the library reads it again as the header): it tells the separator.
     */
    private String headerLine(BufferedReader reader) {
        try {
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
            throw new BulkFormatException("the gzip-compressed file is damaged or cut short: compress it again and upload it whole");
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

    private ProspectRecord record(List<String> f, List<String> problems, List<String> badFields) {
        Problems p = new Problems(problems, badFields);
        List<Consent> consents = new ArrayList<>(1);
        for (Channel channel : Channel.values()) {
            int[] c = consent[channel.ordinal()];
            String prefix = "consent_" + channel.name().toLowerCase(Locale.ROOT) + "_";
            LocalDate givenOn = date(f, c[0], prefix + "given_on", p);
            // read even without a consent date, so that each bad column of the line is reported
            Boolean renterNamed = bool(f, c[2], prefix + "renter_named", p);
            Boolean parentalConsent = bool(f, c[3], prefix + "parental_consent", p);
            if (givenOn != null) {
                consents.add(new Consent(channel, givenOn, text(f, c[1]), renterNamed, parentalConsent));
            }
        }
        String segments = text(f, scalar[7]);
        return new ProspectRecord(text(f, scalar[0]), kind(text(f, scalar[1]), p), text(f, scalar[2]), text(f, scalar[3]), text(f, scalar[4]),
                date(f, scalar[5], "birth_date", p), text(f, scalar[6]),
                segments == null ? List.of() : Arrays.stream(segments.split("\\|")).map(String::trim).filter(s -> !s.isEmpty()).toList(),
                consents, bool(f, scalar[8], "bloctel_registered", p), bool(f, scalar[9], "opted_out", p),
                bool(f, scalar[10], "active_contract_related_to_offer", p), date(f, scalar[11], "last_activity_on", p),
                integer(f, scalar[12], "call_attempts_last_30_days", p), date(f, scalar[13], "last_refusal_on", p));
    }

    /**
     * The bad columns of one line, each with its message; the record checks of {@link LineValidation} then skip the
     * fields left empty by them ({@code birthDate}, {@code renterNamed}, ...), so that a bad value is not also
     * reported as missing.
     */
    private record Problems(List<String> messages, List<String> fields) {
        void add(String column, String message) {
            messages.add(message);
            String field = column.replaceFirst("^consent_[a-z_]+?_(given_on|proof_ref|renter_named|parental_consent)$", "$1");
            StringBuilder camel = new StringBuilder();
            for (String part : field.split("_")) {
                camel.append(camel.isEmpty() ? part : Character.toUpperCase(part.charAt(0)) + part.substring(1));
            }
            fields.add(camel.toString());
        }
    }

    private static String text(List<String> f, int i) {
        if (i < 0) {
            return null;
        }
        String value = f.get(i).trim();
        return value.isEmpty() ? null : value;
    }

    private static RecordKind kind(String value, Problems p) {
        if (value == null) {
            return null;
        }
        if (value.equalsIgnoreCase("PERSON")) {
            return RecordKind.PERSON;
        }
        if (value.equalsIgnoreCase("GENERIC_ADDRESS")) {
            return RecordKind.GENERIC_ADDRESS;
        }
        p.add("kind", "kind: '" + value + "' is not one of PERSON, GENERIC_ADDRESS");
        return null;
    }

    private static LocalDate date(List<String> f, int i, String column, Problems p) {
        String value = text(f, i);
        if (value == null) {
            return null;
        }
        try {
            return LocalDate.parse(value);
        } catch (RuntimeException e) {
            p.add(column, column + ": '" + value + "' is not a valid date (YYYY-MM-DD)");
            return null;
        }
    }

    private static Boolean bool(List<String> f, int i, String column, Problems p) {
        String value = text(f, i);
        if (value == null) {
            return null;
        }
        return switch (value.toLowerCase(Locale.ROOT)) {
            case "true", "yes", "oui", "1", "y" -> Boolean.TRUE;
            case "false", "no", "non", "0", "n" -> Boolean.FALSE;
            default -> {
                p.add(column, column + ": '" + value + "' is not true or false");
                yield null;
            }
        };
    }

    private static Integer integer(List<String> f, int i, String column, Problems p) {
        String value = text(f, i);
        if (value == null) {
            return null;
        }
        try {
            return Integer.valueOf(value);
        } catch (NumberFormatException e) {
            p.add(column, column + ": '" + value + "' is not a whole number");
            return null;
        }
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
