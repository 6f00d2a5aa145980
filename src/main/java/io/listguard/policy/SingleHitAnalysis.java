package io.listguard.policy;


import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * For tables where one row must decide each case (the consent regime: audience, channel, record kind, job and
 * contract relation, period), reports as warnings the pairs of enabled rows that overlap with different outcomes,
 * and the combinations no enabled row covers. Conditions with a finite set of values (drop-down columns) are
 * enumerated; "In force from/until" columns are intervals; a blank cell means every value. The offer-category
 * columns ("Offer categories", inclusive, and "Except offer categories") make one dimension whose values are the
 * categories the table names plus "any other offer": the Offers sheet may hold more, but a category no row names
 * is decided like any other unnamed one.
 */
public final class SingleHitAnalysis {

    /** Tables whose rows must not overlap and must cover every case. */
    static final Set<String> SINGLE_HIT_TABLES = Set.of("ConsentRegime");
    private static final int MAX_GAPS = 20;
    /** The offer categories a regime table does not name, all decided alike. */
    static final String OTHER_OFFER = "(any other)";
    private static final String OFFER_LABEL = "Offer category";

    private final LocalDate horizon;

    /** @param horizon gaps before this date are not reported (old law no campaign will be evaluated under) */
    public SingleHitAnalysis(LocalDate horizon) {
        this.horizon = horizon;
    }

    /** One condition: a drop-down column, or (column null, label "Offer category") the offer-category columns together. */
    private record Dimension(DecisionTable.Column column, String label, List<String> domain) {
        boolean offer() {
            return column == null;
        }
    }

    private record Case(DecisionTable.DataRow row, List<Set<String>> values, LocalDate from, LocalDate until, String outcome) {
    }

    public List<PolicyProblem> analyse(PolicySet policySet) {
        List<PolicyProblem> warnings = new ArrayList<>();
        for (PolicySource source : policySet.sources()) {
            if (source.kind() != PolicySource.Kind.DECISION_TABLE) {
                continue;
            }
            for (DecisionTable table : Workbooks.tables(source)) {
                if (SINGLE_HIT_TABLES.contains(table.tableName())) {
                    analyse(table, warnings);
                }
            }
        }
        return warnings;
    }

    void analyse(DecisionTable table, List<PolicyProblem> warnings) {
        List<Dimension> dimensions = new ArrayList<>();
        DecisionTable.Column fromColumn = null;
        DecisionTable.Column untilColumn = null;
        List<DecisionTable.Column> outcomes = new ArrayList<>();
        DecisionTable.Column offersIn = null;
        DecisionTable.Column offersExcept = null;
        for (DecisionTable.Column column : table.columns()) {
            String kind = column.kindName();
            String template = column.templateText().replace(" ", "");
            if (kind.equals("CONDITION")) {
                if (template.contains("endsOnOrAfter(")) {
                    fromColumn = column;
                } else if (template.contains("startsOnOrBefore(")) {
                    untilColumn = column;
                } else if (template.contains("offerCategory==")) {
                    offersIn = column;
                } else if (template.contains("offerCategory!=")) {
                    offersExcept = column;
                } else {
                    List<String> domain = ColumnType.of(kind, column.templateText()).domain();
                    if (domain != null) {
                        dimensions.add(new Dimension(column, column.label(), domain));
                    }
                }
            } else if (kind.equals("ACTION") || template.startsWith("noConsentReason(") || template.startsWith("code(")) {
                outcomes.add(column);
            }
        }
        List<DecisionTable.DataRow> enabled = table.rows().stream().filter(row -> row.enabled(table.columns())).toList();
        Dimension offers = offerDimension(enabled, offersIn, offersExcept);
        if (offers != null) {
            dimensions.add(offers);
        }
        List<Case> cases = new ArrayList<>();
        for (DecisionTable.DataRow row : enabled) {
            try {
                List<Set<String>> values = new ArrayList<>();
                for (Dimension d : dimensions) {
                    if (d.offer()) {
                        Set<String> in = offersIn == null ? new HashSet<>(d.domain())
                                : row.cell(offersIn).map(v -> items(v)).orElse(new HashSet<>(d.domain()));
                        if (offersExcept != null) {
                            row.cell(offersExcept).map(v -> items(v)).ifPresent(in::removeAll);
                        }
                        values.add(in);
                    } else {
                        values.add(row.cell(d.column()).map(v -> items(v)).orElse(new HashSet<>(d.domain())));
                    }
                }
                LocalDate from = fromColumn == null ? LocalDate.MIN : row.cell(fromColumn).map(v -> LocalDate.parse(v.trim())).orElse(LocalDate.MIN);
                LocalDate until = untilColumn == null ? LocalDate.MAX : row.cell(untilColumn).map(v -> LocalDate.parse(v.trim())).orElse(LocalDate.MAX);
                String outcome = String.join(" / ", outcomes.stream().map(c -> row.cell(c).orElse("-")).toList());
                cases.add(new Case(row, values, from, until, outcome));
            } catch (RuntimeException e) {
                // a bad value is an error reported by the template lock; the analysis skips that row
            }
        }
        overlaps(table, dimensions, cases, warnings);
        gaps(table, dimensions, cases, warnings);
    }

