package io.listguard.domain;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Set;

/**
 * The French public-holiday calendar as the policy defines it (sheet "Public holidays"), and the holidays it
 * gives between two dates: computed from the campaign's own dates, never from a list of years.
 */
public record HolidayCalendar(List<PublicHoliday> rules) {

    public static final HolidayCalendar EMPTY = new HolidayCalendar(List.of());

    /** A holiday on a date: the calendar row's label and the départements it holds in (empty: all of France). */
    public record Dated(LocalDate date, String label, Set<String> departements) {

        public boolean national() {
            return departements.isEmpty();
        }

        /** "2026-11-11 Armistice 1918" or "2026-12-20 Abolition de l'esclavage (974)". */
        @Override
        public String toString() {
            return date + " " + label + (departements.isEmpty() ? "" : " (" + String.join(", ", departements) + ")");
        }
    }

    public HolidayCalendar {
        rules = rules == null ? List.of() : List.copyOf(rules);
    }

    /** Every holiday from {@code from} to {@code to} inclusive, by date, national ones first on a same date. */
    public List<Dated> between(LocalDate from, LocalDate to) {
        List<Dated> days = new ArrayList<>();
        if (from == null || to == null || to.isBefore(from)) {
            return days;
        }
        for (int year = from.getYear(); year <= to.getYear(); year++) {
            for (PublicHoliday rule : rules) {
                LocalDate date = rule.in(year);
                if (date != null && !date.isBefore(from) && !date.isAfter(to)) {
                    days.add(new Dated(date, rule.label(), rule.departements()));
                }
            }
        }
        days.sort(Comparator.comparing(Dated::date).thenComparing(d -> !d.national()));
        return days;
    }

    /** True when the date is a holiday in the département (national holidays hold in every département). */
    public boolean holidayIn(LocalDate date, String departement) {
        for (PublicHoliday rule : rules) {
            if (date.equals(rule.in(date.getYear())) && rule.holdsIn(departement)) {
                return true;
            }
        }
        return false;
    }

    /** True when the date is a national holiday. */
    public boolean nationalHoliday(LocalDate date) {
        for (PublicHoliday rule : rules) {
            if (rule.national() && date.equals(rule.in(date.getYear()))) {
                return true;
            }
        }
        return false;
    }
}
