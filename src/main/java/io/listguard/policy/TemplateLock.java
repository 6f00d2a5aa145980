package io.listguard.policy;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Pattern;

/**
 * Compliance staff edit values, not code. A decision table is compiled to Java, so its header rows (RuleSet
 * block, column kinds, object types, code templates) are fixed by the bundled template, and every data cell must
 * hold a value of its column's type, never something that would become code. Checked before Drools sees the file,
 * so that each problem is reported at its cell in plain words.
 */
public final class TemplateLock {

    /** Outside quotes, these characters could change the generated rule. */
    private static final Pattern CODE_CHARACTERS = Pattern.compile("[\"();{}\\[\\]\\\\=<>!&|+*/%$@#`]");

    private final Map<String, List<DecisionTable>> templateTables;
    private final Map<String, PolicySource> templateRules;
    private final WorkbookGuard guard;

    /** @param template the bundled policy set whose workbook headers are the reference, and whose DRL is the release's */
    public TemplateLock(PolicySet template) {
        this(template, new WorkbookGuard());
    }

    /**
     * @param template the bundled policy set whose workbook headers are the reference, and whose DRL is the release's
     * @param guard    the size and zip-bomb checks every candidate workbook passes before it is parsed
     */
    /** The size and zip-bomb checks this lock runs first (also run before a workbook is merged). */
    public WorkbookGuard guard() {
        return guard;
    }

    public TemplateLock(PolicySet template, WorkbookGuard guard) {
        this.guard = guard;
        this.templateTables = new LinkedHashMap<>();
        this.templateRules = new LinkedHashMap<>();
        for (PolicySource source : template.sources()) {
            if (source.kind() == PolicySource.Kind.DECISION_TABLE) {
                templateTables.put(source.fileName(), Workbooks.tables(source));
            } else if (source.kind() == PolicySource.Kind.DRL) {
                templateRules.put(source.name(), source);
            }
        }
    }

    /**
     * Every header difference and every bad value of the candidate's workbooks. Each workbook first passes the
     * {@link WorkbookGuard} (size, zip bomb, rows and columns): one that does not is reported and never parsed
     * further, here or by the compiler (validation stops at the first errors).
     */
    public List<PolicyProblem> check(PolicySet candidate) {
        List<PolicyProblem> problems = new ArrayList<>();
        Map<String, List<DecisionTable>> tablesBySource = new LinkedHashMap<>();
        for (PolicySource source : candidate.sources()) {
            if (source.kind() == PolicySource.Kind.DECISION_TABLE && !templateTables.containsKey(source.fileName())) {
                problems.add(PolicyProblem.coded(source.name(), null, null, null, "policy.lock.unknownWorkbook", source.fileName(),
                        String.join(", ", templateTables.keySet())));
            } else if (source.kind() == PolicySource.Kind.DECISION_TABLE) {
                WorkbookGuard.Guarded guarded = guard.read(source);
                if (guarded.refused()) {
                    problems.addAll(guarded.problems());
                } else {
                    tablesBySource.put(source.name(), guarded.tables());
                }
            }
        }
        Set<String> offers = knownOffers(tablesBySource);
        checkRules(candidate, problems);
        for (PolicySource source : candidate.sources()) {
            List<DecisionTable> tables = tablesBySource.get(source.name());
            if (source.kind() != PolicySource.Kind.DECISION_TABLE || tables == null) {
                continue;
            }
            List<DecisionTable> reference = templateTables.get(source.fileName());
            compareHeaders(source.name(), reference, tables, problems);
            for (DecisionTable table : tables) {
                checkValues(table, offers, problems);
            }
        }
        return problems;
    }

    /**
     * DRL is code: it ships with a release of listguard and is never uploaded. A candidate must hold exactly the
     * release's rule files, so that no upload can run code in the service.
     */
    private void checkRules(PolicySet candidate, List<PolicyProblem> problems) {
        for (PolicySource source : candidate.sources()) {
            if (source.kind() != PolicySource.Kind.DRL) {
                continue;
            }
            PolicySource released = templateRules.get(source.name());
            if (released != null && ContractMigration.isLegacy(new String(source.bytes(), java.nio.charset.StandardCharsets.UTF_8))
                    && java.util.Arrays.equals(released.bytes(), ContractMigration.migrate(source).bytes())) {
                problems.add(PolicyProblem.coded(source.name(), null, null, null, ContractMigration.LEGACY_DRL));
                continue;
            }
            if (released == null || !java.util.Arrays.equals(released.bytes(), source.bytes())) {
                problems.add(PolicyProblem.coded(source.name(), null, null, null, released == null
                        ? "policy.lock.drlNotReleased" : "policy.lock.drlChanged"));
            }
        }
        for (String name : templateRules.keySet()) {
            if (candidate.source(name).isEmpty()) {
                problems.add(PolicyProblem.coded(name, null, null, null, "policy.lock.drlMissing"));
            }
        }
    }

