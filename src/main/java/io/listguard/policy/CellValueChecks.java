package io.listguard.policy;

import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Checks the values Drools cannot check at compile time because they are text handed to a method (dates, hours,
 * days): a bad one would otherwise fail only when a campaign reaches that rule. Each finding names the value
 * and says what the column expects.
 */
final class CellValueChecks {

    private static final ColumnType DAYS = new ColumnType.Choice("day",
            java.util.Arrays.stream(java.time.DayOfWeek.values()).map(Enum::name).toList(), true);

    /** A faulty value found in a generated rule: the value, and what is wrong with it (a message code, {@link ColumnType.Invalid}). */
    record BadValue(String value, ColumnType.Invalid problem) {
    }

    private record Check(Pattern pattern, ColumnType type) {
    }

    private static final List<Check> CHECKS = List.of(
            new Check(Pattern.compile("(?:endsOnOrAfter|startsOnOrBefore)\\(\"([^\"]*)\"\\)"), new ColumnType.Date()),
            new Check(Pattern.compile("callsWithin\\(\"([^\"]*)\"\\)"), new ColumnType.Hours()),
            new Check(Pattern.compile("callsOnAnyOf\\(\"([^\"]*)\"\\)"), DAYS),
            new Check(Pattern.compile("callsOnlyOn\\(\"([^\"]*)\"\\)"), DAYS),
            new Check(Pattern.compile("callsOnlyWithin\\(\"([^\"]*)\"\\)"), new ColumnType.HourRanges()),
            new Check(Pattern.compile("callsOnLocalDaysOtherThan\\(\"([^\"]*)\"\\)"), DAYS),
            new Check(Pattern.compile("callsOutsideLocalHours\\(\"([^\"]*)\"\\)"), new ColumnType.HourRanges()),
            new Check(Pattern.compile("out\\.holiday\\(\"([^\"]*)\"\\)"), new ColumnType.HolidayDay()),
            new Check(Pattern.compile("out\\.holidayDepartements\\(\"([^\"]*)\"\\)"), new ColumnType.Departements()));

    private CellValueChecks() {
    }

    static List<BadValue> check(String ruleDrl) {
        List<BadValue> bad = new ArrayList<>();
        for (Check check : CHECKS) {
            Matcher m = check.pattern().matcher(ruleDrl);
            while (m.find()) {
                ColumnType.Invalid problem = check.type().check(m.group(1), java.util.Set.of());
                if (problem != null) {
                    bad.add(new BadValue(problem.value(), problem));
                }
            }
        }
        return bad;
    }
}
