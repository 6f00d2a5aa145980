package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.Charset;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 12, item 5: the RFC 4180 rows of a suppression file (FastCSV over the strict decoder), none lost to a missing quote. */
class CsvRowsTest {

    private static List<CsvRows.Row> rows(String text, Character separator, int maxLength) {
        return rows(text.getBytes(StandardCharsets.UTF_8), StandardCharsets.UTF_8, separator, maxLength);
    }

    private static List<CsvRows.Row> rows(byte[] bytes, Charset charset, Character separator, int maxLength) {
        try (CsvRows rows = CsvRows.open(new ByteArrayInputStream(bytes), charset, separator, maxLength)) {
            List<CsvRows.Row> all = new ArrayList<>();
            for (CsvRows.Row row = rows.next(); row != null; row = rows.next()) {
                all.add(row);
            }
            return all;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Test
    void quotedFieldsHoldSeparatorsAndDoubledQuotesAndEveryLineEndCounts() {
        List<CsvRows.Row> rows = rows("a;\"b;c\";\"say \"\"no\"\"\"\r\n\n  \nd;e\rf;\"\"\n", null, 100);

        assertThat(rows).extracting(CsvRows.Row::line).containsExactly(1L, 4L, 5L);
        assertThat(rows.get(0).fields()).containsExactly("a", "b;c", "say \"no\"");
        assertThat(rows.get(1).fields()).containsExactly("d", "e");
        assertThat(rows.get(2).fields()).containsExactly("f", "");
        assertThat(rows).extracting(CsvRows.Row::problem).containsOnlyNulls();
    }

    @Test
    void theSeparatorIsToldByTheFirstLineHoldingOneOutsideQuotesOrGiven() {
        try (CsvRows rows = CsvRows.open(new ByteArrayInputStream("email\n\"x,y\"\na\tb\tc,d\ne\tf\n".getBytes(StandardCharsets.UTF_8)),
                StandardCharsets.UTF_8, null, 100)) {
            assertThat(rows.next().fields()).containsExactly("email");
            assertThat(rows.next().fields()).as("a comma inside quotes tells nothing").containsExactly("x,y");
            assertThat(rows.separator()).isNull();
            assertThat(rows.next().fields()).containsExactly("a", "b", "c,d");
            assertThat(rows.separator()).isEqualTo('\t');
            assertThat(rows.separatorLine()).isEqualTo(3);
            assertThat(rows.next().fields()).containsExactly("e", "f");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        assertThat(rows("a,b;c\n", ',', 100).get(0).fields()).containsExactly("a", "b;c");
        assertThat(rows("a,b;c\n", ';', 100).get(0).fields()).containsExactly("a,b", "c");
        assertThatThrownBy(() -> CsvRows.open(new ByteArrayInputStream(new byte[0]), StandardCharsets.UTF_8, '|', 100))
                .isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void aQuoteOpenAtTheEndOfItsLineRejectsThatLineOnlyAndTheNextLinesAreRowsOfTheirOwn() {
        List<CsvRows.Row> rows = rows("a,\"b\r\nc\rd\",e\nf,g\n", null, 100);

        assertThat(rows).extracting(CsvRows.Row::line).containsExactly(1L, 2L, 3L, 4L);
        assertThat(rows.get(0).problem()).isEqualTo(CsvRows.Problem.UNCLOSED_QUOTE);
        assertThat(rows.get(0).column()).isEqualTo(2);
        assertThat(rows.get(0).fields()).isEmpty();
        assertThat(rows.get(1).fields()).containsExactly("c");
        assertThat(rows.get(2).fields()).as("a quote inside an unquoted field is text").containsExactly("d\"", "e");
        assertThat(rows.get(3).fields()).containsExactly("f", "g");

        List<CsvRows.Row> atTheEnd = rows("a,b\nc,\"d\ne,f\ng,\"h\",i\n", null, 100);
        assertThat(atTheEnd).extracting(CsvRows.Row::line).containsExactly(1L, 2L, 3L, 4L);
        assertThat(atTheEnd.get(1).problem()).isEqualTo(CsvRows.Problem.UNCLOSED_QUOTE);
        assertThat(atTheEnd.get(2).fields()).containsExactly("e", "f");
        assertThat(atTheEnd.get(3).fields()).containsExactly("g", "h", "i");
    }

    @Test
    void noLineIsLostBetweenAnOpenQuoteAndALaterLineThatWouldCloseIt() {
        StringBuilder text = new StringBuilder("x,\"opened\n");
        for (int i = 0; i < 20; i++) {
            text.append("r").append(i).append(",ok\n");
        }
        text.append("closed\",late\n");
        List<CsvRows.Row> rows = rows(text.toString(), null, 1000);

        assertThat(rows.get(0).problem()).isEqualTo(CsvRows.Problem.UNCLOSED_QUOTE);
        assertThat(rows.subList(1, 21)).extracting(r -> r.fields().get(0)).containsExactlyElementsOf(
                java.util.stream.IntStream.range(0, 20).mapToObj(i -> "r" + i).toList());
        assertThat(rows.get(21).line()).isEqualTo(22);
        assertThat(rows.get(21).fields()).containsExactly("closed\"", "late");
    }

    @Test
    void aLineLongerThanTheLimitIsARejectedRowAndTheNextLineIsRead() {
        List<CsvRows.Row> rows = rows("a,b\n" + "x".repeat(500) + "\nc,d\n", null, 100);

        assertThat(rows).extracting(CsvRows.Row::problem).containsExactly(null, CsvRows.Problem.TOO_LONG, null);
        assertThat(rows.get(2).line()).isEqualTo(3);
        assertThat(rows.get(2).fields()).containsExactly("c", "d");
    }

    @Test
    void theFileIsDecodedStrictlyWithItsBomHonoured() {
        byte[] latin1 = "a,b\nandr\u00e9,c\n".getBytes(StandardCharsets.ISO_8859_1);
        assertThatThrownBy(() -> rows(latin1, StandardCharsets.UTF_8, null, 100)).isInstanceOf(BulkEncodingException.class)
                .hasMessageStartingWith("line 2, byte offset 8:");
        assertThat(rows(latin1, RecordCharsets.WINDOWS_1252, null, 100).get(1).fields()).containsExactly("andr\u00e9", "c");

        byte[] bom = "\uFEFFemail;reason\n".getBytes(StandardCharsets.UTF_8);
        assertThat(rows(bom, RecordCharsets.WINDOWS_1252, null, 100).get(0).fields()).as("the BOM says UTF-8").containsExactly("email", "reason");
    }
}
