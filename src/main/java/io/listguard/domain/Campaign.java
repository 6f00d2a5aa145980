package io.listguard.domain;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;

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
