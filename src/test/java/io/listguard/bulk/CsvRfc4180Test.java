package io.listguard.bulk;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Issue 12: CSV read as RFC 4180 (FastCSV) under the strict decoder: records spanning lines, separators, quotes. */
class CsvRfc4180Test {

    private static List<ParsedLine> csv(String text) {
        return RecordSources.readAll(text.getBytes(StandardCharsets.UTF_8), RecordSource.Format.CSV);
    }

    @Test
    void aQuotedCellWithALineBreakIsOneRecordWithItsTextIntactNumberedByItsFirstLine() {
        for (String eol : List.of("\n", "\r\n")) {
            List<ParsedLine> lines = csv("id,kind,postal_address,email" + eol
                    + "r-1,PERSON,\"12 rue des Lilas" + eol + "75011 Paris\",a@example.org" + eol
                    + "r-2,PERSON,\"Bât. B, 3e étage" + eol + eol + "Lyon\",b@example.org" + eol
                    + "r-3,PERSON,,c@example.org" + eol);

            assertThat(lines).extracting(ParsedLine::line).containsExactly(2L, 4L, 7L);
            assertThat(lines).extracting(ParsedLine::error).containsOnlyNulls();
            assertThat(lines.get(0).record().postalAddress()).isEqualTo("12 rue des Lilas" + eol + "75011 Paris");
            assertThat(lines.get(0).record().email()).isEqualTo("a@example.org");
            assertThat(lines.get(1).record().postalAddress()).isEqualTo("Bât. B, 3e étage" + eol + eol + "Lyon");
            assertThat(lines.get(2).record().id()).isEqualTo("r-3");
        }
    }

    @Test
    void semicolonAndTabSeparatedFilesAreToldFromTheHeader() {
        List<ParsedLine> semicolons = csv("id;kind;email;job_function\r\nr-1;PERSON;a@example.org;\"Directeur; achats\"\r\n");
        List<ParsedLine> tabs = csv("id\tkind\temail\tjob_function\nr-1\tPERSON\ta@example.org\tDirecteur, achats\n");

        assertThat(semicolons.get(0).record().jobFunction()).isEqualTo("Directeur; achats");
        assertThat(tabs.get(0).record().jobFunction()).isEqualTo("Directeur, achats");
        assertThat(tabs.get(0).record().email()).isEqualTo("a@example.org");
        assertThat(CsvRecordSource.separatorOf("id\tkind\temail")).isEqualTo('\t');
        assertThat(CsvRecordSource.separatorOf("id;kind;email,x")).isEqualTo(';');
        assertThat(CsvRecordSource.separatorOf("id")).isEqualTo(',');
    }

    @Test
    void doubledQuotesAreOneQuote() {
        List<ParsedLine> lines = csv("id,kind,job_function\nr-1,PERSON,\"Le \"\"chef\"\", dit-on\"\n");

        assertThat(lines.get(0).record().jobFunction()).isEqualTo("Le \"chef\", dit-on");
    }

    @Test
    void aQuoteNeverClosedIsARejectedLineNamingWhereItStartedAndTheLinesBeforeAreKept() {
        List<ParsedLine> lines = csv("id,kind,email,job_function\nr-1,PERSON,a@example.org,x\nr-2,PERSON,b@example.org,x\n"
                + "r-3,PERSON,\"c@example.org,x\nr-4,PERSON,d@example.org,x\n");

        assertThat(lines).extracting(ParsedLine::line).containsExactly(2L, 3L, 4L);
        assertThat(lines.get(0).record().id()).isEqualTo("r-1");
        assertThat(lines.get(1).record().id()).isEqualTo("r-2");
        assertThat(lines.get(2).record()).isNull();
        assertThat(lines.get(2).error()).isEqualTo("column email: the quote opened on line 4 is never closed, so lines 4 to 5 (the end of the file)"
                + " were read as one field and are rejected: close the quote");
    }

    @Test
    void everyBadColumnOfALineIsReportedAtOnce() {
        List<ParsedLine> lines = csv("""
                id,kind,birth_date,opted_out,call_attempts_last_30_days,consent_email_given_on,consent_email_renter_named
                r-1,ROBOT,1980-02-30,maybe,three,2026-03-01,perhaps
                """);

        assertThat(lines.get(0).line()).isEqualTo(2L);
        assertThat(lines.get(0).error()).isEqualTo("consent_email_renter_named: ’perhaps’ is not true or false; "
                + "kind: ’ROBOT’ is not one of PERSON, GENERIC_ADDRESS; birth_date: ’1980-02-30’ is not a valid date (YYYY-MM-DD); "
                + "opted_out: ’maybe’ is not true or false; call_attempts_last_30_days: ’three’ is not a whole number");
    }

    @Test
    void aLoneCarriageReturnInsideQuotesRefusesTheFileRatherThanLosingTheField() {
        assertThatThrownBy(() -> csv("id,kind,postal_address\nr-1,PERSON,\"a\rb\"\nr-2,PERSON,x\n"))
                .isInstanceOf(BulkFormatException.class).hasMessageContaining("carriage return");
    }

    @Test
    void manyBlankLinesBeforeASemicolonHeaderAreSkippedAndCounted() {
        String blanks = "\n".repeat(RecordSource.MAX_LINE + 10);
        List<ParsedLine> lines = csv(blanks + "id;kind;email\nr-1;PERSON;a@example.org\n");

        assertThat(lines).hasSize(1);
        assertThat(lines.get(0).line()).isEqualTo(RecordSource.MAX_LINE + 12L);
        assertThat(lines.get(0).record().email()).isEqualTo("a@example.org");
        assertThat(csv("\r\n \t\r\n\rid\tkind\r\nr-1\tPERSON\r\n")).extracting(ParsedLine::line).containsExactly(5L);
    }
}
