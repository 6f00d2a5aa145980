package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import io.listguard.domain.LegalBasis;
import io.listguard.evaluation.RecordVerdict;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Issue 12, item 5: every CSV export is written by FastCSV (RFC 4180) through {@link CsvExport}, and a cell that a
 * spreadsheet would run as a formula reaches it as text. Ids and reasons come from rented files.
 */
class CsvExportTest {

    private static String written(java.util.function.Consumer<CsvExport> rows) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (CsvExport csv = new CsvExport(out, 64)) {
            rows.accept(csv);
        }
        return out.toString(StandardCharsets.UTF_8);
    }

    private static List<List<String>> read(String csv) {
        List<List<String>> rows = new ArrayList<>();
        for (CsvRecord record : CsvReader.builder().allowMissingFields(true).allowExtraFields(true).ofCsvRecord(csv)) {
            rows.add(record.getFields());
        }
        return rows;
    }

    @Test
    void formulaCellsGetALeadingQuoteAndNothingElseChanges() {
        for (String formula : List.of("=HYPERLINK(\"http://evil\")", "+33612345678", "-2+3", "@SUM(A1)", "\t=1", "\r=1", "=")) {
            assertThat(CsvExport.neutralised(formula)).as(formula).isEqualTo("'" + formula);
        }
        for (String plain : List.of("r-1", "a=b", "SUPPRESSED", "2026-03-01T10:00:00Z", "12", "", " =1", "'=1", "list-quality.xlsx:Targeting:14")) {
            assertThat(CsvExport.neutralised(plain)).as(plain).isEqualTo(plain);
        }
        assertThat(CsvExport.neutralised(null)).isEmpty();
    }

    @Test
    void separatorsQuotesAndLineBreaksAreQuotedAsRfc4180SaysAndReadBackIntact() throws IOException {
        List<String> cells = List.of("plain", "a,b", "say \"no\"", "two\nlines", "cr\r\nlf", "", "x;y", "tab\tinside");
        String csv = written(out -> out.row(cells).row("second", "row"));

        assertThat(csv).startsWith("plain,\"a,b\",\"say \"\"no\"\"\",\"two\nlines\",\"cr\r\nlf\",,x;y,tab\tinside\n");
        assertThat(csv).endsWith("\nsecond,row\n").doesNotContain("\r\nsecond");
        assertThat(read(csv)).containsExactly(cells, List.of("second", "row"));
    }

    @Test
    void aHostileIdOrReasonOfARentedFileStaysInItsColumnAsText() throws IOException {
        ByteArrayOutputStream verdicts = new ByteArrayOutputStream();
        ByteArrayOutputStream errors = new ByteArrayOutputStream();
        try (VerdictFiles files = new VerdictFiles(verdicts, errors)) {
            files.write(2, new RecordVerdict("=cmd|'/C calc'!A0", false, List.of("SUPPRESSED"), List.of()), List.of("r:1"));
            files.write(3, new RecordVerdict("r-3,\"x\"\nforged,line", true, List.of(), List.of(LegalBasis.CONSENT_REQUIRED)), List.of());
            files.write(4, "id: '@evil' is not valid, really");
            files.write(5, "-1 columns");
        }

        List<List<String>> rows = read(verdicts.toString(StandardCharsets.UTF_8));
        assertThat(rows.get(0)).containsExactly("line", "id", "contactable", "reasons", "legal_bases", "deciding_rules");
        assertThat(rows.get(1)).containsExactly("2", "'=cmd|'/C calc'!A0", "false", "SUPPRESSED", "", "r:1");
        assertThat(rows.get(2)).containsExactly("3", "r-3,\"x\"\nforged,line", "true", "", "CONSENT_REQUIRED", "");
        assertThat(rows).hasSize(3);
        assertThat(read(errors.toString(StandardCharsets.UTF_8))).containsExactly(List.of("line", "reason"),
                List.of("4", "id: '@evil' is not valid, really"), List.of("5", "'-1 columns"));
    }
}
