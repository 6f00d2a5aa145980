package io.listguard.domain;

import java.time.LocalDate;
import java.time.MonthDay;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashSet;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * One row of the public-holiday calendar (sheet "Public holidays" of campaign-obligations.xlsx, R21a): a day
 * written {@code MM-DD} (a fixed day, e.g. {@code 11-11}) or {@code EASTER+N} / {@code EASTER-N} (days after or
 * before Easter Sunday, e.g. {@code EASTER+39} for Ascension), the départements where it is a public holiday (empty:
 * all of France) and a label. The date of each year is computed here, Easter by the anonymous Gregorian algorithm.
 */
public record PublicHoliday(String rule, Set<String> departements, String label) {

    private static final Pattern FIXED = Pattern.compile("(\\d{2})-(\\d{2})");
    private static final Pattern EASTER = Pattern.compile("EASTER(?:([+-])(\\d{1,3}))?");
    /** A département code: 01-95, 2A, 2B, or an overseas 971-976. */
    private static final Pattern DEPARTEMENT = Pattern.compile("(0[1-9]|[1-8]\\d|9[0-5]|2A|2B|97[1-6])");

    public PublicHoliday {
        rule = rule == null ? null : rule.trim().toUpperCase(Locale.ROOT);
        String problem = problem(rule);
        if (problem != null) {
            throw new IllegalArgumentException(problem);
        }
        departements = departements == null ? Set.of() : Collections.unmodifiableSet(new LinkedHashSet<>(departements));
        label = label == null || label.isBlank() ? rule : label.trim();
    }

    /** A cell such as "57, 67, 68": the départements, in capitals; blank gives none (all of France). */
    public static Set<String> departementsOf(String cell) {
        Set<String> codes = new LinkedHashSet<>();
        if (cell != null) {
            Arrays.stream(cell.split(",")).map(s -> s.trim().toUpperCase(Locale.ROOT)).filter(s -> !s.isEmpty()).forEach(codes::add);
        }
        return codes;
    }

    /** Null when a rule cell is well written; else what is wrong with it, in the words of the person who typed it. */
    public static String problem(String rule) {
        if (rule == null || rule.isBlank()) {
            return "a public holiday needs a day, written MM-DD (e.g. 11-11) or EASTER+N / EASTER-N (e.g. EASTER+1)";
        }
        String r = rule.trim().toUpperCase(Locale.ROOT);
        Matcher fixed = FIXED.matcher(r);
        if (fixed.matches()) {
            try {
                MonthDay.of(Integer.parseInt(fixed.group(1)), Integer.parseInt(fixed.group(2)));
                return null;
            } catch (RuntimeException e) {
                return "'" + rule + "' is not a day of the year; write MM-DD, e.g. 05-08";
            }
        }
        if (EASTER.matcher(r).matches()) {
            return null;
        }
        return "'" + rule + "' is not a public-holiday day; write MM-DD (e.g. 11-11) or EASTER+N / EASTER-N (e.g. EASTER+50)";
    }

    /** Null when a cell of départements is well written (codes such as 57, 2A, 974, separated by commas). */
    public static String departementsProblem(String cell) {
        for (String code : departementsOf(cell)) {
            if (!DEPARTEMENT.matcher(code).matches()) {
                return "'" + code + "' is not a département code; write e.g. 57, 2A or 974, separated by commas";
            }
        }
        return null;
    }

    /** True when the holiday holds everywhere in France (no département named). */
    public boolean national() {
        return departements.isEmpty();
    }

    /** True when the holiday holds in that département (every département for a national holiday). */
    public boolean holdsIn(String departement) {
        return national() || departement != null && departements.contains(departement);
    }

    /** The date of this holiday in a year. A fixed 02-29 falls only in leap years; other years give null. */
    public LocalDate in(int year) {
        Matcher fixed = FIXED.matcher(rule);
        if (fixed.matches()) {
            MonthDay day = MonthDay.of(Integer.parseInt(fixed.group(1)), Integer.parseInt(fixed.group(2)));
            return day.isValidYear(year) ? day.atYear(year) : null;
        }
        Matcher easter = EASTER.matcher(rule);
        if (!easter.matches()) {
            throw new IllegalStateException(rule);
        }
        int offset = easter.group(1) == null ? 0 : Integer.parseInt(easter.group(2)) * ("-".equals(easter.group(1)) ? -1 : 1);
        return easterSunday(year).plusDays(offset);
    }

    /** Easter Sunday of a Gregorian year: the anonymous Gregorian algorithm (Meeus/Jones/Butcher). */
    public static LocalDate easterSunday(int year) {
        int a = year % 19;
        int b = year / 100;
        int c = year % 100;
        int d = b / 4;
        int e = b % 4;
        int f = (b + 8) / 25;
        int g = (b - f + 1) / 3;
        int h = (19 * a + b - d - g + 15) % 30;
        int i = c / 4;
        int k = c % 4;
        int l = (32 + 2 * e + 2 * i - h - k) % 7;
        int m = (a + 11 * h + 22 * l) / 451;
        int month = (h + l - 7 * m + 114) / 31;
        int day = (h + l - 7 * m + 114) % 31 + 1;
        return LocalDate.of(year, month, day);
    }
}
