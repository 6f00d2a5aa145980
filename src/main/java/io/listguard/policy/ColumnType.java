package io.listguard.policy;

import io.listguard.domain.Audience;
import io.listguard.domain.Channel;
import io.listguard.domain.LegalBasis;
import io.listguard.domain.OptOutMechanism;
import io.listguard.domain.RecordKind;
import io.listguard.domain.YesNo;
import java.time.DayOfWeek;
import java.time.LocalDate;
import java.time.LocalTime;
import java.util.Arrays;
import java.util.List;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * What a decision-table column accepts, told from its code template (the grey row compliance staff do not edit):
 * {@code audience == Audience.$param} takes an audience, {@code endsOnOrAfter("$param")} a date, and so on. Each
 * type checks a cell's text and says, in the words of the person who typed it, what is wrong.
 */
sealed interface ColumnType {

    /** Null when the value is acceptable; else a sentence such as "'EMAL' is not a channel; expected one of ...". */
    String check(String value, Set<String> knownOffers);

    /** For gap and overlap analysis: the finite set of values, or null when the column is not enumerable. */
    default List<String> domain() {
        return null;
    }

    /** True when several values separated by commas are accepted. */
    default boolean multiple() {
        return false;
    }

    /** The longest text a cell of this column may hold: a value, not a program; free text gets more room. */
    default int maxLength() {
        return 200;
    }

    Pattern CODE = Pattern.compile("[A-Z][A-Z0-9_]*");

    record Choice(String what, List<String> values, boolean multiple) implements ColumnType {
        @Override
        public int maxLength() {
            return multiple ? 500 : 200;
        }

        @Override
        public String check(String value, Set<String> knownOffers) {
            for (String item : items(value, multiple)) {
                if (!values.contains(item)) {
                    return "'" + item + "' is not " + what + "; expected " + (multiple ? "one or more of " : "one of ") + String.join(", ", values);
                }
            }
            return null;
        }

        @Override
        public List<String> domain() {
            return values;
        }
    }

    record Date() implements ColumnType {
        @Override
        public String check(String value, Set<String> knownOffers) {
            try {
                LocalDate.parse(value.trim());
                return null;
            } catch (RuntimeException e) {
                return "'" + value + "' is not a date; write it YYYY-MM-DD, e.g. 2026-08-11, in a cell formatted as text";
            }
        }
    }

    record Hours() implements ColumnType {
        @Override
        public String check(String value, Set<String> knownOffers) {
            String[] bounds = value.split("-");
            try {
                LocalTime from = LocalTime.parse(bounds[0].trim());
                LocalTime to = "24:00".equals(bounds[1].trim()) ? LocalTime.MAX : LocalTime.parse(bounds[1].trim());
                return bounds.length == 2 && from.isBefore(to) ? null : "'" + value + "': the first hour must come before the second";
            } catch (RuntimeException e) {
                return "'" + value + "' is not an hour range; write it HH:MM-HH:MM, e.g. 13:00-14:00 (24:00 for midnight)";
            }
        }
    }

    /** Hour ranges separated by commas, e.g. "10:00-13:00, 14:00-20:00" (sheet "Calling per person"). */
    record HourRanges() implements ColumnType {
        @Override
        public String check(String value, Set<String> knownOffers) {
            for (String range : value.split(",")) {
                String problem = new Hours().check(range.trim(), knownOffers);
                if (problem != null) {
                    return problem + " (ranges are separated by commas)";
                }
            }
            return null;
        }
    }

    /** A public-holiday day: MM-DD or EASTER+N / EASTER-N (sheet "Public holidays"). */
    record HolidayDay() implements ColumnType {
        @Override
        public String check(String value, Set<String> knownOffers) {
            return io.listguard.domain.PublicHoliday.problem(value);
        }
    }

    /** Département codes separated by commas, e.g. "57, 67, 68" (sheet "Public holidays"). */
    record Departements() implements ColumnType {
        @Override
        public boolean multiple() {
            return true;
        }

        @Override
        public String check(String value, Set<String> knownOffers) {
            return io.listguard.domain.PublicHoliday.departementsProblem(value);
        }
    }

    record WholeNumber() implements ColumnType {
        @Override
        public String check(String value, Set<String> knownOffers) {
            return value.trim().matches("\\d{1,6}") ? null : "'" + value + "' is not a whole number (write digits only, e.g. 30)";
        }
    }

    record Number() implements ColumnType {
        @Override
        public String check(String value, Set<String> knownOffers) {
            return value.trim().matches("-?\\d{1,9}(\\.\\d{1,6})?") ? null : "'" + value + "' is not a number (write e.g. 150 or 7.5, with a dot)";
        }
    }

    /** Capitals, digits and underscores: exclusion and finding codes, segments, certifications, offer categories. */
    record Codes(String what, boolean multiple, boolean offers) implements ColumnType {
        @Override
        public int maxLength() {
            return multiple ? 1000 : 200;
        }

