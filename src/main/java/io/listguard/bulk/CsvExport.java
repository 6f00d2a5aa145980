package io.listguard.bulk;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import java.io.Closeable;
import java.io.Flushable;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.List;

/**
 * The one way listguard writes a CSV file that people open in a spreadsheet (the verdict and error files of bulk
 * jobs and of the CLI, the audit export): RFC 4180 by FastCSV's {@link CsvWriter} (separated by {@code ,}; a cell
 * holding a separator, a double quote or a line break is quoted, its quotes doubled), UTF-8, lines ended by LF, and
 * every cell a spreadsheet would run as a formula defused ({@link #neutralised}). Ids and reasons come from rented
 * files: a cell such as {@code =HYPERLINK(...)} must reach Excel as text.
 */
public final class CsvExport implements Closeable, Flushable {

    private final CsvWriter writer;

    /** A CSV file written to {@code out} (closed with this), buffered by {@code bufferSize} characters. */
    public CsvExport(OutputStream out, int bufferSize) {
        this.writer = CsvWriter.builder().fieldSeparator(',').quoteCharacter('"').lineDelimiter(LineDelimiter.LF)
                .bufferSize(bufferSize).build(out, StandardCharsets.UTF_8);
    }

    /** Writes one row; every cell is {@linkplain #neutralised neutralised}, a null cell is empty. */
    public CsvExport row(String... cells) {
        String[] safe = new String[cells.length];
        for (int i = 0; i < cells.length; i++) {
            safe[i] = neutralised(cells[i]);
        }
        writer.writeRecord(safe); // an I/O failure is FastCSV's UncheckedIOException
        return this;
    }

    public CsvExport row(List<String> cells) {
        return row(cells.toArray(String[]::new));
    }

    /**
     * A cell as a spreadsheet reads it as text: one that starts with {@code =}, {@code +}, {@code -}, {@code @}, a tab
     * or a carriage return (what Excel, LibreOffice and Google Sheets take for a formula, OWASP's "CSV injection") gets
     * a leading {@code '}; null becomes empty; anything else is unchanged. Applied to every cell: listguard writes no
     * negative number, so no real value is altered but those from the file.
     */
    public static String neutralised(String value) {
        if (value == null) {
            return "";
        }
        if (!value.isEmpty()) {
            char first = value.charAt(0);
            if (first == '=' || first == '+' || first == '-' || first == '@' || first == '\t' || first == '\r') {
                return "'" + value;
            }
        }
        return value;
    }

    @Override
    public void flush() {
        try {
            writer.flush();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() throws IOException {
        writer.close();
    }
}