    private static void compareHeaders(String source, List<DecisionTable> reference, List<DecisionTable> tables, List<PolicyProblem> problems) {
        for (DecisionTable expected : reference) {
            DecisionTable actual = tables.stream().filter(t -> SheetNames.same(t.sheet(), expected.sheet()) && t.tableName().equals(expected.tableName()))
                    .findFirst().orElse(null);
            if (actual == null) {
                problems.add(PolicyProblem.coded(source, expected.sheet(), expected.tableCell(), null, "policy.lock.tableMissing",
                        expected.tableName(), expected.sheet()));
                continue;
            }
            compareCells(source, actual, "ruleSet", expected.ruleSet(), actual.ruleSet(), problems);
            if (!expected.tableCell().equals(actual.tableCell())) {
                problems.add(PolicyProblem.coded(source, actual.sheet(), actual.tableCell(), actual.tableName(), "policy.lock.tableMoved",
                        expected.tableCell(), actual.tableCell()));
                continue;
            }
            if (expected.columns().size() != actual.columns().size()) {
                problems.add(columnCountProblem(source, expected, actual));
                continue;
            }
            for (int i = 0; i < expected.columns().size(); i++) {
                DecisionTable.Column e = expected.columns().get(i);
                DecisionTable.Column a = actual.columns().get(i);
                compareCells(source, actual, "header", List.of(e.kind(), e.objectType(), e.template()),
                        List.of(a.kind(), a.objectType(), a.template()), problems);
            }
        }
        java.util.Set<String> seen = new HashSet<>();
        for (DecisionTable actual : tables) {
            boolean known = reference.stream().anyMatch(t -> SheetNames.same(t.sheet(), actual.sheet()) && t.tableName().equals(actual.tableName()));
            if (!known) {
                problems.add(PolicyProblem.coded(source, actual.sheet(), actual.tableCell(), actual.tableName(), "policy.lock.tableUnknown",
                        actual.tableName(), actual.sheet()));
            } else if (!seen.add(SheetNames.canonical(actual.sheet()) + "\u0000" + actual.tableName())) {
                // only the first table of a name is compared with the template: a second one would bring headers nobody checked
                problems.add(PolicyProblem.coded(source, actual.sheet(), actual.tableCell(), "RuleTable " + actual.tableName(),
                        "TABLE_REPEATED", actual.tableCell(), actual.tableName(), actual.sheet()));
            }
        }
    }

    private static void compareCells(String source, DecisionTable table, String what, List<DecisionTable.HeaderCell> expected,
                                     List<DecisionTable.HeaderCell> actual, List<PolicyProblem> problems) {
        int n = Math.max(expected.size(), actual.size());
        for (int i = 0; i < n; i++) {
            DecisionTable.HeaderCell e = i < expected.size() ? expected.get(i) : null;
            DecisionTable.HeaderCell a = i < actual.size() ? actual.get(i) : null;
            if (e != null && a != null && e.address().equals(a.address()) && e.text().equals(a.text())) {
                continue;
            }
            String address = a != null ? a.address() : e.address();
            if (a != null && e != null && e.address().equals(a.address()) && ContractMigration.rewrite(a.text()).equals(e.text())) {
                // a workbook of an earlier release's rule contract, read from a directory (an upload is rewritten first)
                problems.add(PolicyProblem.coded(source, table.sheet(), address, a.text(), ContractMigration.LEGACY, e.text()));
                continue;
            }
            String code = "policy.lock." + what + (a == null ? "CellEmpty" : e == null ? "CellExtra" : "Cell");
            problems.add(PolicyProblem.coded(source, table.sheet(), address, a == null ? null : a.text(), code, table.tableName(),
                    e == null ? "" : e.text(), a == null ? "" : a.text()));
        }
    }

