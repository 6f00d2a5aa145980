package io.listguard.console;

import de.siegmar.fastcsv.writer.CsvWriter;
import de.siegmar.fastcsv.writer.LineDelimiter;
import io.listguard.bulk.CsvExport;
import io.listguard.domain.Messages;
import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.text.NumberFormat;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.temporal.TemporalAccessor;
import java.util.List;
import java.util.Locale;
import org.springframework.context.i18n.LocaleContextHolder;
import org.springframework.stereotype.Component;

/**
 * Every format of the console in one place (as {@code @fmt} in templates), in the reader's language: times in the
 * console's zone ({@code listguard.console.time-zone}, Paris by default) with the zone named ("01/12/2026 22:59:26
 * (heure de Paris)"), dates {@code 11/08/2026} in French and ISO {@code 2026-08-11} in English, numbers grouped as
 * the language groups them ("12 000", "5 361,9"; "12,000", "5,361.9"), and the CSV files the console hands out: in
 * French separated by {@code ;} with a UTF-8 byte order mark (what Excel opens as columns on a French computer),
 * in English by {@code ,} without one. The audit trail keeps instants in UTC and the API answers ISO: only what a
 * person reads in the console changes.
 */
@Component("fmt")
class ConsoleFormat {

    private static final DateTimeFormatter FRENCH_TIME = DateTimeFormatter.ofPattern("dd/MM/yyyy HH:mm:ss");
    private static final DateTimeFormatter ENGLISH_TIME = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss");
    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/yyyy");
    private static final byte[] BOM = {(byte) 0xEF, (byte) 0xBB, (byte) 0xBF};

    private final ZoneId zone;

    ConsoleFormat(ConsoleProperties properties) {
        this.zone = properties.timeZone();
    }

    /** The zone the console shows times in. */
    ZoneId zone() {
        return zone;
    }

    /** The console's language for this request: English when chosen, French otherwise. */
    static Locale locale() {
        return language(LocaleContextHolder.getLocale());
    }

    static Locale language(Locale locale) {
        return locale != null && "en".equals(locale.getLanguage()) ? Messages.ENGLISH : Messages.FRENCH;
    }

    static boolean french(Locale locale) {
        return language(locale) == Messages.FRENCH;
    }

    /** An instant in the console's zone, the zone named: "01/12/2026 22:59:26 (heure de Paris)". */
    public String instant(Instant instant) {
        return instant(instant, locale());
    }

    String instant(Instant instant, Locale locale) {
        return instant == null ? "" : time(instant, locale) + " (" + zoneName(locale) + ")";
    }

    /** An instant in the console's zone without the zone's name (for a CSV column whose header names it). */
    String time(Instant instant, Locale locale) {
        return instant == null ? "" : (french(locale) ? FRENCH_TIME : ENGLISH_TIME).format(instant.atZone(zone));
    }

    /** The zone as people say it: "heure de Paris", "Paris time"; "UTC" for UTC or an offset. */
    public String zoneName() {
        return zoneName(locale());
    }

    String zoneName(Locale locale) {
        String id = zone.normalized().getId();
        if (zone.normalized() instanceof ZoneOffset || !id.contains("/")) {
            return "Z".equals(id) ? "UTC" : id;
        }
        return Messages.text(language(locale), "formats.zone.city", id.substring(id.lastIndexOf('/') + 1).replace('_', ' '));
    }

    /** A date: "11/08/2026" in French, "2026-08-11" in English; a date-time or an instant gives its day in the zone. */
    public String date(Object date) {
        return date(date, locale());
    }

    String date(Object date, Locale locale) {
        LocalDate day;
        if (date == null || (date instanceof CharSequence s && s.isEmpty())) {
            day = null;
        } else if (date instanceof LocalDate d) {
            day = d;
        } else if (date instanceof Instant i) {
            day = i.atZone(zone).toLocalDate();
        } else if (date instanceof TemporalAccessor t) {
            day = LocalDate.from(t);
        } else if (date instanceof CharSequence s) {
            day = LocalDate.parse(s);
        } else {
            throw new IllegalArgumentException("not a date: " + date.getClass().getName());
        }
        return day == null ? "" : french(locale) ? FRENCH_DATE.format(day) : day.toString();
    }

    /** A number grouped and with the decimal mark of the language: "12 000", "5 361,9"; "12,000", "5,361.9". */
    public String number(Number number) {
        return number(number, locale());
    }

    String number(Number number, Locale locale) {
        if (number == null) {
            return "";
        }
        NumberFormat format = NumberFormat.getNumberInstance(language(locale));
        format.setMaximumFractionDigits(2);
        return format.format(number);
    }

    /** "oui"/"non", "yes"/"no". */
    String yesNo(boolean value, Locale locale) {
        return Messages.text(language(locale), value ? "formats.yes" : "formats.no");
    }

    /** The first characters of a hash or id, enough to tell versions apart on screen. */
    public String shortHash(String hash) {
        return hash == null ? "" : hash.substring(0, Math.min(12, hash.length()));
    }

    /** The file name of a policy file path ("policies/consent-regime.xlsx" gives "consent-regime.xlsx"). */
    public String fileName(String path) {
        return path == null ? "" : path.substring(path.lastIndexOf('/') + 1);
    }

    // --- what the console reads from its forms, in its zone -------------------------------------------------------

    /** Today in the console's zone. */
    LocalDate today() {
        return LocalDate.now(zone);
    }

    /** The first instant of a day in the console's zone (a form's "from" date, or the day after a "to" date). */
    Instant startOf(LocalDate day) {
        return day.atStartOfDay(zone).toInstant();
    }

    /** A date and time typed in a form (an input of type datetime-local), in the console's zone. */
    Instant at(LocalDateTime local) {
        return local.atZone(zone).toInstant();
    }

    // --- CSV files handed out by the console ----------------------------------------------------------------------

    /** The separator of the console's CSV files in a language: {@code ;} in French, {@code ,} in English. */
    static char separator(Locale locale) {
        return french(locale) ? ';' : ',';
    }

    /** A CSV file for a reader of {@code locale}, written to {@code out} (flushed, not closed, by {@link Csv#flush()}). */
    Csv csv(OutputStream out, Locale locale) {
        return new Csv(out, language(locale));
    }

    /** The header of a CSV file: the text of {@code prefix + column} for each column, in the reader's language. */
    static List<String> header(Locale locale, String prefix, List<String> columns) {
        return columns.stream().map(c -> Messages.text(language(locale), prefix + c)).toList();
    }

    /**
     * A CSV file as the console hands it out: RFC 4180 by FastCSV, UTF-8, lines ended by CRLF (as Excel writes
     * them), every cell a spreadsheet would run as a formula defused ({@link CsvExport#neutralised}); in French
     * separated by {@code ;} after a byte order mark, in English by {@code ,} without one.
     */
    static final class Csv {

        private final OutputStream out;
        private final CsvWriter writer;

        private Csv(OutputStream out, Locale locale) {
            this.out = out;
            try {
                if (french(locale)) {
                    out.write(BOM);
                }
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            this.writer = CsvWriter.builder().fieldSeparator(separator(locale)).quoteCharacter('"').lineDelimiter(LineDelimiter.CRLF)
                    .bufferSize(1 << 13).build(out, StandardCharsets.UTF_8);
        }

        Csv row(List<String> cells) {
            writer.writeRecord(cells.stream().map(CsvExport::neutralised).toList());
            return this;
        }

        Csv row(String... cells) {
            return row(java.util.Arrays.asList(cells));
        }

        void flush() {
            try {
                writer.flush();
                out.flush();
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
    }
}
