package io.listguard.policy;

import java.time.LocalDate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;

/**
 * For tables where one row must decide each case (the consent regime: audience, channel, record kind, job and
 * contract relation, period), reports as warnings the pairs of enabled rows that overlap with different outcomes,
 * and the combinations no enabled row covers. Conditions with a finite set of values (drop-down columns) are
 * enumerated; "In force from/until" columns are intervals; a blank cell means every value.
 */
public final class SingleHitAnalysis {

    /** Tables whose rows must not overlap and must cover every case. */
    static final Set<String> SINGLE_HIT_TABLES = Set.of("ConsentRegime");
    private static final int MAX_GAPS = 20;

    private final LocalDate horizon;

    /** @param horizon gaps before this date are not reported (old law no campaign will be evaluated under) */
    public SingleHitAnalysis(LocalDate horizon) {
        this.horizon = horizon;
    }

    private record Dimension(DecisionTable.Column column, List<String> domain) {
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
        for (DecisionTable.Column column : table.columns()) {
            String kind = column.kindName();
            String template = column.templateText().replace(" ", "");
            if (kind.equals("CONDITION")) {
                if (template.contains("endsOnOrAfter(")) {
                    fromColumn = column;
                } else if (template.contains("startsOnOrBefore(")) {
                    untilColumn = column;
                } else {
                    List<String> domain = ColumnType.of(kind, column.templateText()).domain();
                    if (domain != null) {
                        dimensions.add(new Dimension(column, domain));
                    }
                }
            } else if (kind.equals("ACTION") || template.startsWith("noConsentReason(") || template.startsWith("code(")) {
                outcomes.add(column);
            }
        }
        List<Case> cases = new ArrayList<>();
        for (DecisionTable.DataRow row : table.rows()) {
            if (!row.enabled(table.columns())) {
                continue;
            }
            try {
                List<Set<String>> values = new ArrayList<>();
                for (Dimension d : dimensions) {
                    values.add(row.cell(d.column()).map(v -> items(v)).orElse(new HashSet<>(d.domain())));
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
                        shared.add(dimensions.get(d).column().label() + " " + String.join(", ", common));
                    }
                }
                if (disjoint) {
                    continue;
                }
                LocalDate from = max(a.from(), b.from());
                LocalDate until = min(a.until(), b.until());
                String cell = table.columns().get(0).letter() + a.row().number();
                warnings.add(new PolicyProblem(table.source(), table.sheet(), cell, null, null,
                        "rows " + a.row().number() + " and " + b.row().number() + " overlap (" + String.join("; ", shared)
                                + period(from, until) + ") and decide differently: " + a.outcome() + " against " + b.outcome()
                                + ". Both apply to such records and the stricter outcome holds; make the rows exclusive if that is not intended."));
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
        List<String> gaps = new ArrayList<>();
        int total = 0;
        for (List<String> combination : combinations(dimensions)) {
            LocalDate gapFrom = null;
            for (int k = 0; k <= starts.size(); k++) {
                LocalDate start = k < starts.size() ? starts.get(k) : null;
                boolean covered = start != null && cases.stream().anyMatch(c -> covers(c, combination, start));
                if (start != null && !covered && gapFrom == null) {
                    gapFrom = start;
                } else if ((start == null || covered) && gapFrom != null) {
                    total++;
                    if (gaps.size() < MAX_GAPS) {
                        gaps.add(describe(dimensions, combination) + period(gapFrom, start == null ? LocalDate.MAX : start.minusDays(1)));
                    }
                    gapFrom = null;
                }
            }
        }
        if (total > 0) {
            warnings.add(new PolicyProblem(table.source(), table.sheet(), table.tableCell(), null, null,
                    "no enabled row covers " + total + " case(s); such records get the strictest regime (consent presumed required): "
                            + String.join("; ", gaps) + (total > gaps.size() ? "; and " + (total - gaps.size()) + " more" : "")));
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
            parts.add(dimensions.get(d).column().label() + " " + combination.get(d));
        }
        return String.join(", ", parts);
    }

    private static String period(LocalDate from, LocalDate until) {
        String f = from.equals(LocalDate.MIN) ? null : from.toString();
        String u = until.equals(LocalDate.MAX) ? null : until.toString();
        if (f == null && u == null) {
            return "";
        }
        if (u == null) {
            return ", from " + f;
        }
        return f == null ? ", until " + u : ", " + f + " to " + u;
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
