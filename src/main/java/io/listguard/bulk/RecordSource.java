package io.listguard.bulk;

import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.bulk.mapping.ProfileCheck;
import io.listguard.domain.Messages;
import java.io.BufferedInputStream;
import java.io.BufferedReader;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPInputStream;

/**
 * Reads a records file line by line: CSV (header, {@code ,} or {@code ;}), NDJSON or an XLSX workbook's sheet row by
 * row ({@link XlsxRecordSource}), text in UTF-8 (or a declared charset,
 * {@link RecordCharsets}) with or without BOM, optionally gzip-compressed (told by its first bytes). {@link #next()}
 * returns null at the end; a malformed line is a rejected {@link ParsedLine}, never an exception. Only a file that
 * cannot be read at all fails, with a {@link BulkFormatException}: a CSV header without its required columns, damaged
 * gzip compression, or bytes that are not valid in the charset ({@link BulkEncodingException}, decoded strictly by
 * {@link StrictDecodingReader}: never a replacement character). Callers that must refuse such a file before any
 * verdict run {@link #precheck} over it first.
 */
public abstract class RecordSource implements Closeable {

    /** Longer lines are rejected without being kept: a guard against absurd input. */
    static final int MAX_LINE = 64 * 1024;

    public enum Format { CSV, NDJSON, XLSX }

    protected final BufferedReader reader;
    protected long lineNumber;
    /** Lines before the first this source reads, when it reads a piece of a file ({@link #offsetLines}). */
    protected long lineOffset;

    protected RecordSource(BufferedReader reader) {
        this.reader = reader;
    }

    /** Opens a UTF-8 file of the given format; gzip is detected from the magic bytes. */
    public static RecordSource open(InputStream in, Format format) {
        return open(in, format, StandardCharsets.UTF_8);
    }

    /** Opens a file of the given format and charset (a BOM overrides it); gzip is detected from the magic bytes. */
    public static RecordSource open(InputStream in, Format format, Charset charset) {
        return open(in, format, ReadOptions.of(charset));
    }

    /**
     * Opens a file as the options say (issue 12, item 2): its charset, the CSV separator (the options', else the
     * profile's, else told from the header line) and the mapping profile, which maps a broker's columns onto
     * listguard's (CSV only: an NDJSON file has listguard's fields, and a profile for it is refused). A profile with
     * problems is an {@link io.listguard.bulk.mapping.InvalidProfileException}.
     */
    public static RecordSource open(InputStream in, Format format, ReadOptions options) {
        MappingProfile profile = options.profile() == null ? null : ProfileCheck.require(options.profile());
        if (profile != null && format == Format.NDJSON) {
            throw new BulkFormatException("profile.ndjson", profile.name());
        }
        if (format == Format.XLSX) {
            return new XlsxRecordSource(in, options); // no text: neither charset nor separator applies
        }
        Character separator = options.separator();
        if (separator == null && profile != null) {
            separator = ReadOptions.separatorNamed(profile.separator());
        }
        BufferedReader reader = reader(in, options.charset());
        return format == Format.CSV ? new CsvRecordSource(reader, separator, profile) : new NdjsonRecordSource(reader);
    }

    /**
     * Decodes a whole file (gzip'd or not) without parsing it, and throws {@link BulkEncodingException} at its first
     * byte that is not valid in the charset: run before the evaluation, so that a wrongly encoded file gets no verdict
     * at all, not even for its lines before the bad byte. {@link #precheck} does this and more.
     */
    public static void checkEncoding(InputStream raw, Charset charset) {
        precheck(raw, Format.NDJSON, ReadOptions.of(charset));
    }

    /** {@link #precheck(InputStream, Format, ReadOptions)} with the separator told from the header line. */
    public static void precheck(InputStream raw, Format format, Charset charset) {
        precheck(raw, format, ReadOptions.of(charset));
    }