    private static void overlaps(DecisionTable table, List<Dimension> dimensions, List<Case> cases, List<PolicyProblem> warnings) {
        for (int i = 0; i < cases.size(); i++) {
            for (int j = i + 1; j < cases.size(); j++) {
                Case a = cases.get(i);
                Case b = cases.get(j);
                if (a.outcome().equals(b.outcome()) || a.from().isAfter(b.until()) || b.from().isAfter(a.until())) {
                    continue;
                }
                List<String> shared = new ArrayList<>();
                boolean disjoint = false;
                for (int d = 0; d < dimensions.size(); d++) {
                    Set<String> common = new TreeSet<>(a.values().get(d));
                    common.retainAll(b.values().get(d));
                    if (common.isEmpty()) {
                        disjoint = true;
                        break;
                    }
                    if (common.size() < dimensions.get(d).domain().size()) {
                        shared.add(label(dimensions.get(d)) + " " + values(dimensions.get(d), common));
                    }
                }
                if (disjoint) {
                    continue;
                }
                LocalDate from = max(a.from(), b.from());
                LocalDate until = min(a.until(), b.until());
                String cell = table.columns().get(0).letter() + a.row().number();
                warnings.add(PolicyProblem.coded(table.source(), table.sheet(), cell, null, "policy.analysis.overlap", a.row().number(),
                        b.row().number(), String.join(PolicyProblem.inline("policy.analysis.separator"), shared) + period(from, until),
                        a.outcome(), b.outcome()));
            }
        }
    }

    private void gaps(DecisionTable table, List<Dimension> dimensions, List<Case> cases, List<PolicyProblem> warnings) {
        TreeSet<LocalDate> bounds = new TreeSet<>();
        bounds.add(horizon);
        for (Case c : cases) {
            if (c.from().isAfter(horizon) && !c.from().equals(LocalDate.MIN)) {
                bounds.add(c.from());
            }
            if (!c.until().equals(LocalDate.MAX) && c.until().plusDays(1).isAfter(horizon)) {
                bounds.add(c.until().plusDays(1));
            }
        }
        List<LocalDate> starts = new ArrayList<>(bounds);
        // the offer dimension, when there is one, is the last: its values are gathered into one gap per period
        boolean byOffer = !dimensions.isEmpty() && dimensions.get(dimensions.size() - 1).offer();
        List<Dimension> others = byOffer ? dimensions.subList(0, dimensions.size() - 1) : dimensions;
        List<String> offerValues = byOffer ? dimensions.get(dimensions.size() - 1).domain() : List.of("");
        List<String> gaps = new ArrayList<>();
        int total = 0;
        for (List<String> prefix : combinations(others)) {
            Map<Period, Set<String>> uncovered = new LinkedHashMap<>();
            for (String offer : offerValues) {
                List<String> combination = new ArrayList<>(prefix);
                if (byOffer) {
                    combination.add(offer);
                }
                LocalDate gapFrom = null;
                for (int k = 0; k <= starts.size(); k++) {
                    LocalDate start = k < starts.size() ? starts.get(k) : null;
                    boolean covered = start != null && cases.stream().anyMatch(c -> covers(c, combination, start));
                    if (start != null && !covered && gapFrom == null) {
                        gapFrom = start;
                    } else if ((start == null || covered) && gapFrom != null) {
                        uncovered.computeIfAbsent(new Period(gapFrom, start == null ? LocalDate.MAX : start.minusDays(1)), p -> new TreeSet<>()).add(offer);
                        gapFrom = null;
                    }
                }
            }
            for (Map.Entry<Period, Set<String>> gap : uncovered.entrySet()) {
                total++;
                if (gaps.size() < MAX_GAPS) {
                    boolean someOffers = byOffer && gap.getValue().size() < offerValues.size();
                    Dimension offerDimension = byOffer ? dimensions.get(dimensions.size() - 1) : null;
                    gaps.add(describe(others, prefix) + (someOffers ? ", " + label(offerDimension) + " " + values(offerDimension, gap.getValue()) : "")
                            + period(gap.getKey().from(), gap.getKey().until()));
                }
            }
        }
        if (total > 0) {
            String more = total > gaps.size() ? String.valueOf(total - gaps.size()) : null;
            warnings.add(PolicyProblem.coded(table.source(), table.sheet(), table.tableCell(), null, "policy.analysis.gaps", total,
                    String.join(PolicyProblem.inline("policy.analysis.separator"), gaps) + (more == null ? "" : PolicyProblem.inline("policy.analysis.more", more))));
        }
    }

