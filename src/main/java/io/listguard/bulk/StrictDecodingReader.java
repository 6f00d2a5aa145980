package io.listguard.bulk;

import java.io.IOException;
import java.io.InputStream;
import java.io.Reader;
import java.nio.ByteBuffer;
import java.nio.CharBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.Charset;
import java.nio.charset.CharsetDecoder;
import java.nio.charset.CoderResult;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;

/**
 * Decodes a records file strictly: bytes that are not valid in the charset, and U+FFFD (the replacement character
 * an earlier lossy conversion left), end the reading with a {@link BulkEncodingException} naming the line and byte
 * offset; a replacement character never reaches a record. A leading BOM (UTF-8, UTF-16 BE or LE) is removed and
 * decides the charset, whatever was declared: its bytes cannot start a header or a record in the other charsets.
 */
final class StrictDecodingReader extends Reader {

    private static final char REPLACEMENT = '\uFFFD';

    private final InputStream in;
    private final Charset charset;
    private final boolean bom;
    private final CharsetDecoder decoder;
    /** Read mode: the bytes not decoded yet. */
    private final ByteBuffer bytes = ByteBuffer.allocate(1 << 16);
    /** Read mode: the characters not handed out yet. */
    private final CharBuffer chars = CharBuffer.allocate(1 << 16);
    /** Bytes of the stream before {@code bytes}' index 0: offsets are {@code consumed + index}. */
    private long consumed;
    /** The line of the next character, counted as {@link RecordSource#readLine()} does (\n, \r\n, \r). */
    private long line = 1;
    private boolean afterCr;
    private boolean endOfInput;
    private boolean done;

    StrictDecodingReader(InputStream in, Charset declared) throws IOException {
        this.in = in;
        bytes.limit(0);
        while (bytes.limit() < 3 && fill()) {
            // the first bytes, to look for a BOM
        }
        Charset actual = declared;
        int skip = 0;
        if (startsWith(0xEF, 0xBB, 0xBF)) {
            actual = StandardCharsets.UTF_8;
            skip = 3;
        } else if (startsWith(0xFE, 0xFF)) {
            actual = StandardCharsets.UTF_16BE;
            skip = 2;
        } else if (startsWith(0xFF, 0xFE)) {
            actual = StandardCharsets.UTF_16LE;
            skip = 2;
        }
        bytes.position(skip);
        this.bom = skip > 0;
        this.charset = actual;
        this.decoder = actual.newDecoder().onMalformedInput(CodingErrorAction.REPORT).onUnmappableCharacter(CodingErrorAction.REPORT);
        chars.limit(0);
    }

    /** The charset the file is read in: the declared one, or the one its BOM says. */
    Charset charset() {
        return charset;
    }

    private boolean startsWith(int... prefix) {
        if (bytes.limit() < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if ((bytes.get(i) & 0xFF) != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    /** Reads more bytes after those left; false at the end of the stream. */
    private boolean fill() throws IOException {
        consumed += bytes.position();
        bytes.compact();
        int n = 0;
        while (n == 0 && bytes.hasRemaining()) {
            n = in.read(bytes.array(), bytes.arrayOffset() + bytes.position(), bytes.remaining());
        }
        if (n > 0) {
            bytes.position(bytes.position() + n);
        }
        bytes.flip();
        return n >= 0;
    }

    @Override
    public int read(char[] target, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        if (!chars.hasRemaining()) {
            if (done) {
                return -1;
            }
            decodeMore();
            if (!chars.hasRemaining()) {
                return -1;
            }
        }
        int n = Math.min(len, chars.remaining());
        chars.get(target, off, n);
        return n;
    }

    /** Decodes at least one character into {@code chars}, or reaches the end. */
    private void decodeMore() throws IOException {
        chars.clear();
        while (chars.position() == 0 && !done) {
            int bytesFrom = bytes.position();
            int charsFrom = chars.position();
            CoderResult result = decoder.decode(bytes, chars, endOfInput);
            check(charsFrom, bytesFrom);
            if (result.isError()) {
                throw invalid(result.length());
            }
            if (result.isUnderflow()) {
                if (endOfInput) {
                    charsFrom = chars.position();
                    if (decoder.flush(chars).isError()) {
                        throw invalid(1);
                    }
                    check(charsFrom, bytes.position());
                    done = true;
                } else if (!fill()) {
                    endOfInput = true;
                }
            }
        }
        chars.flip();
    }

    /** Counts the lines of the characters just decoded, and refuses a replacement character among them. */
    private void check(int from, int bytesFrom) {
        for (int i = from; i < chars.position(); i++) {
            char c = chars.get(i);
            if (c == REPLACEMENT) {
                throw new BulkEncodingException(BulkEncodingException.REPLACEMENT_CHARACTER, line,
                        consumed + bytesFrom + encodedLength(from, i), hex(charset.encode(String.valueOf(REPLACEMENT))), charset.name());
            }
            if (c == '\r') {
                line++;
                afterCr = true;
            } else {
                if (c == '\n' && !afterCr) {
                    line++;
                }
                afterCr = false;
            }
        }
    }

    private int encodedLength(int from, int to) {
        try {
            return charset.newEncoder().encode(CharBuffer.wrap(chars.array(), from, to - from)).remaining();
        } catch (CharacterCodingException e) {
            throw new IllegalStateException("decoded characters that do not encode back", e);
        }
    }

    private BulkEncodingException invalid(int length) {
        int at = bytes.position();
        int end = Math.min(bytes.limit(), at + Math.max(1, length));
        ByteBuffer bad = bytes.duplicate().position(at).limit(end);
        int next = at + 1 < bytes.limit() ? bytes.get(at + 1) & 0xFF : -1; // the byte after the first bad one
        boolean looks1252 = !bom && charset.equals(StandardCharsets.UTF_8) && end > at && looksLikeWindows1252(bytes.get(at) & 0xFF, next);
        return new BulkEncodingException(looks1252 ? BulkEncodingException.LOOKS_WINDOWS_1252 : BulkEncodingException.INVALID, line,
                consumed + at, hex(bad), charset.name());
    }

    /**
     * Whether a byte that is not UTF-8 reads as a letter or a sign in Windows-1252, alone (the next byte does not
     * continue a UTF-8 sequence): the mark of a file saved by Excel on a French Windows, or in ISO-8859-1.
     */
    static boolean looksLikeWindows1252(int b, int next) {
        if (b < 0x80 || (next >= 0x80 && next <= 0xBF)) {
            return false;
        }
        CharBuffer decoded;
        try {
            decoded = RecordCharsets.WINDOWS_1252.newDecoder().onMalformedInput(CodingErrorAction.REPORT)
                    .onUnmappableCharacter(CodingErrorAction.REPORT).decode(ByteBuffer.wrap(new byte[] {(byte) b}));
        } catch (CharacterCodingException e) {
            return false;
        }
        char c = decoded.get(0);
        return Character.isLetter(c) || (!Character.isISOControl(c) && !Character.isWhitespace(c) && c != '\u00AD');
    }

    private static String hex(ByteBuffer bytes) {
        StringBuilder text = new StringBuilder();
        HexFormat format = HexFormat.of().withUpperCase();
        while (bytes.hasRemaining()) {
            text.append(text.isEmpty() ? "" : " ").append("0x").append(format.toHexDigits(bytes.get()));
        }
        return text.toString();
    }

    @Override
    public void close() throws IOException {
        in.close();
    }
}
