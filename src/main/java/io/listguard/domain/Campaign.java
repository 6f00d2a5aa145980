package io.listguard.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.LocalTime;
import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * A planned marketing campaign. Besides its data it answers the questions decision tables ask of it; those
 * methods take the cell text as written in the sheet (an ISO date, a list of days, an hour range) so that a
 * compliance officer edits values, never code. Derived answers are record-style methods (no "get"), which Drools
 * reads as properties and JSON mappers leave out.
 */
public record Campaign(
        String id,
        Audience audience,
        Channel channel,
        String offerCategory,
        LocalDate startDate,
        LocalDate endDate,
        Sender sender,
        OptOutMechanism optOut,
        Boolean sourceDisclosed,
        CallingPlan calling) {

    /** The last day messages go out: the end date, or the start date for a one-day campaign. */
    public LocalDate lastDay() {
        return endDate != null ? endDate : startDate;
    }

    /** "In force from" columns: the campaign still runs on or after that date. */
    public boolean endsOnOrAfter(String isoDate) {
        return !lastDay().isBefore(LocalDate.parse(isoDate.trim()));
    }

    /** "In force until" columns: the campaign has started on or before that date. */
    public boolean startsOnOrBefore(String isoDate) {
        return !startDate.isAfter(LocalDate.parse(isoDate.trim()));
    }

    public YesNo senderIdentified() {
        return YesNo.of(sender != null && sender.identifiedAndNamed());
    }

    public YesNo sourceDisclosure() {
        return YesNo.of(Boolean.TRUE.equals(sourceDisclosed));
    }

    public YesNo callingWindowsDeclared() {
        return YesNo.of(calling != null && !calling.windows().isEmpty());
    }

    public YesNo publicHolidayCalls() {
        return YesNo.of(calling != null && Boolean.TRUE.equals(calling.includesPublicHolidays()));
    }

    /** YES when the campaign says whether it calls on public holidays ({@code calling.includesPublicHolidays} given). */
    public YesNo publicHolidaysDeclared() {
        return YesNo.of(calling != null && calling.includesPublicHolidays() != null);
    }

    /** YES when it declares that outside the D223-9 slots it calls only people who expressly agreed (R21a). */
    public YesNo outOfHoursOnlyWithAgreement() {
        return YesNo.of(calling != null && Boolean.TRUE.equals(calling.outOfHoursOnlyWithAgreement()));
    }

    /** The zone the calling windows are written in: {@code calling.timeZone}, Europe/Paris when absent. */
    public ZoneId zone() {
        ZoneId zone = calling == null ? null : LocalZones.zoneOrNull(calling.timeZone());
        return zone == null ? LocalZones.PARIS : zone;
    }

    /** The days of the period on which some window calls (its day of the week), in order. */
    public List<LocalDate> callingDays() {
        List<LocalDate> days = new ArrayList<>();
        if (calling == null || calling.windows().isEmpty() || startDate == null) {
            return days;
        }
        Set<DayOfWeek> called = EnumSet.noneOf(DayOfWeek.class);
        calling.windows().forEach(w -> called.addAll(w.days()));
        for (LocalDate d = startDate; !d.isAfter(lastDay()); d = d.plusDays(1)) {
            if (called.contains(d.getDayOfWeek())) {
                days.add(d);
            }
        }
        return days;
    }

    /**
     * A cell such as "10:00-13:00, 14:00-20:00": true when, on some day of the campaign, some calling window,
     * converted from the campaign's zone to {@code personZone} on that very date (so with the summer or winter
     * offset of both zones on that date), does not lie wholly inside one of those local slots (R21a). A 19:00-20:00
     * Paris window is 22:00-23:00 in La Réunion in winter, 21:00-22:00 in summer: outside 14:00-20:00 either way.
     */
    public boolean callsOutsideLocalHours(ZoneId personZone, String slots) {
        List<LocalTime[]> allowed = slots(slots);
        for (LocalDateTime[] call : localWindows(personZone)) {
            LocalDate day = call[0].toLocalDate();
            boolean inside = false;
            for (LocalTime[] slot : allowed) {
                LocalDateTime from = day.atTime(slot[0]);
                LocalDateTime to = slot[1] == LocalTime.MAX ? day.plusDays(1).atStartOfDay() : day.atTime(slot[1]);
                if (!call[0].isBefore(from) && !call[1].isAfter(to)) {
                    inside = true;
                    break;
                }
            }
            if (!inside) {
                return true;
            }
        }
        return false;
    }

    /**
     * A cell such as "MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY": true when some calling window, converted to
     * {@code personZone} on the campaign's dates, calls the person on a local day not in the list (R21a).
     */
    public boolean callsOnLocalDaysOtherThan(ZoneId personZone, String days) {
        Set<DayOfWeek> allowed = EnumSet.noneOf(DayOfWeek.class);
        Arrays.stream(days.split(",")).map(String::trim).filter(s -> !s.isEmpty())
                .forEach(d -> allowed.add(DayOfWeek.valueOf(d.toUpperCase(Locale.ROOT))));
        for (LocalDateTime[] call : localWindows(personZone)) {
            if (!allowed.contains(call[0].getDayOfWeek())) {
                return true;
            }
            LocalDateTime lastMinute = call[1].minusNanos(1);
            if (!allowed.contains(lastMinute.getDayOfWeek())) {
                return true;
            }
        }
        return false;
    }

    /**
     * A cell such as "10:00-13:00, 14:00-20:00": true when every calling window lies inside one of these slots in
     * the campaign's own time zone (sheet "Calling per person": what the campaign stage did not already reject).
     */
    public boolean callsOnlyWithin(String slots) {
        return !callsOutsideLocalHours(zone(), slots);
    }

    /** A cell such as "MONDAY, …, FRIDAY": true when every calling window calls on those days only (own zone). */
    public boolean callsOnlyOn(String days) {
        return !callsOnLocalDaysOtherThan(zone(), days);
    }

    /** Each window on each calling day, as [start, end) in the person's local time. */
    private List<LocalDateTime[]> localWindows(ZoneId personZone) {
        List<LocalDateTime[]> local = new ArrayList<>();
        if (calling == null) {
            return local;
        }
        ZoneId own = zone();
        for (LocalDate day : callingDays()) {
            for (CallingWindow w : calling.windows()) {
                if (w.from() == null || w.to() == null || !w.days().contains(day.getDayOfWeek())) {
                    continue;
                }
                ZonedDateTime from = ZonedDateTime.of(day, w.from(), own);
                ZonedDateTime to = w.to() == LocalTime.MAX || w.to().equals(LocalTime.of(23, 59, 59, 999_999_999))
                        ? ZonedDateTime.of(day.plusDays(1), LocalTime.MIDNIGHT, own) : ZonedDateTime.of(day, w.to(), own);
                local.add(new LocalDateTime[] {from.withZoneSameInstant(personZone).toLocalDateTime(),
                        to.withZoneSameInstant(personZone).toLocalDateTime()});
            }
        }
        return local;
    }

    /** "10:00-13:00, 14:00-20:00" as pairs of times; 24:00 is {@link LocalTime#MAX}. */
    private static List<LocalTime[]> slots(String cell) {
        List<LocalTime[]> slots = new ArrayList<>();
        for (String range : cell.split(",")) {
            if (range.isBlank()) {
                continue;
            }
            String[] bounds = range.split("-");
            String end = bounds[1].trim();
            slots.add(new LocalTime[] {LocalTime.parse(bounds[0].trim()), "24:00".equals(end) ? LocalTime.MAX : LocalTime.parse(end)});
        }
        return slots;
    }

    public int maxCallAttempts() {
        return calling == null || calling.maxAttemptsPer30Days() == null ? 0 : calling.maxAttemptsPer30Days();
    }

    /** YES when the calling plan declares the caller's number masked (R28, C. conso. L221-17). */
    public YesNo maskedCallerNumber() {
        return YesNo.of(calling != null && Boolean.TRUE.equals(calling.callerNumberMasked()));
    }

    /** YES when the calling plan gives the caller's number (R28). */
    public YesNo callerNumberKnown() {
        return YesNo.of(callerNumberDigits() != null);
    }

    /**
     * A cell such as "0162, 0163, 09475": true when a caller's number is given and starts with none of these
     * prefixes (ARCEP ranges dedicated to canvassing, R28). The number is read as dialled in France: spaces, dots,
     * dashes and brackets ignored, +33 or 0033 read as 0. No number given never matches.
     */
    public boolean callerNumberOutside(String prefixes) {
        String digits = callerNumberDigits();
        if (digits == null) {
            return false;
        }
        return Arrays.stream(prefixes.split(",")).map(String::trim).filter(s -> !s.isEmpty()).noneMatch(digits::startsWith);
    }

    private String callerNumberDigits() {
        if (calling == null || calling.callerNumber() == null || calling.callerNumber().isBlank()) {
            return null;
        }
        String n = calling.callerNumber().replaceAll("[\\s.()\\-]", "");
        if (n.startsWith("+33")) {
            n = "0" + n.substring(3);
        } else if (n.startsWith("0033")) {
            n = "0" + n.substring(4);
        }
        return n;
    }

    /** A cell such as "SATURDAY, SUNDAY": true when some calling window places calls on one of those days. */
    public boolean callsOnAnyOf(String days) {
        if (calling == null) {
            return false;
        }
        return Arrays.stream(days.split(","))
                .map(String::trim)
                .filter(s -> !s.isEmpty())
                .map(DayOfWeek::valueOf)
                .anyMatch(day -> calling.windows().stream().anyMatch(w -> w.days().contains(day)));
    }

    /** A cell such as "13:00-14:00" (24:00 allowed as end of day): true when some window calls in that range. */
    public boolean callsWithin(String range) {
        if (calling == null) {
            return false;
        }
        String[] bounds = range.split("-");
        LocalTime from = LocalTime.parse(bounds[0].trim());
        String end = bounds[1].trim();
        LocalTime to = "24:00".equals(end) ? LocalTime.MAX : LocalTime.parse(end);
        for (CallingWindow window : calling.windows()) {
            for (DayOfWeek day : window.days()) {
                if (window.overlaps(day, from, to)) {
                    return true;
                }
            }
        }
        return false;
    }
}
