package io.listguard.bulk;

import java.io.FilterReader;
import java.io.IOException;
import java.io.Reader;

/**
 * Watches the characters the CSV library reads, only to tell whether the file ended inside a quoted field: FastCSV
 * reads such a field to the end of the file without saying so, and a record whose quote is never closed must be
 * rejected, not evaluated. It follows RFC 4180 as FastCSV reads it (a quote opens a field only at its start, {@code ""}
 * inside quotes is a quote, characters after a closing quote are kept: {@link RecordBoundaries#step}); it splits nothing.
 */
final class QuoteStateReader extends FilterReader {

    private static final int FIELD_START = RecordBoundaries.FIELD_START;
    private static final int QUOTED = RecordBoundaries.QUOTED;

    private final char separator;
    private int state = FIELD_START;
    private boolean crInQuotes;
    private boolean loneCrInQuotes;
    /** The line being read, counted as the strict decoder counts ({@code \n}, {@code \r\n}, {@code \r}), and that of the first lone CR. */
    private long line = 1;
    private boolean afterCr;
    private long crLine;
    private long loneCrLine = -1;

    QuoteStateReader(Reader in, char separator) {
        super(in);
        this.separator = separator;
    }

    /** Whether the characters read so far end inside a quoted field (meaningful once the end is reached). */
    boolean insideQuotes() {
        return state == QUOTED;
    }

    /**
     * Whether a quoted field held a carriage return not followed by a line feed (old Mac line ends): FastCSV 4.1
     * loses such a field, so the file is refused rather than misread.
     */
    boolean loneCarriageReturnInQuotes() {
        return loneCrInQuotes;
    }

    /** The line (from 1, of the characters this reader read) of the first such carriage return, or -1. */
    long loneCarriageReturnLine() {
        return loneCrLine;
    }

    @Override
    public int read(char[] buffer, int offset, int length) throws IOException {
        int n = in.read(buffer, offset, length);
        int s = state;
        for (int i = offset; i < offset + n; i++) {
            char c = buffer[i];
            if (crInQuotes && c != '\n') {
                loneCr();
            }
            crInQuotes = s == QUOTED && c == '\r';
            if (c == '\r') {
                crLine = line++;
                afterCr = true;
            } else {
                if (c == '\n' && !afterCr) {
                    line++;
                }
                afterCr = false;
            }
            s = RecordBoundaries.step(s, c, separator);
        }
        state = s;
        if (n < 0 && crInQuotes) {
            loneCr();
        }
        return n;
    }

    private void loneCr() {
        if (!loneCrInQuotes) {
            loneCrLine = crLine;
        }
        loneCrInQuotes = true;
    }

    @Override
    public int read() throws IOException {
        char[] one = new char[1];
        return read(one, 0, 1) < 0 ? -1 : one[0];
    }
}