    /**
     * A table with more or fewer columns than the template: which column of the template is missing, or which one
     * is extra, told from the labels (row 13) and code templates, the first place where the two differ.
     */
    private static PolicyProblem columnCountProblem(String source, DecisionTable expected, DecisionTable actual) {
        List<DecisionTable.Column> e = expected.columns();
        List<DecisionTable.Column> a = actual.columns();
        int first = 0;
        while (first < Math.min(e.size(), a.size()) && sameColumn(e.get(first), a.get(first))) {
            first++;
        }
        if (a.size() < e.size()) {
            // the first template column that is not where it should be, and whose next one is: that column was deleted
            DecisionTable.Column missing = e.get(first);
            int gap = e.size() - a.size();
            boolean shifted = true;
            for (int i = first; i < a.size(); i++) {
                shifted &= sameColumn(e.get(i + gap), a.get(i));
            }
            String code = shifted && gap == 1 ? "policy.lock.columnMissing" : "policy.lock.columnsMissing";
            return PolicyProblem.coded(source, actual.sheet(), actual.tableCell(), actual.tableName(), code, label(missing), missing.letter(),
                    actual.tableName(), gap, e.size(), a.size());
        }
        DecisionTable.Column extra = a.get(first);
        int gap = a.size() - e.size();
        String code = gap == 1 ? "policy.lock.columnExtra" : "policy.lock.columnsExtra";
        return PolicyProblem.coded(source, actual.sheet(), extra.kind().address(), extra.kind().text(), code, label(extra), extra.letter(),
                actual.tableName(), gap, e.size(), a.size());
    }

    private static boolean sameColumn(DecisionTable.Column expected, DecisionTable.Column actual) {
        return expected.templateText().equals(actual.templateText()) && expected.kindName().equals(actual.kindName())
                && expected.label().equals(actual.label());
    }

    private static String label(DecisionTable.Column column) {
        return column.label().isBlank() ? column.templateText() : column.label();
    }

    /**
     * The value checks alone, on tables whose headers were checked when their version was accepted: the compiler
     * runs them on every workbook it compiles, so that no path (a stored version, a policy folder at first start,
     * the CLI) compiles a cell the lock would refuse. Offer categories are not cross-checked here.
     */
    static List<PolicyProblem> valueProblems(List<DecisionTable> tables) {
        List<PolicyProblem> problems = new ArrayList<>();
        Set<String> seen = new HashSet<>();
        for (DecisionTable table : tables) {
            if (!seen.add(table.sheet() + "\u0000" + table.tableName())) {
                problems.add(PolicyProblem.coded(table.source(), table.sheet(), table.tableCell(), "RuleTable " + table.tableName(),
                        "TABLE_REPEATED", table.tableCell(), table.tableName(), table.sheet()));
                continue;
            }
            checkValues(table, Set.of(), problems);
        }
        return problems;
    }

    private static final Pattern BINDING = Pattern.compile("\\$[a-z]\\b");
    /** Line breaks, other control characters, and invisible format characters (bidirectional overrides, zero widths). */
    private static final Pattern CONTROL = Pattern.compile("[\\p{Cc}\\p{Cf}\\u2028\\u2029]");

    private static void checkValues(DecisionTable table, Set<String> offers, List<PolicyProblem> problems) {
        for (int ignored : table.rowsAfterBlank()) {
            problems.add(PolicyProblem.coded(table.source(), table.sheet(), table.columns().get(0).letter() + ignored, null,
                    "policy.lock.rowAfterBlank", ignored));
        }
        for (DecisionTable.DataRow row : table.rows()) {
            checkRequired(table, row, problems);
            for (DecisionTable.Column column : table.columns()) {
                String value = row.cells().get(column.index());
                if (value == null) {
                    continue;
                }
                String cell = row.address(column);
                ColumnType type = ColumnType.of(column.kindName(), column.templateText());
                if (CONTROL.matcher(value).find()) {
                    problems.add(PolicyProblem.coded(table.source(), table.sheet(), cell, WorkbookSafety.printable(value), "CELL_CONTROL_CHARACTER",
                            cell, column.label()));
                    continue;
                }
                if (value.length() > type.maxLength()) {
                    problems.add(PolicyProblem.coded(table.source(), table.sheet(), cell, WorkbookSafety.printable(value), "CELL_TOO_LONG",
                            cell, column.label(), value.length(), type.maxLength()));
                    continue;
                }
                ColumnType.Invalid problem = injection(column, value);
                if (problem == null) {
                    problem = type.check(value, offers);
                }
                if (problem != null) {
                    problems.add(PolicyProblem.coded(table.source(), table.sheet(), cell, value, problem.code(), problem.args(cell, column.label())));
                }
            }
        }
    }

