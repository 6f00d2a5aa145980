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

    /**
     * What is wrong with a value: a message code of the policy texts and its arguments after the first three, which
     * are always the cell, the column label and the value (or the item of a list) the message quotes.
     */
    record Invalid(String code, String value, List<Object> details) {
        Invalid(String code, String value, Object... details) {
            this(code, value, List.of(details));
        }

        /** The message's arguments: cell, column label, value, then the details. */
        Object[] args(String cell, String label) {
            List<Object> args = new java.util.ArrayList<>(List.of(cell, label, value));
            args.addAll(details);
            return args.toArray();
        }
    }

    /** Null when the value is acceptable; else what is wrong, e.g. "'EMAL' is not a channel; write one of ...". */
    Invalid check(String value, Set<String> knownOffers);

    /**
     * The value as Drools must read it, from a cell as people type it in Excel or LibreOffice: a French date
     * (21/12/2022) in ISO form, a decimal comma as a dot, OUI/NON as YES/NO, VRAI/FAUX as true/false. A value it
     * cannot read is returned unchanged, for {@link #check} to explain.
     */
    default String normalise(String value) {
        return value;
    }

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

    /**
     * One or more values of a fixed list. {@code what} names the message code ({@code policy.value.<what>}), and
     * {@code aliases} maps what people type (upper-case, without accents) to the value, e.g. OUI to YES.
     */
    record Choice(String what, List<String> values, boolean multiple, java.util.Map<String, String> aliases) implements ColumnType {
        Choice(String what, List<String> values, boolean multiple) {
            this(what, values, multiple, java.util.Map.of());
        }

        @Override
        public int maxLength() {
            return multiple ? 500 : 200;
        }

        @Override
        public Invalid check(String value, Set<String> knownOffers) {
            for (String item : items(value, multiple)) {
                if (!values.contains(item)) {
                    return new Invalid("policy.value." + what, item, String.join(", ", values));
                }
            }
            return null;
        }

        @Override
        public String normalise(String value) {
            if (aliases.isEmpty()) {
                return value;
            }
            if (multiple) {
                // each value of the list: "lundi, Mar., SAMEDI" as MONDAY,TUESDAY,SATURDAY; unchanged when none is an alias
                List<String> items = items(value, true);
                List<String> typed = items.stream().map(i -> aliases.getOrDefault(folded(i), i)).toList();
                return typed.equals(items) ? value : String.join(",", typed);
            }
            String alias = aliases.get(folded(value));
            return alias == null ? value : alias;
        }

        @Override
        public List<String> domain() {
            return values;
        }
    }

    /**
     * Days as people type them ({@link #folded}, a final dot dropped): in French, whole (LUNDI) or short (LUN), and
     * the English names themselves in any case.
     */
    java.util.Map<String, String> DAY_ALIASES = dayAliases();

    private static java.util.Map<String, String> dayAliases() {
        java.util.Map<String, String> aliases = new java.util.HashMap<>();
        String[] french = {"LUNDI", "MARDI", "MERCREDI", "JEUDI", "VENDREDI", "SAMEDI", "DIMANCHE"};
        for (DayOfWeek day : DayOfWeek.values()) {
            String name = french[day.ordinal()];
            aliases.put(day.name(), day.name());
            aliases.put(name, day.name());
            aliases.put(name.substring(0, 3), day.name());
            aliases.put(name.substring(0, 3) + ".", day.name());
        }
        return java.util.Map.copyOf(aliases);
    }

    /** Upper-case, without accents or surrounding spaces: "Oui " and "OUÍ" are both OUI. */
    static String folded(String value) {
        String decomposed = java.text.Normalizer.normalize(value.trim(), java.text.Normalizer.Form.NFD);
        return decomposed.replaceAll("\\p{M}", "").toUpperCase(java.util.Locale.ROOT);
    }

    /** A date as Drools reads it (YYYY-MM-DD); people may type it 21/12/2022 or enter a real Excel date. */
    record Date() implements ColumnType {
        static final Pattern ISO = Pattern.compile("(\\d{4})-(\\d{1,2})-(\\d{1,2})");
        static final Pattern FRENCH = Pattern.compile("(\\d{1,2})[/.-](\\d{1,2})[/.-](\\d{4})");

        @Override
        public Invalid check(String value, Set<String> knownOffers) {
            return dateProblem(value);
        }

        @Override
        public String normalise(String value) {
            java.util.regex.Matcher french = FRENCH.matcher(value.trim());
            if (french.matches()) {
                try {
                    return LocalDate.of(Integer.parseInt(french.group(3)), Integer.parseInt(french.group(2)),
                            Integer.parseInt(french.group(1))).toString();
                } catch (RuntimeException e) {
                    return value; // 31/02/2026: the check says that day does not exist
                }
            }
            return value;
        }

        /** Null for a date Drools reads (YYYY-MM-DD); else whether it does not exist or is not a date at all. */
        static Invalid dateProblem(String value) {
            String v = value.trim();
            java.util.regex.Matcher iso = ISO.matcher(v);
            java.util.regex.Matcher french = FRENCH.matcher(v);
            int year;
            int month;
            int day;
            if (iso.matches()) {
                year = Integer.parseInt(iso.group(1));
                month = Integer.parseInt(iso.group(2));
                day = Integer.parseInt(iso.group(3));
            } else if (french.matches()) {
                year = Integer.parseInt(french.group(3));
                month = Integer.parseInt(french.group(2));
                day = Integer.parseInt(french.group(1));
            } else {
                return new Invalid("policy.value.date", value);
            }
            if (month < 1 || month > 12) {
                return new Invalid("policy.value.dateMonth", value, month);
            }
            try {
                LocalDate date = LocalDate.of(year, month, day);
                return iso.matches() && v.equals(date.toString()) ? null : new Invalid("policy.value.date", value);
            } catch (RuntimeException e) {
                return new Invalid("policy.value.dateMissing", value, String.valueOf(day), PolicyProblem.inline("policy.month." + month),
                        String.valueOf(year));
            }
        }
    }

    /** An hour range, HH:MM-HH:MM. */
    record Hours() implements ColumnType {
        @Override
        public Invalid check(String value, Set<String> knownOffers) {
            return hoursProblem(value, "policy.value.hours");
        }

        static Invalid hoursProblem(String value, String code) {
            String[] bounds = value.split("-");
            try {
                if (bounds.length != 2) {
                    throw new IllegalArgumentException();
                }
                LocalTime from = LocalTime.parse(bounds[0].trim());
                LocalTime to = "24:00".equals(bounds[1].trim()) ? LocalTime.MAX : LocalTime.parse(bounds[1].trim());
                return from.isBefore(to) ? null : new Invalid(code + "Order", value.trim());
            } catch (RuntimeException e) {
                return new Invalid(code, value.trim());
            }
        }
    }

    /** Hour ranges separated by commas, e.g. "10:00-13:00, 14:00-20:00" (sheet "Calling per person"). */
    record HourRanges() implements ColumnType {
        @Override
        public Invalid check(String value, Set<String> knownOffers) {
            for (String range : value.split(",")) {
                Invalid problem = Hours.hoursProblem(range.trim(), "policy.value.hourRanges");
                if (problem != null) {
                    return problem;
                }
            }
            return null;
        }
    }

    /** A public-holiday day: MM-DD or EASTER+N / EASTER-N (sheet "Public holidays"). */
    record HolidayDay() implements ColumnType {
        @Override
        public Invalid check(String value, Set<String> knownOffers) {
            if (io.listguard.domain.PublicHoliday.problem(value) == null) {
                return null;
            }
            return new Invalid(value.trim().matches("\\d{1,2}-\\d{1,2}") ? "policy.value.dayOfYear" : "policy.value.holiday", value.trim());
        }
    }

    /** Département codes separated by commas, e.g. "57, 67, 68" (sheet "Public holidays"). */
    record Departements() implements ColumnType {
        @Override
        public boolean multiple() {
            return true;
        }

        @Override
        public Invalid check(String value, Set<String> knownOffers) {
            for (String code : io.listguard.domain.PublicHoliday.departementsOf(value)) {
                if (io.listguard.domain.PublicHoliday.departementsProblem(code) != null) {
                    return new Invalid("policy.value.departement", code);
                }
            }
            return null;
        }
    }

    record WholeNumber() implements ColumnType {
        @Override
        public Invalid check(String value, Set<String> knownOffers) {
            return value.trim().matches("\\d{1,6}") ? null : new Invalid("policy.value.wholeNumber", value);
        }
    }

    /** A number; people in France type a decimal comma (12,5), which Drools reads as 12.5. */
    record Number() implements ColumnType {
        private static final Pattern DECIMAL_COMMA = Pattern.compile("(-?\\d{1,9}),(\\d{1,6})");

        @Override
        public Invalid check(String value, Set<String> knownOffers) {
            return value.trim().matches("-?\\d{1,9}(\\.\\d{1,6})?") ? null : new Invalid("policy.value.number", value);
        }

        @Override
        public String normalise(String value) {
            java.util.regex.Matcher comma = DECIMAL_COMMA.matcher(value.trim());
            return comma.matches() ? comma.group(1) + "." + comma.group(2) : value;
        }
    }

    /** Capitals, digits and underscores: exclusion and finding codes, segments, certifications, offer categories. */
    record Codes(String what, boolean multiple, boolean offers) implements ColumnType {
        @Override
        public int maxLength() {
            return multiple ? 1000 : 200;
        }

        @Override
        public Invalid check(String value, Set<String> knownOffers) {
            for (String item : items(value, multiple)) {
                if (!CODE.matcher(item).matches()) {
                    return new Invalid("policy.value." + what, item);
                }
                if (offers && !knownOffers.isEmpty() && !knownOffers.contains(item)) {
                    return new Invalid("policy.value.offerUnknown", item, String.join(", ", knownOffers.stream().sorted().toList()));
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
        public Invalid check(String value, Set<String> knownOffers) {
            return value.contains("\"") || value.contains("\\") ? new Invalid("policy.value.text", value) : null;
        }
    }

    /** A template this class does not know: only plain words and numbers, nothing that could be code. */
    record Plain() implements ColumnType {
        @Override
        public Invalid check(String value, Set<String> knownOffers) {
            return value.matches("[\\p{L}0-9_.,:'’/ \\-]*") ? null : new Invalid("policy.value.plain", value);
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
            return new Choice("enabled", List.of("true", "false"), false, java.util.Map.of("TRUE", "true", "FALSE", "false", "VRAI", "true", "FAUX", "false"));
        }
        if (t.contains("Audience.$")) {
            return new Choice("audience", names(Audience.values()), forall);
        }
        if (t.contains("Channel.$")) {
            return new Choice("channel", names(Channel.values()), forall);
        }
        if (t.contains("RecordKind.$")) {
            return new Choice("recordKind", names(RecordKind.values()), forall);
        }
        if (t.contains("YesNo.$")) {
            return new Choice("yesNo", names(YesNo.values()), false, java.util.Map.of("YES", "YES", "NO", "NO", "OUI", "YES", "NON", "NO"));
        }
        if (t.contains("LegalBasis.$")) {
            return new Choice("legalBasis", names(LegalBasis.values()), forall);
        }
        if (t.contains("OptOutMechanism.$")) {
            return new Choice("optOutMechanism", names(OptOutMechanism.values()), forall);
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
            return new Choice("day", names(DayOfWeek.values()), true, DAY_ALIASES);
        }
        if (t.contains("offerCategory") || t.contains("out.offer(")) {
            return new Codes("offerCategory", forall, !t.contains("out.offer("));
        }
        if (t.startsWith("code(") || t.startsWith("noConsentReason(") || t.contains("segmentscontains") || t.startsWith("name==")) {
            return new Codes("code", false, false);
        }
        if (t.contains("holdsNoneOf(") || t.contains("holds(") || t.contains("out.relatedJobs(")) {
            return new Codes("code", true, false);
        }
        if (t.startsWith("messageFr(") || t.startsWith("legalRefFr(")) return new Text(); // French policy texts, free text as message/legalRef
        if (t.startsWith("severity(")) {
            return new Choice("severity", List.of("BLOCKING", "WARNING", "INFO"), false);
        }
        if (t.startsWith("confidence(")) {
            return new Choice("confidence", List.of("H", "M", "U"), false);
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
