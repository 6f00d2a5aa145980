package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.domain.Messages;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, encodings: a records file is decoded strictly in its declared charset (UTF-8 by default); a byte that is
 * not valid in it refuses the whole file with its line and byte offset, never a replacement character in a record.
 */
class RecordSourceCharsetTest {

    static final Charset CP1252 = RecordCharsets.WINDOWS_1252;

    /** What French Excel writes for "CSV (séparateur : point-virgule)": Windows-1252, CRLF. */
    static final String FRENCH_EXCEL = "id;kind;email;postal_address\r\n"
            + "c-1;PERSON;marie.curie@example.org;1 rue des Écoles\r\n"
            + "c-2;PERSON;françois.garçon@example.org;3 place de l’Église\r\n";

    private static List<ParsedLine> read(byte[] bytes, RecordSource.Format format, Charset charset) throws IOException {
        List<ParsedLine> lines = new ArrayList<>();
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(bytes), format, charset)) {
            ParsedLine line;
            while ((line = source.next()) != null) {
                lines.add(line);
            }
        }
        return lines;
    }

    private static BulkEncodingException refusal(byte[] bytes, Charset charset) {
        BulkEncodingException checked = (BulkEncodingException) org.assertj.core.api.Assertions.catchThrowable(
                () -> RecordSource.checkEncoding(new ByteArrayInputStream(bytes), charset));
        assertThat(checked).as("checkEncoding refuses the file").isNotNull();
        // reading it refuses it the same way, at the same byte, whatever lines came before
        assertThatThrownBy(() -> read(bytes, RecordSource.Format.CSV, charset)).isInstanceOfSatisfying(BulkEncodingException.class, e -> {
            assertThat(e.line()).isEqualTo(checked.line());
            assertThat(e.byteOffset()).isEqualTo(checked.byteOffset());
            assertThat(e.code()).isEqualTo(checked.code());
        });
        return checked;
    }

    private static int indexOf(byte[] bytes, int value) {
        for (int i = 0; i < bytes.length; i++) {
            if ((bytes[i] & 0xFF) == value) {
                return i;
            }
        }
        throw new AssertionError("no byte " + value);
    }

    @Test
    void aWindows1252FileWithItsCharsetReadsEveryLetter() throws IOException {
        byte[] bytes = FRENCH_EXCEL.getBytes(CP1252);
        RecordSource.checkEncoding(new ByteArrayInputStream(bytes), CP1252);
        List<ParsedLine> lines = read(bytes, RecordSource.Format.CSV, CP1252);
        assertThat(lines).extracting(ParsedLine::rejected).containsExactly(false, false);
        assertThat(lines.get(1).record().email()).isEqualTo("françois.garçon@example.org");
        assertThat(lines.get(1).record().postalAddress()).isEqualTo("3 place de l’Église");
        assertThat(lines.get(0).record().postalAddress()).isEqualTo("1 rue des Écoles");
    }

    @Test
    void aWindows1252FileReadAsUtf8IsRefusedAtItsFirstBadByteWithAHint() {
        byte[] bytes = FRENCH_EXCEL.getBytes(CP1252);
        BulkEncodingException e = refusal(bytes, StandardCharsets.UTF_8);
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.byteOffset()).isEqualTo(indexOf(bytes, 0xC9)); // the É of "Écoles", line 2
        assertThat(e.code()).isEqualTo(BulkEncodingException.LOOKS_WINDOWS_1252);
        assertThat(e.suggestedCharset()).isEqualTo("windows-1252");
        assertThat(e.getMessage()).startsWith("line 2, byte offset " + indexOf(bytes, 0xC9) + ": the bytes 0xC9 are not valid UTF-8")
                .contains("look like Windows-1252: set charset to windows-1252");
        assertThat(e.message(Messages.FRENCH)).startsWith("ligne 2, octet " + indexOf(bytes, 0xC9) + " : les octets 0xC9")
                .contains("Windows-1252");
    }

    @Test
    void theLineAndOffsetAreRightPastTheDecodingBuffersAndWithEveryLineEnding() {
        StringBuilder text = new StringBuilder("id,kind,email\n");
        String[] endings = {"\n", "\r\n", "\r"};
        int lines = 1;
        for (int i = 0; text.length() < 200_000; i++) {
            text.append("r-").append(i).append(",PERSON,p").append(i).append("@example.org").append(endings[i % 3]);
            lines++;
        }
        text.append("\n\n"); // two blank lines, counted as an editor does
        lines += 2;
        byte[] head = text.toString().getBytes(StandardCharsets.UTF_8);
        byte[] tail = "bad,PERSON,fran".getBytes(StandardCharsets.UTF_8);
        ByteArrayOutputStream file = new ByteArrayOutputStream();
        file.writeBytes(head);
        file.writeBytes(tail);
        file.write(0xE7);
        file.writeBytes("ois@example.org\n".getBytes(StandardCharsets.UTF_8));
        BulkEncodingException e = refusal(file.toByteArray(), StandardCharsets.UTF_8);
        assertThat(e.line()).isEqualTo(lines + 1);
        assertThat(e.byteOffset()).isEqualTo(head.length + tail.length);
        assertThat(e.code()).isEqualTo(BulkEncodingException.LOOKS_WINDOWS_1252);
    }

    @Test
    void aBomIsHonouredAndRemoved() throws IOException {
        String csv = "id,kind,email\nb-1,PERSON,chloé@example.org\n";
        ByteArrayOutputStream utf8 = new ByteArrayOutputStream();
        utf8.writeBytes(new byte[] {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF});
        utf8.writeBytes(csv.getBytes(StandardCharsets.UTF_8));
        // a UTF-8 BOM wins over a declared single-byte charset: its bytes cannot start a header in Windows-1252
        for (Charset declared : List.of(StandardCharsets.UTF_8, CP1252)) {
            List<ParsedLine> lines = read(utf8.toByteArray(), RecordSource.Format.CSV, declared);
            assertThat(lines).singleElement().satisfies(l -> {
                assertThat(l.rejected()).as(l.error()).isFalse();
                assertThat(l.record().id()).isEqualTo("b-1");
                assertThat(l.record().email()).isEqualTo("chloé@example.org");
            });
        }
        for (Charset utf16 : List.of(StandardCharsets.UTF_16LE, StandardCharsets.UTF_16BE)) {
            ByteArrayOutputStream file = new ByteArrayOutputStream();
            file.writeBytes("\uFEFF".getBytes(utf16));
            file.writeBytes(csv.getBytes(utf16));
            RecordSource.checkEncoding(new ByteArrayInputStream(file.toByteArray()), StandardCharsets.UTF_8);
            assertThat(read(file.toByteArray(), RecordSource.Format.CSV, StandardCharsets.UTF_8)).singleElement()
                    .satisfies(l -> assertThat(l.record().email()).as(utf16.name()).isEqualTo("chloé@example.org"));
        }
    }

    @Test
    void gzipAndNdjsonAreDecodedTheSameWay() throws IOException {
        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write(FRENCH_EXCEL.getBytes(CP1252));
        }
        assertThat(read(gz.toByteArray(), RecordSource.Format.CSV, CP1252).get(1).record().email()).isEqualTo("françois.garçon@example.org");
        BulkEncodingException e = refusal(gz.toByteArray(), StandardCharsets.UTF_8);
        assertThat(e.byteOffset()).as("offset in the uncompressed file").isEqualTo(indexOf(FRENCH_EXCEL.getBytes(CP1252), 0xC9));

        byte[] ndjson = "{\"id\":\"n-1\",\"kind\":\"PERSON\",\"email\":\"gar\u00e7on@example.org\"}\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThat(read(ndjson, RecordSource.Format.NDJSON, StandardCharsets.ISO_8859_1).get(0).record().email()).isEqualTo("garçon@example.org");
        assertThatThrownBy(() -> read(ndjson, RecordSource.Format.NDJSON, StandardCharsets.UTF_8)).isInstanceOfSatisfying(BulkEncodingException.class,
                x -> assertThat(x.line()).isEqualTo(1));
    }

    @Test
    void iso885915HasTheEuroSignWhereLatin1HasTheCurrencySign() throws IOException {
        byte[] bytes = "id;kind;job_function\nb-1;PERSON;caissi\u00e8re \u20ac\n".getBytes(Charset.forName("ISO-8859-15"));
        assertThat(read(bytes, RecordSource.Format.CSV, RecordCharsets.resolve("ISO-8859-15")).get(0).record().jobFunction()).isEqualTo("caissière €");
        assertThat(read(bytes, RecordSource.Format.CSV, RecordCharsets.resolve("latin1")).get(0).record().jobFunction()).isEqualTo("caissière ¤");
    }

    @Test
    void bytesUndefinedInWindows1252AreRefusedWithoutAHint() {
        byte[] bytes = "id;kind;email\nb-1;PERSON;x\u0081@example.org\n".getBytes(StandardCharsets.ISO_8859_1);
        BulkEncodingException e = refusal(bytes, CP1252);
        assertThat(e.code()).isEqualTo(BulkEncodingException.INVALID);
        assertThat(e.byteOffset()).isEqualTo(indexOf(bytes, 0x81));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.suggestedCharset()).isNull();
        assertThat(e.getMessage()).isEqualTo("line 2, byte offset " + indexOf(bytes, 0x81)
                + ": the bytes 0x81 are not valid windows-1252; the file is refused and none of its records is evaluated");
    }

    @Test
    void aReplacementCharacterLeftByAnEarlierConversionIsRefused() {
        byte[] bytes = "id;kind;email\nb-1;PERSON;fran\uFFFDois@example.org\n".getBytes(StandardCharsets.UTF_8);
        BulkEncodingException e = refusal(bytes, StandardCharsets.UTF_8);
        assertThat(e.code()).isEqualTo(BulkEncodingException.REPLACEMENT_CHARACTER);
        assertThat(e.byteOffset()).isEqualTo(indexOf(bytes, 0xEF));
        assertThat(e.line()).isEqualTo(2);
        assertThat(e.getMessage()).contains("U+FFFD (bytes 0xEF 0xBF 0xBD)");
    }

    @Test
    void aSequenceCutShortAtTheEndIsRefused() {
        byte[] text = "id;kind\nb-1;PERSON\nb-2;PERSON".getBytes(StandardCharsets.UTF_8);
        byte[] bytes = java.util.Arrays.copyOf(text, text.length + 2);
        bytes[text.length] = (byte) 0xE2; // the first two bytes of a three-byte sequence (’)
        bytes[text.length + 1] = (byte) 0x80;
        BulkEncodingException e = refusal(bytes, StandardCharsets.UTF_8);
        assertThat(e.line()).isEqualTo(3);
        assertThat(e.byteOffset()).isEqualTo(text.length);
        assertThat(e.code()).isEqualTo(BulkEncodingException.INVALID);
    }

    @Test
    void charsetNamesAreResolvedOrRefusedNamingTheSupportedOnes() {
        assertThat(RecordCharsets.resolve(null)).isEqualTo(StandardCharsets.UTF_8);
        assertThat(RecordCharsets.resolve("utf8")).isEqualTo(StandardCharsets.UTF_8);
        assertThat(RecordCharsets.resolve("Windows-1252")).isEqualTo(CP1252);
        assertThat(RecordCharsets.resolve("cp1252")).isEqualTo(CP1252);
        assertThat(RecordCharsets.resolve("latin1")).isEqualTo(StandardCharsets.ISO_8859_1);
        assertThat(RecordCharsets.resolve("iso-8859-15")).isEqualTo(Charset.forName("ISO-8859-15"));
        for (String bad : List.of("EBCDIC-FR", "UTF-16", "no such charset!", "x-nonexistent")) {
            assertThatThrownBy(() -> RecordCharsets.resolve(bad)).isInstanceOfSatisfying(UnknownCharsetException.class, e -> {
                assertThat(e.getMessage()).isEqualTo("the charset ’" + bad + "’ is not supported: use one of UTF-8, ISO-8859-1, ISO-8859-15, windows-1252");
                assertThat(e.message(Messages.FRENCH)).startsWith("le jeu de caractères ’" + bad + "’ n’est pas pris en charge");
            });
        }
    }
}
