package io.listguard.rules;

import io.listguard.domain.Campaign;
import io.listguard.domain.HolidayCalendar;
import io.listguard.domain.YesNo;
import java.time.LocalDate;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Collectors;

/**
 * The campaign's calling days against the policy's public-holiday calendar (sheet "Public holidays", R21a): one per
 * evaluation, a fact of the campaign stage (sheet "Calling") and the helper the records stage's {@link Prospect}s ask
 * (sheet "Calling per person"). What depends only on the campaign and a time zone or a département is computed
 * once per zone or département and kept, so that a file of millions of records costs one computation per zone.
 * Thread-safe.
 */
public final class CallingCalendar {

    private final Campaign campaign;
    private final HolidayCalendar calendar;
    private final List<LocalDate> callingDays;
    /** Holidays, national or local, on a day of the period on which some window calls. */
    private final List<HolidayCalendar.Dated> holidaysOnCallingDays;
    private final Map<String, Boolean> outsideHours = new ConcurrentHashMap<>();
    private final Map<String, Boolean> outsideDays = new ConcurrentHashMap<>();
    private final Map<String, Boolean> everyDayLocalHoliday = new ConcurrentHashMap<>();

    public CallingCalendar(Campaign campaign, HolidayCalendar calendar) {
        this.campaign = campaign;
        this.calendar = calendar == null ? HolidayCalendar.EMPTY : calendar;
        this.callingDays = campaign.callingDays();
        Set<LocalDate> called = new HashSet<>(callingDays);
        this.holidaysOnCallingDays = campaign.startDate() == null ? List.of()
                : this.calendar.between(campaign.startDate(), campaign.lastDay()).stream().filter(h -> called.contains(h.date())).toList();
    }

    /** False for a campaign that places no call (email, SMS, post, or a plan without windows): no person check applies. */
    boolean calls() {
        return !callingDays.isEmpty();
    }

    public HolidayCalendar getCalendar() {
        return calendar;
    }

    /** YES when a national public holiday falls on a day of the period on which the campaign calls. */
    public YesNo getNationalHolidayOnCallingDay() {
        return YesNo.of(holidaysOnCallingDays.stream().anyMatch(HolidayCalendar.Dated::national));
    }

    /** YES when a public holiday, national or of some département, falls on a day on which the campaign calls. */
    public YesNo getHolidayOnCallingDay() {
        return YesNo.of(!holidaysOnCallingDays.isEmpty());
    }

    /** "2026-11-11 Armistice 1918": the national holidays on calling days, for a finding's message. */
    public String nationalHolidays() {
        return nationalHolidays(Locale.ENGLISH);
    }

    /**
     * The national holidays on calling days as a message in that language writes them: "2026-11-11 Armistice 1918"
     * in English, "11/11/2026 Armistice 1918" in French.
     */
    public String nationalHolidays(Locale language) {
        return holidaysOnCallingDays.stream().filter(HolidayCalendar.Dated::national).map(h -> written(h, language)).collect(Collectors.joining("; "));
    }

    /** Every holiday on calling days, national and local ("2026-12-20 … (974)"): the days the dialler must skip. */
    public String holidays() {
        return holidays(Locale.ENGLISH);
    }

    /** Every holiday on calling days, dated as a message in that language writes dates ("20/12/2026 … (974)" in French). */
    public String holidays(Locale language) {
        return holidaysOnCallingDays.stream().map(h -> written(h, language)).collect(Collectors.joining("; "));
    }

    private static final DateTimeFormatter FRENCH_DATE = DateTimeFormatter.ofPattern("dd/MM/uuuu", Locale.FRENCH);

    private static String written(HolidayCalendar.Dated holiday, Locale language) {
        if (language == null || !language.getLanguage().equals("fr")) {
            return holiday.toString();
        }
        return FRENCH_DATE.format(holiday.date()) + " " + holiday.label()
                + (holiday.departements().isEmpty() ? "" : " (" + String.join(", ", holiday.departements()) + ")");
    }

    public List<HolidayCalendar.Dated> holidaysOnCallingDays() {
        return holidaysOnCallingDays;
    }

    /** {@link Campaign#callsOutsideLocalHours}, kept per zone and cell. */
    boolean callsOutsideLocalHours(ZoneId zone, String slots) {
        return outsideHours.computeIfAbsent(zone.getId() + "|" + slots, k -> campaign.callsOutsideLocalHours(zone, slots));
    }

    /** {@link Campaign#callsOnLocalDaysOtherThan}, kept per zone and cell. */
    boolean callsOnLocalDaysOtherThan(ZoneId zone, String days) {
        return outsideDays.computeIfAbsent(zone.getId() + "|" + days, k -> campaign.callsOnLocalDaysOtherThan(zone, days));
    }

    /**
     * True when the campaign has calling days that are not national holidays and each of them is a public holiday
     * of the département (Alsace-Moselle's Good Friday and 26 December, an overseas abolition-of-slavery day): the
     * person could be called on no lawful day of the campaign. False for an unknown département.
     */
    boolean localHolidayOnEveryCallingDay(String departement) {
        if (departement == null) {
            return false;
        }
        return everyDayLocalHoliday.computeIfAbsent(departement, d -> {
            List<LocalDate> days = new ArrayList<>();
            for (LocalDate day : callingDays) {
                if (!calendar.nationalHoliday(day)) {
                    days.add(day);
                }
            }
            return !days.isEmpty() && days.stream().allMatch(day -> calendar.holidayIn(day, d));
        });
    }

    /** How traces name this fact: the holidays the dialler must skip. */
    @Override
    public String toString() {
        return "holidays:" + (holidaysOnCallingDays.isEmpty() ? "none" : holidays());
    }
}
