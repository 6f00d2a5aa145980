package io.listguard.bulk;

/**
 * A records file whose bytes are not valid in its charset, or that holds U+FFFD (the mark of an earlier lossy
 * conversion): the whole file is refused, no record of it evaluated. It names the line (from 1, as an editor counts)
 * and the byte offset (from 0, in the uncompressed file, BOM included) of the first bad byte, and, when the bytes look
 * like Windows-1252, the charset to declare ({@link #suggestedCharset()}).
 */
public class BulkEncodingException extends BulkFormatException {

    public static final String INVALID = "bulk.encoding.invalid";
    public static final String LOOKS_WINDOWS_1252 = "bulk.encoding.looksWindows1252";
    public static final String REPLACEMENT_CHARACTER = "bulk.encoding.replacementCharacter";

    private final long line;
    private final long byteOffset;
    private final String bytes;
    private final String charset;

    BulkEncodingException(String code, long line, long byteOffset, String bytes, String charset) {
        super(code, String.valueOf(line), String.valueOf(byteOffset), bytes, charset);
        this.line = line;
        this.byteOffset = byteOffset;
        this.bytes = bytes;
        this.charset = charset;
    }

    public long line() {
        return line;
    }

    public long byteOffset() {
        return byteOffset;
    }

    /** The bad bytes, as hexadecimal ({@code 0xE7}): never text of the file. */
    public String bytes() {
        return bytes;
    }

    /** The charset the file was read in. */
    public String charset() {
        return charset;
    }

    /** {@code windows-1252} when the bytes look like it, else null. */
    public String suggestedCharset() {
        return LOOKS_WINDOWS_1252.equals(code()) ? RecordCharsets.WINDOWS_1252.name() : null;
    }

    @Override
    public BulkFormatException inWholeFile(long headerLine, long dataStart, RecordBoundaries.Piece piece) {
        return byteOffset < dataStart ? this
                : new BulkEncodingException(code(), line + piece.firstLine() - (headerLine + 1), byteOffset + piece.start() - dataStart, bytes, charset);
    }
}
