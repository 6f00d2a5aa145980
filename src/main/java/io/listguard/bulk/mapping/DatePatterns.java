package io.listguard.bulk.mapping;

import java.time.DateTimeException;
import java.time.LocalDate;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.ResolverStyle;
import java.util.Locale;

/**
 * The date formats of a profile: java.time patterns ({@code dd/MM/yyyy}, {@code d MMMM yyyy} with French month
 * names) read strictly (no 30 February, no 13th month), and {@code excel}, Excel's serial day numbers.
 */
final class DatePatterns {

    static final String EXCEL = "excel";

    /** Excel's serial 60 is 29 February 1900, a day that never existed (Lotus 1-2-3's leap-year bug kept by Excel). */
    static final long EXCEL_LEAP_DAY = 60;
    private static final long EXCEL_MAX = 2_958_465; // 9999-12-31

    private DatePatterns() {
    }

    static boolean isExcel(String pattern) {
        return EXCEL.equalsIgnoreCase(pattern.trim());
    }

    /**
     * The message code of what is wrong with a pattern ({@code profile.date.pattern}, {@code .twoDigitYear},
     * {@code .incomplete}), null when it reads dates.
     */
    static String problem(String pattern) {
        if (pattern == null || pattern.isBlank()) {
            return "profile.date.pattern";
        }
        if (isExcel(pattern)) {
            return null;
        }
        DateTimeFormatter formatter;
        try {
            formatter = formatter(pattern);
        } catch (IllegalArgumentException e) {
            return "profile.date.pattern";
        }
        if (twoDigitYear(pattern)) {
            return "profile.date.twoDigitYear";
        }
        for (LocalDate sample : new LocalDate[] {LocalDate.of(2026, 3, 4), LocalDate.of(1987, 12, 25)}) {
            try {
                if (!LocalDate.parse(formatter.format(sample), formatter).equals(sample)) {
                    return "profile.date.incomplete";
                }
            } catch (DateTimeException e) {
                return "profile.date.incomplete"; // no day, month or year, or a time of day
            }
        }
        return null;
    }

    /** A strict, case-insensitive formatter of a valid pattern, with French month and day names. */
    static DateTimeFormatter formatter(String pattern) {
        return new DateTimeFormatterBuilder().parseCaseInsensitive().appendPattern(proleptic(pattern)).toFormatter(Locale.FRENCH)
                .withResolverStyle(ResolverStyle.STRICT);
    }

    /** The date an Excel serial day number (1900 date system) stands for; null when the text is not one. */
    static LocalDate excel(String text) {
        long serial = excelSerial(text);
        if (serial < 1 || serial > EXCEL_MAX || serial == EXCEL_LEAP_DAY) {
            return null;
        }
        // serial 1 is 1900-01-01; from 61 on, Excel counts the day that never existed
        return serial < EXCEL_LEAP_DAY ? LocalDate.of(1899, 12, 31).plusDays(serial) : LocalDate.of(1899, 12, 30).plusDays(serial);
    }

    /** The whole days of a serial number ({@code 45352}, {@code 45352.5} with a time of day); -1 when the text is not one. */
    static long excelSerial(String text) {
        int dot = text.indexOf('.');
        String whole = dot < 0 ? text : text.substring(0, dot);
        if (whole.isEmpty() || whole.length() > 7 || !digits(whole) || (dot >= 0 && (dot == text.length() - 1 || !digits(text.substring(dot + 1))))) {
            return -1;
        }
        return Long.parseLong(whole);
    }

    private static boolean digits(String s) {
        for (int i = 0; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
                return false;
            }
        }
        return true;
    }

    /**
     * The pattern with its year-of-era letters ({@code y}) as proleptic years ({@code u}): under strict resolution a
     * year of era needs an era ({@code G}), which no broker writes. Quoted literals are kept.
     */
    private static String proleptic(String pattern) {
        StringBuilder b = new StringBuilder(pattern.length());
        boolean quoted = false;
        for (char c : pattern.toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            b.append(!quoted && c == 'y' ? 'u' : c);
        }
        return b.toString();
    }

    /** {@code yy} or {@code uu}: 50 could be 1950 or 2050, and a birth date read a century off decides wrongly. */
    private static boolean twoDigitYear(String pattern) {
        boolean quoted = false;
        int run = 0;
        for (char c : (pattern + " ").toCharArray()) {
            if (c == '\'') {
                quoted = !quoted;
            }
            if (!quoted && (c == 'y' || c == 'u')) {
                run++;
            } else {
                if (run == 2) {
                    return true;
                }
                run = 0;
            }
        }
        return false;
    }
}
