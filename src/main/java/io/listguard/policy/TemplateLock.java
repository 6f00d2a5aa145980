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
                problems.add(PolicyProblem.inFile(source.name(), null, "'" + source.fileName()
                        + "' is not one of the policy workbooks (" + String.join(", ", templateTables.keySet())
                        + "); new workbooks come with a new release of listguard"));
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
                problems.add(PolicyProblem.inFile(source.name(), null, released == null
                        ? "DRL files are code and come with a release of listguard; this one is not part of it and cannot be uploaded"
                        : "DRL files are code and come with a release of listguard; this one differs from the release's and cannot be uploaded"));
            }
        }
        for (String name : templateRules.keySet()) {
            if (candidate.source(name).isEmpty()) {
                problems.add(PolicyProblem.inFile(name, null, "this rule file of the release is missing from the candidate"));
            }
        }
    }

    private static void compareHeaders(String source, List<DecisionTable> reference, List<DecisionTable> tables, List<PolicyProblem> problems) {
        for (DecisionTable expected : reference) {
            DecisionTable actual = tables.stream().filter(t -> SheetNames.same(t.sheet(), expected.sheet()) && t.tableName().equals(expected.tableName()))
                    .findFirst().orElse(null);
            if (actual == null) {
                problems.add(new PolicyProblem(source, expected.sheet(), expected.tableCell(), null,
                        "the table '" + expected.tableName() + "' of sheet " + expected.sheet()
                                + " is missing (a sheet or its 'RuleTable " + expected.tableName() + "' cell was renamed or deleted)"));
                continue;
            }
            compareCells(source, actual, "RuleSet header", expected.ruleSet(), actual.ruleSet(), problems);
            if (!expected.tableCell().equals(actual.tableCell())) {
                problems.add(header(source, actual, actual.tableCell(), actual.tableName(),
                        "the table must start at " + expected.tableCell() + " as in the template; rows or columns above or left of it were inserted or deleted"));
                continue;
            }
            if (expected.columns().size() != actual.columns().size()) {
                problems.add(header(source, actual, actual.tableCell(), actual.tableName(), "the table has " + actual.columns().size()
                        + " columns where the template has " + expected.columns().size() + "; columns are fixed by listguard"));
                continue;
            }
            for (int i = 0; i < expected.columns().size(); i++) {
                DecisionTable.Column e = expected.columns().get(i);
                DecisionTable.Column a = actual.columns().get(i);
                compareCells(source, actual, "column header", List.of(e.kind(), e.objectType(), e.template()),
                        List.of(a.kind(), a.objectType(), a.template()), problems);
            }
        }
        java.util.Set<String> seen = new HashSet<>();
        for (DecisionTable actual : tables) {
            boolean known = reference.stream().anyMatch(t -> SheetNames.same(t.sheet(), actual.sheet()) && t.tableName().equals(actual.tableName()));
            if (!known) {
                problems.add(header(source, actual, actual.tableCell(), actual.tableName(),
                        "the template has no table '" + actual.tableName() + "' in sheet " + actual.sheet() + "; tables are fixed by listguard"));
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
            problems.add(header(source, table, address, a == null ? null : a.text(), "this cell belongs to the fixed " + what
                    + " of table " + table.tableName() + "; expected '" + (e == null ? "" : e.text()) + "'"
                    + (a == null ? ", found nothing" : ", found '" + a.text() + "'") + ". Only the rows below the blue header can change."));
        }
    }

    private static PolicyProblem header(String source, DecisionTable table, String cell, String text, String message) {
        return new PolicyProblem(source, table.sheet(), cell, null, text, message);
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
            problems.add(new PolicyProblem(table.source(), table.sheet(), table.columns().get(0).letter() + ignored, null, null,
                    "row " + ignored + " comes after a blank row and would be ignored: the table ends at its first blank row; delete the blank row above"));
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
                String problem = injection(column, value);
                if (problem == null) {
                    problem = type.check(value, offers);
                }
                if (problem != null) {
                    problems.add(new PolicyProblem(table.source(), table.sheet(), cell, null, value,
                            cell + " (" + column.label() + "): " + problem));
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
                problems.add(new PolicyProblem(table.source(), table.sheet(), row.address(action), null, null,
                        row.address(action) + " (" + action.label() + "): this row says nothing here; fill it in"
                                + (template.contains("YesNo") ? " with YES or NO" : "")));
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
                    problems.add(new PolicyProblem(table.source(), table.sheet(), table.columns().get(0).letter() + row.number(), null, null,
                            "row " + row.number() + " has no condition on the " + (binding.equals("$f") ? "file" : "record")
                                    + " it acts on: fill at least one of " + String.join(", ", labels)));
                }
            }
        }
    }

    /** A value where the template expects a plain value must not carry code: quotes, parentheses, semicolons... */
    private static String injection(DecisionTable.Column column, String value) {
        String template = column.templateText();
        boolean quoted = template.contains("\"$param\"") || template.contains("\"$\"");
        if (quoted) {
            return null; // Text/code types reject quotes and backslashes themselves
        }
        if (column.kindName().equals("ENABLED") || template.isBlank()) {
            return CODE_CHARACTERS.matcher(value).find() ? "'" + value + "' is not a value: code is not accepted in a cell" : null;
        }
        return CODE_CHARACTERS.matcher(value).find()
                ? "'" + value + "' is not a value: quotes, parentheses, semicolons and operators are not accepted in this column"
                : null;
    }

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