    /**
     * Reads a whole file (gzip'd or not) once, before it is accepted, for what would otherwise stop it half-way while
     * it is evaluated: bytes not valid in the charset ({@link BulkEncodingException}, with line and byte offset) and,
     * in a CSV file, a quoted field holding a carriage return without a line feed ({@link BulkLineException} naming its
     * line; FastCSV 4.1 cannot be trusted to read it). A file that passes is read to its end by {@link #open}; one that
     * fails gets no verdict at all, not even for the lines before the fault.
     */
    public static void precheck(InputStream raw, Format format, ReadOptions options) {
        if (format == Format.XLSX) {
            // the archive guard (every entry inflated: a cut or corrupt archive is refused), its parts, the sheet and its
            // header; the rows are not parsed twice: a sheet whose XML is damaged past its header, which the archive's
            // checksums leave to a file written wrong, fails its job naming the row, and the job leaves no verdict
            try (RecordSource workbook = open(raw, format, options)) {
                return;
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        try (StrictDecodingReader decoded = new StrictDecodingReader(decompressed(raw), options.charset())) {
            if (format == Format.NDJSON) {
                drain(decoded);
                return;
            }
            BufferedReader reader = new BufferedReader(decoded, 1 << 16);
            long blankLines = skipBlankLines(reader);
            char separator = options.separator() != null ? options.separator() : CsvRecordSource.separatorOf(peekLine(reader));
            QuoteStateReader quotes = new QuoteStateReader(reader, separator);
            drain(quotes);
            if (quotes.loneCarriageReturnLine() > 0) {
                throw new BulkLineException(BulkLineException.LONE_CR_IN_QUOTES, blankLines + quotes.loneCarriageReturnLine());
            }
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new BulkFormatException(BulkFormatException.GZIP_DAMAGED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void drain(java.io.Reader reader) throws IOException {
        char[] buffer = new char[1 << 16];
        while (reader.read(buffer, 0, buffer.length) >= 0) {
            // reading is the check
        }
    }

    /** Consumes the blank lines before a CSV header (they hold no quote) and says how many there were. */
    private static long skipBlankLines(BufferedReader reader) throws IOException {
        long skipped = 0;
        while (true) {
            reader.mark(MAX_LINE + 2);
            int length = 0;
            int c = reader.read();
            while (c >= 0 && c != '\n' && c != '\r' && Character.isWhitespace(c) && length++ <= MAX_LINE) {
                c = reader.read();
            }
            if (c != '\n' && c != '\r') {
                reader.reset();
                return skipped;
            }
            if (c == '\r') {
                reader.mark(1);
                if (reader.read() != '\n') {
                    reader.reset();
                }
            }
            skipped++;
        }
    }

    /** The next line (at most {@link #MAX_LINE} characters of it), left unread. */
    private static String peekLine(BufferedReader reader) throws IOException {
        reader.mark(MAX_LINE + 1);
        StringBuilder line = new StringBuilder();
        int c;
        while (line.length() < MAX_LINE && (c = reader.read()) >= 0 && c != '\n' && c != '\r') {
            line.append((char) c);
        }
        reader.reset();
        return line.toString();
    }

    /**
     * The format a file name says: .csv, .ndjson, .jsonl or .xlsx (with or without .gz). An Excel file of another
     * kind (.xls, .xlsm, .xlsb) is refused saying to save it as .xlsx.
     */
    public static Format formatOf(String fileName) {
        String name = fileName == null ? "" : fileName.toLowerCase(java.util.Locale.ROOT).replaceFirst("\\.gz$", "");
        if (name.endsWith(".csv") || name.endsWith(".txt")) {
            return Format.CSV;
        }
        if (name.endsWith(".ndjson") || name.endsWith(".jsonl") || name.endsWith(".json")) {
            return Format.NDJSON;
        }
        if (name.endsWith(".xlsx")) {
            return Format.XLSX;
        }
        for (String excel : List.of(".xls", ".xlsm", ".xlsb", ".xltx", ".xltm")) {
            if (name.endsWith(excel)) {
                throw new BulkFormatException(XlsxRecordSource.OTHER_EXCEL_NAME, XlsxRecordSource.printable(fileName), excel);
            }
        }
        throw new BulkFormatException(BulkFormatException.UNKNOWN_FORMAT, fileName);
    }

    private static BufferedReader reader(InputStream raw, Charset charset) {
        try {
            return new BufferedReader(new StrictDecodingReader(decompressed(raw), charset), 1 << 16);
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            throw new BulkFormatException(BulkFormatException.GZIP_DAMAGED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The file's bytes, gunzipped when its first bytes are gzip's magic number. */
    static InputStream decompressed(InputStream raw) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, 1 << 16);
        in.mark(2);
        int b1 = in.read();
        int b2 = in.read();
        in.reset();
        if (b1 == 0x1f && b2 == 0x8b) {
            try {
                return new GZIPInputStream(in, 1 << 16);
            } catch (java.util.zip.ZipException | java.io.EOFException e) {
                throw new BulkFormatException(BulkFormatException.GZIP_BAD_HEADER);
            }
        }
        return in;
    }

    /** The next line, or null at the end of the file. Blank lines are skipped; an over-long line is rejected unread. */
    public ParsedLine next() {
        String text = nextNonBlank();
        if (text == null) {
            return null;
        }
        return text == TOO_LONG ? tooLong() : parse(text);
    }

    /** One non-blank line of at most {@link #MAX_LINE} characters, as a record or the reason it is rejected. */
    protected abstract ParsedLine parse(String text);

    /** Warnings about the file as a whole (unknown columns), each reported once, by message code. */
    public List<io.listguard.domain.CodedText> warningTexts() {
        return List.of();
    }

    /** The warnings in English, as a job's result and the API say them. */
    public List<String> warnings() {
        return warnings(Messages.ENGLISH);
    }

    /** The warnings in a language (issue 16: the console's and the CLI's reader). */
    public List<String> warnings(java.util.Locale locale) {
        return warningTexts().stream().map(w -> w.render(locale)).toList();
    }

    /**
     * The listguard columns the file gives, after mapping (tabular files: what the header, through the profile if
     * any, holds); null for NDJSON, whose fields are per line.
     * The evidence the campaign needs is checked against them before any line is read ({@link FileEvidence}).
     */
    public java.util.Set<String> columns() {
        return null;
    }

    /**
     * Numbers the lines of a piece of a file as the whole file numbers them: the piece, read after the file's header
     * ({@link RecordBoundaries}), starts {@code lines} lines after the header's next line. Called before the first
     * {@link #next()}; line numbers in rejected lines' reasons follow.
     */
    public void offsetLines(long lines) {
        lineOffset = lines;
        lineNumber += lines;
    }

    /**
     * The file's line that holds the header (a CSV file's, after the lines above a profile's header row and blank
     * ones); 0 for a format without a header line (NDJSON) or whose rows are not lines (XLSX).
     */
    public long headerLineNumber() {
        return 0;
    }

    /** The field separator of a CSV file (declared or told from its header line); null for other formats. */
    public Character fieldSeparator() {
        return null;
    }

    /**
     * The share of the file read so far, from 0 to 1, when the source knows it better than the bytes counted on its
     * input (XLSX: the upload is copied before any row is read, so the sheet's XML tells); -1 otherwise.
     */
    public double fractionRead() {
        return -1;
    }

    /** The next non-blank line (null at the end, {@link #TOO_LONG} for an over-long one). */
    protected String nextNonBlank() {
        String text;
        do {
            text = readLine();
        } while (text != null && text != TOO_LONG && text.isBlank());
        return text;
    }

    /** The rejection of an over-long line, as both formats word it. */
    protected ParsedLine tooLong() {
        return ParsedLine.rejected(lineNumber, io.listguard.domain.CodedText.of("bulk.line.tooLong", MAX_LINE));
    }

    /** Marks a line longer than {@link #MAX_LINE}: its text is dropped as it is read, never held. */
    protected static final String TOO_LONG = new String("\u0000too-long");

    private final char[] buffer = new char[1 << 16];
    private int position;
    private int limit;
    private final StringBuilder line = new StringBuilder(256);

    /**
     * Reads one line (\n, \r\n or \r), skipping a leading BOM; null at the end of the file. A line longer than
     * {@link #MAX_LINE} comes back as {@link #TOO_LONG} and is skipped as it is read.
     */
    protected String readLine() {
        try {
            line.setLength(0);
            boolean tooLong = false;
            boolean any = false;
            while (true) {
                if (position == limit) {
                    limit = reader.read(buffer, 0, buffer.length);
                    position = 0;
                    if (limit <= 0) {
                        limit = 0;
                        if (!any) {
                            return null;
                        }
                        break;
                    }
                }
                char c = buffer[position++];
                any = true;
                if (c == '\n') {
                    break;
                }
                if (c == '\r') {
                    if (position == limit) {
                        limit = reader.read(buffer, 0, buffer.length);
                        position = 0;
                        if (limit <= 0) {
                            limit = 0;
                            break;
                        }
                    }
                    if (buffer[position] == '\n') {
                        position++;
                    }
                    break;
                }
                if (!tooLong) {
                    if (line.length() >= MAX_LINE) {
                        tooLong = true;
                        line.setLength(0);
                    } else {
                        line.append(c);
                    }
                }
            }
            lineNumber++;
            if (tooLong) {
                return TOO_LONG;
            }
            if (lineNumber == 1 + lineOffset && !line.isEmpty() && line.charAt(0) == '\uFEFF') {
                line.deleteCharAt(0);
            }
            return line.toString();
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            // only a gzip-compressed file fails this way: its compressed data is corrupt or ends early
            throw new BulkFormatException(BulkFormatException.GZIP_DAMAGED_AFTER_LINE, lineNumber);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        if (reader != null) {
            reader.close(); // a source that reads no text (XLSX) has none
        }
    }
}
