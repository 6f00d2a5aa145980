package io.listguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.util.Locale;
import org.junit.jupiter.api.Test;

/** The console's formats: Paris time named, French dates, numbers grouped by language, CSV for the reader's spreadsheet. */
class ConsoleFormatTest {

    static final Locale FR = Locale.FRENCH;
    static final Locale EN = Locale.ENGLISH;
    final ConsoleFormat paris = new ConsoleFormat(new ConsoleProperties(7, 500, 50, ZoneId.of("Europe/Paris")));

    @Test
    void instantsAreShownInParisTimeWithTheZoneNamedWinterAndSummer() {
        Instant winter = Instant.parse("2026-12-01T21:59:26Z");
        assertThat(paris.instant(winter, FR)).isEqualTo("01/12/2026 22:59:26 (heure de Paris)");
        assertThat(paris.instant(winter, EN)).isEqualTo("2026-12-01 22:59:26 (Paris time)");
        assertThat(paris.instant(Instant.parse("2026-07-01T21:59:26Z"), FR)).isEqualTo("01/07/2026 23:59:26 (heure de Paris)");
        assertThat(paris.instant(null, FR)).isEmpty();
        ConsoleFormat utc = new ConsoleFormat(new ConsoleProperties(7, 500, 50, ZoneId.of("UTC")));
        assertThat(utc.instant(winter, FR)).isEqualTo("01/12/2026 21:59:26 (UTC)");
    }

    @Test
    void whatIsTypedInAFormIsReadInTheConsolesZone() {
        assertThat(paris.at(LocalDateTime.parse("2031-07-01T00:00"))).isEqualTo(Instant.parse("2031-06-30T22:00:00Z"));
        assertThat(paris.startOf(LocalDate.parse("2026-12-01"))).isEqualTo(Instant.parse("2026-11-30T23:00:00Z"));
    }

    @Test
    void datesAreFrenchInFrenchAndIsoInEnglish() {
        assertThat(paris.date(LocalDate.parse("2026-08-11"), FR)).isEqualTo("11/08/2026");
        assertThat(paris.date(LocalDate.parse("2026-08-11"), EN)).isEqualTo("2026-08-11");
        assertThat(paris.date("2026-08-11", FR)).isEqualTo("11/08/2026");
        assertThat(paris.date(Instant.parse("2026-08-10T22:30:00Z"), FR)).isEqualTo("11/08/2026"); // already the 11th in Paris
        assertThat(paris.date(null, FR)).isEmpty();
    }

    @Test
    void numbersAreGroupedAsTheLanguageGroupsThem() {
        // French groups with a narrow no-break space (U+202F) and writes a decimal comma
        assertThat(paris.number(12_000, FR).replace('\u202F', ' ').replace('\u00A0', ' ')).isEqualTo("12 000");
        assertThat(paris.number(new BigDecimal("5361.9"), FR).replace('\u202F', ' ').replace('\u00A0', ' ')).isEqualTo("5 361,9");
        assertThat(paris.number(12_000, EN)).isEqualTo("12,000");
        assertThat(paris.number(new BigDecimal("5361.9"), EN)).isEqualTo("5,361.9");
        assertThat(paris.number(null, FR)).isEmpty();
    }

    @Test
    void aFrenchCsvHasABomAndSemicolonsAnEnglishOneCommasAndNoBom() {
        ByteArrayOutputStream french = new ByteArrayOutputStream();
        ConsoleFormat.Csv csv = paris.csv(french, FR);
        csv.row("Ligne", "Motif; détail", null, "=HYPERLINK(\"x\")");
        csv.flush();
        assertThat(french.toByteArray()).startsWith((byte) 0xEF, (byte) 0xBB, (byte) 0xBF);
        assertThat(new String(french.toByteArray(), StandardCharsets.UTF_8))
                .isEqualTo("\uFEFFLigne;\"Motif; détail\";;\"'=HYPERLINK(\"\"x\"\")\"\r\n"); // RFC 4180 quoting, the formula defused

        ByteArrayOutputStream english = new ByteArrayOutputStream();
        ConsoleFormat.Csv en = paris.csv(english, EN);
        en.row("Line", "Reason, detail");
        en.flush();
        assertThat(new String(english.toByteArray(), StandardCharsets.UTF_8)).isEqualTo("Line,\"Reason, detail\"\r\n");
    }

    @Test
    void aLeadingTabOrCarriageReturnIsDefusedLikeAnEqualsSign() {
        // OWASP's CSV injection list: = + - @, and a tab or a carriage return before them, which spreadsheets skip
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ConsoleFormat.Csv csv = paris.csv(out, EN);
        csv.row("\t=cmd|' /C calc'!A0", "\r=1+1", "+33612345678", "-1", "@SUM(A1)", "plain");
        csv.flush();
        String line = new String(out.toByteArray(), StandardCharsets.UTF_8);
        assertThat(line).isEqualTo("'\t=cmd|' /C calc'!A0,\"'\r=1+1\",'+33612345678,'-1,'@SUM(A1),plain\r\n");
    }
}
