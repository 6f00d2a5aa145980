package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatCode;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 5: the whole-file pre-check run at upload (and by the CLI) before a file is accepted. A quoted
 * field holding a lone carriage return used to fail the job after it was accepted; it is refused at once, naming
 * its line, in the same pass as the encoding check.
 */
class RecordSourcePrecheckTest {

    private static void precheck(String text, RecordSource.Format format) {
        RecordSource.precheck(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), format, StandardCharsets.UTF_8);
    }

    private static BulkLineException refusal(String text) {
        try {
            precheck(text, RecordSource.Format.CSV);
        } catch (BulkLineException e) {
            return e;
        }
        throw new AssertionError("not refused: " + text.replace("\r", "\\r").replace("\n", "\\n"));
    }

    @Test
    void aLoneCarriageReturnInsideQuotesRefusesTheFileNamingItsLine() {
        BulkLineException e = refusal("id,kind,postal_address\nr-1,PERSON,x\nr-2,PERSON,\"12 rue des Lilas\r75011 Paris\"\nr-3,PERSON,y\n");

        assertThat(e.line()).isEqualTo(3);
        assertThat(e.code()).isEqualTo(BulkLineException.LONE_CR_IN_QUOTES);
        assertThat(e.getMessage()).startsWith("line 3: a quoted field holds a carriage return without a line feed")
                .doesNotContain("Lilas").doesNotContain("Paris");
        assertThat(e.message(java.util.Locale.FRENCH)).startsWith("ligne 3 : un champ entre guillemets contient un retour chariot");
        assertThat(e).isInstanceOf(BulkFormatException.class);
    }

    @Test
    void theLineCountsLineBreaksInsideQuotesBlankLinesBeforeTheHeaderAndCrlf() {
        assertThat(refusal("id,kind,postal_address\r\nr-1,PERSON,\"a\r\nb\r\nc\"\r\nr-2,PERSON,\"d\re\"\r\n").line()).isEqualTo(5);
        assertThat(refusal("\n\r\n  \nid;kind;postal_address\nr-1;PERSON;\"a\rb\"\n").line()).isEqualTo(5);
        assertThat(refusal("id,kind,postal_address\nr-1,PERSON,\"ends with a CR\r").line()).as("at the very end of the file").isEqualTo(2);
        assertThat(refusal("id\tkind\tpostal_address\nr-1\tPERSON\t\"a\rb\"\n").line()).as("tab separated").isEqualTo(2);
    }

    @Test
    void crlfInsideQuotesOldMacLineEndsOutsideQuotesAndQuotesInsideUnquotedFieldsPass() {
        assertThatCode(() -> precheck("id,kind,postal_address\r\nr-1,PERSON,\"a\r\nb\"\r\n", RecordSource.Format.CSV)).doesNotThrowAnyException();
        assertThatCode(() -> precheck("id,kind\rr-1,PERSON\rr-2,PERSON\r", RecordSource.Format.CSV)).as("CR line ends outside quotes")
                .doesNotThrowAnyException();
        // with ';' as the separator, the ',' does not start a field: the quote after it is text, not an opening quote
        assertThatCode(() -> precheck("id;kind;postal_address\nr-1;PERSON;a,\"b\rc\n", RecordSource.Format.CSV)).doesNotThrowAnyException();
        assertThatCode(() -> precheck("{\"id\": \"r-1\", \"kind\": \"PERSON\", \"postalAddress\": \"a\rb\"}\n", RecordSource.Format.NDJSON))
                .as("NDJSON has no quoted CSV fields").doesNotThrowAnyException();
    }

    @Test
    void aDeclaredSeparatorDecidesWhereFieldsStart() {
        String text = "id,kind;postal_address\nr-1,PERSON;\"a\rb\"\n";
        assertThatCode(() -> RecordSource.precheck(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), RecordSource.Format.CSV,
                new ReadOptions(StandardCharsets.UTF_8, ',', null))).doesNotThrowAnyException();
        assertThatThrownBy(() -> RecordSource.precheck(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), RecordSource.Format.CSV,
                new ReadOptions(StandardCharsets.UTF_8, ';', null))).isInstanceOf(BulkLineException.class);
    }

    @Test
    void theEncodingIsCheckedInTheSamePassAndAGzipFileIsReadUncompressed() throws IOException {
        byte[] latin1 = "id,kind,postal_address\nr-1,PERSON,\"Fran\u00e7ois\"\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> RecordSource.precheck(new ByteArrayInputStream(latin1), RecordSource.Format.CSV, StandardCharsets.UTF_8))
                .isInstanceOf(BulkEncodingException.class).hasMessageContaining("line 2, byte offset 39");
        assertThatCode(() -> RecordSource.precheck(new ByteArrayInputStream(latin1), RecordSource.Format.CSV, RecordCharsets.WINDOWS_1252))
                .doesNotThrowAnyException();

        ByteArrayOutputStream gz = new ByteArrayOutputStream();
        try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
            out.write("id,kind,postal_address\nr-1,PERSON,\"a\rb\"\n".getBytes(StandardCharsets.UTF_8));
        }
        assertThatThrownBy(() -> RecordSource.precheck(new ByteArrayInputStream(gz.toByteArray()), RecordSource.Format.CSV, StandardCharsets.UTF_8))
                .isInstanceOf(BulkLineException.class).hasMessageStartingWith("line 2:");
    }

    /**
     * Random files of quotes, separators and line ends: the pre-check refuses every file the reader would fail on while
     * the job runs (it is stricter only where the reader skips a quoted field that is blank but for the CR).
     */
    @Test
    void thePrecheckRefusesEveryFileTheReaderWouldFailOnWhileTheJobRuns() throws IOException {
        java.util.Random random = new java.util.Random(12);
        String alphabet = "ab,;\t\"\"\r\n ";
        int refused = 0;
        int failing = 0;
        for (int n = 0; n < 1500; n++) {
            StringBuilder text = new StringBuilder(List.of("id,kind,postal_address\n", "id;kind;postal_address\r\n", "\r\nid\tkind\tpostal_address\r")
                    .get(random.nextInt(3)));
            int length = random.nextInt(40);
            for (int i = 0; i < length; i++) {
                text.append(alphabet.charAt(random.nextInt(alphabet.length())));
            }
            boolean precheckRefuses;
            try {
                precheck(text.toString(), RecordSource.Format.CSV);
                precheckRefuses = false;
            } catch (BulkLineException e) {
                precheckRefuses = true;
                refused++;
            }
            boolean readerFails = false;
            try (RecordSource source = RecordSource.open(new ByteArrayInputStream(text.toString().getBytes(StandardCharsets.UTF_8)),
                    RecordSource.Format.CSV)) {
                while (source.next() != null) {
                    // read to the end
                }
            } catch (BulkFormatException e) {
                readerFails = e.getMessage().contains("carriage return");
            }
            if (readerFails) {
                assertThat(precheckRefuses).as(text.toString().replace("\r", "\\r").replace("\n", "\\n").replace("\t", "\\t")).isTrue();
                failing++;
            }
        }
        assertThat(failing).as("the random files do hold lone carriage returns inside quotes").isGreaterThan(50);
        assertThat(refused).isLessThan(failing + failing / 10);
    }

    @Test
    void whatThePrecheckLetsThroughTheReaderReadsToTheEnd() throws IOException {
        String text = "id,kind,postal_address\r\nr-1,PERSON,\"a\r\nb\"\r\nr-2,PERSON,c\r\n";
        precheck(text, RecordSource.Format.CSV);
        try (RecordSource source = RecordSource.open(new ByteArrayInputStream(text.getBytes(StandardCharsets.UTF_8)), RecordSource.Format.CSV)) {
            assertThat(source.next().line()).isEqualTo(2);
            assertThat(source.next().line()).isEqualTo(4);
            assertThat(source.next()).isNull();
        }
    }
}