    /**
     * A row must say what it does (its action cell) and, when that action names a record or a file, have at least
     * one condition on that record or file: otherwise the rule could not tell which records it applies to.
     */
    private static void checkRequired(DecisionTable table, DecisionTable.DataRow row, List<PolicyProblem> problems) {
        for (DecisionTable.Column action : table.columns()) {
            if (!action.kindName().equals("ACTION")) {
                continue;
            }
            String template = action.templateText();
            boolean required = template.contains("YesNo.$param") || template.contains("LegalBasis.$param") || template.contains("out.offer(");
            if (required && row.cell(action).isEmpty()) {
                problems.add(PolicyProblem.coded(table.source(), table.sheet(), row.address(action), null,
                        template.contains("YesNo") ? "policy.lock.requiredYesNo" : "policy.lock.required", row.address(action), action.label()));
                continue;
            }
            if (row.cell(action).isEmpty()) {
                continue;
            }
            var bindings = BINDING.matcher(template);
            while (bindings.find()) {
                String binding = bindings.group();
                boolean conditioned = table.columns().stream()
                        .filter(c -> c.kindName().equals("CONDITION") && c.objectType().text().replace(" ", "").startsWith(binding + ":"))
                        .anyMatch(c -> row.cell(c).isPresent());
                boolean bound = table.columns().stream()
                        .anyMatch(c -> c.kindName().equals("CONDITION") && c.objectType().text().replace(" ", "").startsWith(binding + ":"));
                if (bound && !conditioned) {
                    List<String> labels = table.columns().stream()
                            .filter(c -> c.kindName().equals("CONDITION") && c.objectType().text().replace(" ", "").startsWith(binding + ":"))
                            .map(DecisionTable.Column::label).toList();
                    problems.add(PolicyProblem.coded(table.source(), table.sheet(), table.columns().get(0).letter() + row.number(), null,
                            binding.equals("$f") ? "policy.lock.noConditionFile" : "policy.lock.noConditionRecord", row.number(),
                            String.join(", ", labels)));
                }
            }
        }
    }

    /**
     * A value where the template expects a plain value must not carry code: a formula typed as text (=SI(...)), or
     * the characters of code (quotes, parentheses, operators...), named one by one for the person who typed them.
     */
    private static ColumnType.Invalid injection(DecisionTable.Column column, String value) {
        String template = column.templateText();
        boolean quoted = template.contains("\"$param\"") || template.contains("\"$\"");
        if (quoted) {
            return null; // Text/code types reject quotes and backslashes themselves
        }
        if (FORMULA.matcher(value).lookingAt()) {
            return new ColumnType.Invalid("policy.value.formula", value);
        }
        java.util.regex.Matcher code = CODE_CHARACTERS.matcher(value);
        java.util.Set<String> found = new java.util.LinkedHashSet<>();
        while (code.find()) {
            found.add("« " + code.group() + " »");
        }
        return found.isEmpty() ? null : new ColumnType.Invalid("policy.value.codeCharacters", value, String.join(" ", found));
    }

    /** A formula typed or pasted as text: what Excel would compute, starting with =, or +/@ followed by a function or a reference. */
    private static final Pattern FORMULA = Pattern.compile("\\s*(=|[+@]\\s*[A-Za-z_]+[A-Za-z0-9_.]*\\s*\\()");

    private static Set<String> knownOffers(Map<String, List<DecisionTable>> tablesBySource) {
        Set<String> offers = new HashSet<>();
        for (List<DecisionTable> tables : tablesBySource.values()) {
            for (DecisionTable table : tables) {
                for (DecisionTable.Column column : table.columns()) {
                    if (column.templateText().contains("out.offer(")) {
                        table.rows().forEach(r -> r.cell(column).ifPresent(v -> offers.add(v.trim())));
                    }
                }
            }
        }
        return offers;
    }
}