    private static boolean covers(Case c, List<String> combination, LocalDate day) {
        if (day.isBefore(c.from()) || day.isAfter(c.until())) {
            return false;
        }
        for (int d = 0; d < combination.size(); d++) {
            if (!c.values().get(d).contains(combination.get(d))) {
                return false;
            }
        }
        return true;
    }

    private static List<List<String>> combinations(List<Dimension> dimensions) {
        List<List<String>> result = new ArrayList<>();
        result.add(List.of());
        for (Dimension d : dimensions) {
            List<List<String>> next = new ArrayList<>();
            for (List<String> prefix : result) {
                for (String value : d.domain()) {
                    List<String> extended = new ArrayList<>(prefix);
                    extended.add(value);
                    next.add(extended);
                }
            }
            result = next;
        }
        return result;
    }

    private static String describe(List<Dimension> dimensions, List<String> combination) {
        List<String> parts = new ArrayList<>();
        for (int d = 0; d < dimensions.size(); d++) {
            parts.add(label(dimensions.get(d)) + " " + combination.get(d));
        }
        return String.join(", ", parts);
    }

    /**
     * The offer dimension of a table with offer-category columns that some enabled row fills: the categories named,
     * then "any other"; null when no row names a category (the offer then decides nothing).
     */
    private static Dimension offerDimension(List<DecisionTable.DataRow> rows, DecisionTable.Column in, DecisionTable.Column except) {
        Set<String> named = new TreeSet<>();
        for (DecisionTable.DataRow row : rows) {
            for (DecisionTable.Column column : Arrays.asList(in, except)) {
                if (column != null) {
                    row.cell(column).map(SingleHitAnalysis::items).ifPresent(named::addAll);
                }
            }
        }
        if (named.isEmpty()) {
            return null;
        }
        List<String> domain = new ArrayList<>(named);
        domain.add(OTHER_OFFER);
        return new Dimension(null, OFFER_LABEL, List.copyOf(domain));
    }

    /** A stretch of days, either end open (LocalDate.MIN, LocalDate.MAX). */
    private record Period(LocalDate from, LocalDate until) {
    }

    /** A dimension's label in a message: the column's label, or the offer categories' label in the reader's language. */
    private static String label(Dimension d) {
        return d.offer() ? PolicyProblem.inline("policy.analysis.offerLabel") : d.label();
    }

    /** The values of a dimension, in order, for a message; for the offer, "any other" reads as such. */
    private static String values(Dimension d, Set<String> values) {
        if (!d.offer()) {
            return String.join(", ", new TreeSet<>(values));
        }
        return String.join(", ", d.domain().stream().filter(values::contains)
                .map(v -> v.equals(OTHER_OFFER) ? PolicyProblem.inline("policy.analysis.anyOtherOffer") : v).toList());
    }

    private static String period(LocalDate from, LocalDate until) {
        String f = from.equals(LocalDate.MIN) ? null : from.toString();
        String u = until.equals(LocalDate.MAX) ? null : until.toString();
        if (f == null && u == null) {
            return "";
        }
        if (u == null) {
            return PolicyProblem.inline("policy.analysis.from", f);
        }
        return f == null ? PolicyProblem.inline("policy.analysis.until", u) : PolicyProblem.inline("policy.analysis.between", f, u);
    }

    private static Set<String> items(String value) {
        Set<String> items = new HashSet<>();
        Arrays.stream(value.split(",")).map(String::trim).filter(s -> !s.isEmpty()).forEach(items::add);
        return items;
    }

    private static LocalDate max(LocalDate a, LocalDate b) {
        return a.isAfter(b) ? a : b;
    }

    private static LocalDate min(LocalDate a, LocalDate b) {
        return a.isBefore(b) ? a : b;
    }
}
