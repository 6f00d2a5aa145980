package io.listguard.policy;

import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the values Drools cannot check at compile time because they are text handed to a method (dates, hours,
 * days): a bad one would otherwise fail only when a campaign reaches that rule. Each finding names the value
 * and says what the column expects.
 */
final class CellValueChecks {

    /** A faulty value found in a generated rule. */
    record BadValue(String value, String expectation) {
    }

    private record Check(Pattern pattern, Function<String, String> problem) {
    }

    private static final List<Check> CHECKS = List.of(
            new Check(Pattern.compile("(?:endsOnOrAfter|startsOnOrBefore)\\(\"([^\"]*)\"\\)"), CellValueChecks::date),
            new Check(Pattern.compile("callsWithin\\(\"([^\"]*)\"\\)"), CellValueChecks::hours),
            new Check(Pattern.compile("callsOnAnyOf\\(\"([^\"]*)\"\\)"), CellValueChecks::days),
            new Check(Pattern.compile("callsOnlyOn\\(\"([^\"]*)\"\\)"), CellValueChecks::days),
            new Check(Pattern.compile("callsOnlyWithin\\(\"([^\"]*)\"\\)"), CellValueChecks::hourRanges),
            new Check(Pattern.compile("callsOnLocalDaysOtherThan\\(\"([^\"]*)\"\\)"), CellValueChecks::days),
            new Check(Pattern.compile("callsOutsideLocalHours\\(\"([^\"]*)\"\\)"), CellValueChecks::hourRanges),
            new Check(Pattern.compile("out\\.holiday\\(\"([^\"]*)\"\\)"), io.listguard.domain.PublicHoliday::problem),
            new Check(Pattern.compile("out\\.holidayDepartements\\(\"([^\"]*)\"\\)"), io.listguard.domain.PublicHoliday::departementsProblem));

    private CellValueChecks() {
    }

    static List<BadValue> check(String ruleDrl) {
        List<BadValue> bad = new ArrayList<>();
        for (Check check : CHECKS) {
            Matcher m = check.pattern().matcher(ruleDrl);
            while (m.find()) {
                String problem = check.problem().apply(m.group(1));
                if (problem != null) {
                    bad.add(new BadValue(m.group(1), problem));
                }
            }
        }
        return bad;
    }

    private static String date(String value) {
        try {
            LocalDate.parse(value.trim());
            return null;
        } catch (RuntimeException e) {
            return "'" + value + "' is not a date; write it YYYY-MM-DD, e.g. 2026-08-11, in a cell formatted as text";
        }
    }

    private static String hours(String value) {
        String[] bounds = value.split("-");
        try {
            if (bounds.length != 2) {
                throw new IllegalArgumentException();
            }
            LocalTime from = LocalTime.parse(bounds[0].trim());
            LocalTime to = "24:00".equals(bounds[1].trim()) ? LocalTime.MAX : LocalTime.parse(bounds[1].trim());
            return from.isBefore(to) ? null : "'" + value + "': the first hour must come before the second";
        } catch (RuntimeException e) {
            return "'" + value + "' is not an hour range; write it HH:MM-HH:MM, e.g. 13:00-14:00 (24:00 for midnight)";
        }
    }

    private static String hourRanges(String value) {
        for (String range : value.split(",")) {
            String problem = hours(range.trim());
            if (problem != null) {
                return problem + " (ranges are separated by commas)";
            }
        }
        return null;
    }

    private static String days(String value) {
        for (String day : value.split(",")) {
            try {
                DayOfWeek.valueOf(day.trim());
            } catch (RuntimeException e) {
                return "'" + day.trim() + "' is not a day; expected one of MONDAY, TUESDAY, WEDNESDAY, THURSDAY, FRIDAY, SATURDAY, SUNDAY";
            }
        }
        return null;
    }
}
