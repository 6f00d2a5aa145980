package io.listguard.bulk;

/**
 * A records file refused as a whole for what one of its lines holds (found by {@link RecordSource#precheck} before
 * the file is accepted): its message code and the line (from 1, as an editor counts), nothing of the line's content.
 */
public class BulkLineException extends BulkFormatException {

    public static final String LONE_CR_IN_QUOTES = "bulk.csv.carriageReturnInQuotesAt";

    private final long line;

    BulkLineException(String code, long line) {
        super(code, String.valueOf(line));
        this.line = line;
    }

    public long line() {
        return line;
    }

    @Override
    public BulkFormatException inWholeFile(long headerLine, long dataStart, RecordBoundaries.Piece piece) {
        return line <= headerLine ? this : new BulkLineException(code(), line + piece.firstLine() - (headerLine + 1));
    }
}