        @Override
        public String check(String value, Set<String> knownOffers) {
            for (String item : items(value, multiple)) {
                if (!CODE.matcher(item).matches()) {
                    return "'" + item + "' is not " + what + "; write capitals, digits and underscores, e.g. " + (offers ? "CHILDCARE" : "OPT_OUT_MISSING");
                }
                if (offers && !knownOffers.isEmpty() && !knownOffers.contains(item)) {
                    return "'" + item + "' is not an offer category defined in sheet Offres; known: " + String.join(", ", knownOffers.stream().sorted().toList());
                }
            }
            return null;
        }
    }

    /** Free text inside quotes (messages, legal references): anything but what would close the quotes. */
    record Text() implements ColumnType {
        @Override
        public int maxLength() {
            return 1500; // French texts run longer than English ones (issue 16)
        }

        @Override
        public String check(String value, Set<String> knownOffers) {
            return value.contains("\"") || value.contains("\\")
                    ? "'" + value + "' contains a double quote or a backslash, which this column does not accept (use ' instead of \")"
                    : null;
        }
    }

    /** A template this class does not know: only plain words and numbers, nothing that could be code. */
    record Plain() implements ColumnType {
        @Override
        public String check(String value, Set<String> knownOffers) {
            return value.matches("[\\p{L}0-9_.,:'/ \\-]*") ? null : "'" + value + "' contains characters this column does not accept";
        }
    }

    private static List<String> items(String value, boolean multiple) {
        return multiple ? Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).toList() : List.of(value.trim());
    }

    /** The type of a column, from its kind (CONDITION, ACTION, METADATA, ENABLED...) and its code template. */
    static ColumnType of(String kind, String template) {
        String t = template.replace(" ", "");
        boolean forall = t.startsWith("forall(");
        if (kind.equals("ENABLED")) {
            return new Choice("true or false", List.of("true", "false"), false);
        }
        if (t.contains("Audience.$")) {
            return new Choice("an audience", names(Audience.values()), forall);
        }
        if (t.contains("Channel.$")) {
            return new Choice("a channel", names(Channel.values()), forall);
        }
        if (t.contains("RecordKind.$")) {
            return new Choice("a record kind", names(RecordKind.values()), forall);
        }
        if (t.contains("YesNo.$")) {
            return new Choice("YES or NO", names(YesNo.values()), false);
        }
        if (t.contains("LegalBasis.$")) {
            return new Choice("a legal basis", names(LegalBasis.values()), forall);
        }
        if (t.contains("OptOutMechanism.$")) {
            return new Choice("an opt-out mechanism", names(OptOutMechanism.values()), forall);
        }
        if (t.contains("endsOnOrAfter(\"$param\")") || t.contains("startsOnOrBefore(\"$param\")")) {
            return new Date();
        }
        if (t.contains("callsWithin(")) {
            return new Hours();
        }
        if (t.contains("callsOutsideLocalHours(") || t.contains("callsOnlyWithin(")) {
            return new HourRanges();
        }
        if (t.contains("out.holiday(")) {
            return new HolidayDay();
        }
        if (t.contains("out.holidayDepartements(")) {
            return new Departements();
        }
        if (t.contains("callsOnAnyOf(") || t.contains("callsOnLocalDaysOtherThan(") || t.contains("callsOnlyOn(")) {
            return new Choice("a day", names(DayOfWeek.values()), true);
        }
        if (t.contains("offerCategory") || t.contains("out.offer(")) {
            return new Codes("an offer category", forall, !t.contains("out.offer("));
        }
        if (t.startsWith("code(") || t.startsWith("noConsentReason(") || t.contains("segmentscontains") || t.startsWith("name==")) {
            return new Codes("a code", false, false);
        }
        if (t.contains("holdsNoneOf(") || t.contains("holds(") || t.contains("out.relatedJobs(")) {
            return new Codes("a code", true, false);
        }
        if (t.startsWith("messageFr(") || t.startsWith("legalRefFr(")) return new Text(); // French policy texts, free text as message/legalRef
        if (t.startsWith("severity(")) {
            return new Choice("a severity", List.of("BLOCKING", "WARNING", "INFO"), false);
        }
        if (t.startsWith("confidence(")) {
            return new Choice("a confidence level", List.of("H", "M", "U"), false);
        }
        if (t.matches(".*\\w\\(\\$param\\).*")) {
            return new WholeNumber();
        }
        if (t.matches(".*(>=|<=|>|<|==)\\$param$")) {
            return new Number();
        }
        if (t.contains("\"$param\"")) {
            return new Text();
        }
        return new Plain();
    }

    private static List<String> names(Enum<?>[] values) {
        return Arrays.stream(values).map(Enum::name).toList();
    }
}
