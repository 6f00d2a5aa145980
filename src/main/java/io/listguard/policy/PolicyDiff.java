package io.listguard.policy;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.function.BiPredicate;
import org.apache.poi.ss.util.CellReference;

/**
 * What changed between two versions of a policy, cell by cell. Workbooks are binary, so a version-control diff
 * says nothing a compliance officer (or the person approving their change) can review; this reads both versions'
 * decision tables and reports rows added, removed and changed with the addresses and texts of the changed cells,
 * and for DRL files the lines added and removed.
 *
 * <p>Rows are aligned on a longest common subsequence of their full content, so inserting or deleting a row shows
 * as that one row, not as every later row changed. Between two aligned rows, the leftover removed and added rows
 * are paired in order as changed rows (compared cell by cell); the excess are pure additions or removals.
 *
 * <p>Columns are matched by label, then, for renamed labels, by position in the table; a renamed label is a header
 * change, not a change of every row. The records are plain, so the REST API serializes them as they are.
 */
public final class PolicyDiff {

    /** Above this many line pairs (after trimming the common head and tail) a DRL diff gives up aligning lines. */
    private static final long MAX_LCS_CELLS = 25_000_000L;

    private PolicyDiff() {
    }

    /** How a file, table, row or line differs between version a and version b. */
    public enum Status { ADDED, REMOVED, CHANGED, UNCHANGED }

    /**
     * The comparison of two policy versions: their hashes and one entry per file of either version, by name.
     * Unchanged files are listed too, so that the reviewer sees the whole set.
     */
    public record Result(String hashA, String hashB, List<FileDiff> files) {

        /** True when both versions hold the same files with the same bytes. */
        public boolean identical() {
            return files.stream().allMatch(f -> f.status() == Status.UNCHANGED);
        }

        /** The entry of a file, by its name in the policy set (such as {@code policies/list-quality.xlsx}). */
        public FileDiff file(String name) {
            return files.stream().filter(f -> f.name().equals(name)).findFirst()
                    .orElseThrow(() -> new IllegalArgumentException("no file " + name + " in either version"));
        }
    }

    /**
     * One file: whether it was added, removed, changed (its bytes differ) or unchanged, and what changed in it.
     * For a workbook, {@code tables} lists the decision tables that differ (a workbook re-saved without a change
     * to its tables is CHANGED with no tables); for a DRL file, {@code lines} lists the lines added and removed.
     * An added or removed file lists its whole content as added or removed. {@code problem} is set, and the
     * tables are left empty, when a workbook of either version cannot be read.
     */
    public record FileDiff(String name, Status status, List<TableDiff> tables, List<LineChange> lines, String problem,
                           @com.fasterxml.jackson.annotation.JsonIgnore String problemCode) {

        public FileDiff(String name, Status status, List<TableDiff> tables, List<LineChange> lines, String problem) {
            this(name, status, tables, lines, problem, null);
        }

        /** A file of either version that cannot be read as a workbook: its problem by message code. */
        static FileDiff unreadable(String name, Status status) {
            return new FileDiff(name, status, List.of(), List.of(), io.listguard.domain.Messages.english(UNREADABLE), UNREADABLE);
        }

        /** The problem in a language (null when there is none). */
        public String problem(java.util.Locale locale) {
            return problemCode == null ? problem : io.listguard.domain.Messages.text(locale, problemCode);
        }
    }

    private static final String UNREADABLE = "policy.diff.unreadable";

    /**
     * One decision table, identified by its sheet and its RuleTable name (a renamed table is one removed and one
     * added). {@code header} lists the changed technical cells (RuleSet block, column kinds, object types,
     * templates, labels); {@code rows} the data rows added, removed and changed, in table order.
     */
    public record TableDiff(String sheet, String table, Status status, List<CellChange> header, List<RowChange> rows) {
    }

    /**
     * One data row (one rule) that differs. ADDED: {@code rowB} and the row's non-blank {@code cells} by column
     * label. REMOVED: {@code rowA} and its cells. CHANGED: both row numbers and the changed cells in
     * {@code changes} ({@code cells} is empty). Row numbers are 1-based, as Excel shows them.
     */
    public record RowChange(Status status, Integer rowA, Integer rowB, Map<String, String> cells, List<CellChange> changes) {
    }

    /**
     * One cell whose text differs: the column label (for a RuleSet cell, the keyword of its row, such as
     * {@code Import}), its address in a and in b (null when the column does not exist in that version) and its
     * text in each ("" for a blank cell). Header cells and data cells alike.
     */
    public record CellChange(String column, String addressA, String addressB, String oldText, String newText) {
    }

    /** One line of a DRL file added (its number in b) or removed (its number in a), 1-based. */
    public record LineChange(Status status, int line, String text) {
    }

    /** Compares version {@code a} with version {@code b}. */
    public static Result compare(PolicySet a, PolicySet b) {
        Map<String, PolicySource> inA = byName(a);
        Map<String, PolicySource> inB = byName(b);
        Set<String> names = new TreeSet<>(inA.keySet());
        names.addAll(inB.keySet());
        List<FileDiff> files = new ArrayList<>();
        for (String name : names) {
            files.add(file(name, inA.get(name), inB.get(name)));
        }
        return new Result(a.hash(), b.hash(), List.copyOf(files));
    }

    private static Map<String, PolicySource> byName(PolicySet set) {
        Map<String, PolicySource> sources = new LinkedHashMap<>();
        for (PolicySource source : set.sources()) {
            sources.put(source.name(), source);
        }
        return sources;
    }

    // ---------------------------------------------------------------- files

    private static FileDiff file(String name, PolicySource a, PolicySource b) {
        Status status = a == null ? Status.ADDED : b == null ? Status.REMOVED
                : Arrays.equals(a.bytes(), b.bytes()) ? Status.UNCHANGED : Status.CHANGED;
        if (status == Status.UNCHANGED) {
            return new FileDiff(name, status, List.of(), List.of(), null);
        }
        String lower = name.toLowerCase(java.util.Locale.ROOT);
        if (lower.endsWith(".drl")) {
            return new FileDiff(name, status, List.of(), lines(lines(a), lines(b)), null);
        }
        if (lower.endsWith(".xlsx") && name.startsWith(PolicySource.SCENARIO_FOLDER)) {
            try {
                return new FileDiff(name, status, List.of(), lines(scenarioRows(a), scenarioRows(b)), null);
            } catch (RuntimeException e) {
                return FileDiff.unreadable(name, status);
            }
        }
        if (lower.endsWith(".xlsx")) {
            try {
                return new FileDiff(name, status, tables(read(a), read(b)), List.of(), null);
            } catch (IOException | RuntimeException e) {
                return FileDiff.unreadable(name, status);
            }
        }
        return new FileDiff(name, status, List.of(), List.of(), null);
    }

    /** The sheet of a scenario workbook that holds its cases (io.listguard.scenario.ScenarioWorkbook.SHEET). */
    private static final String SCENARIO_SHEET = "Cases";

    /**
     * A scenario workbook's cases as lines, one per row of its sheet Cases (line n is row n; blank rows are empty
     * lines), each the row's cell texts separated by " | ": an added, removed or changed case row shows as lines.
     */
    private static List<String> scenarioRows(PolicySource source) {
        if (source == null) {
            return List.of();
        }
        SheetView.Grid grid = SheetView.read(source.bytes(), SCENARIO_SHEET);
        List<String> lines = new ArrayList<>();
        for (SheetView.GridRow row : grid.rows()) {
            while (lines.size() < row.number() - 1) {
                lines.add("");
            }
            List<String> cells = new ArrayList<>(row.cells());
            while (!cells.isEmpty() && cells.get(cells.size() - 1).isBlank()) {
                cells.remove(cells.size() - 1);
            }
            lines.add(String.join(" | ", cells));
        }
        return lines;
    }

    private static List<DecisionTable> read(PolicySource source) throws IOException {
        return source == null ? List.of() : DecisionTableReader.read(source);
    }

    // ---------------------------------------------------------------- DRL lines

    private static List<String> lines(PolicySource source) {
        if (source == null) {
            return List.of();
        }
        String text = new String(source.bytes(), StandardCharsets.UTF_8);
        if (text.isEmpty()) {
            return List.of();
        }
        List<String> lines = new ArrayList<>(Arrays.asList(text.split("\\R", -1)));
        if (lines.get(lines.size() - 1).isEmpty()) {
            lines.remove(lines.size() - 1); // the text ends with a line break
        }
        return lines;
    }

    private static List<LineChange> lines(List<String> a, List<String> b) {
        List<LineChange> changes = new ArrayList<>();
        for (Gap gap : align(a, b, String::equals)) {
            for (int i = gap.fromA(); i < gap.toA(); i++) {
                changes.add(new LineChange(Status.REMOVED, i + 1, a.get(i)));
            }
            for (int j = gap.fromB(); j < gap.toB(); j++) {
                changes.add(new LineChange(Status.ADDED, j + 1, b.get(j)));
            }
        }
        return List.copyOf(changes);
    }

    // ---------------------------------------------------------------- tables

    private static List<TableDiff> tables(List<DecisionTable> a, List<DecisionTable> b) {
        Map<String, DecisionTable> inA = byKey(a);
        Map<String, DecisionTable> inB = byKey(b);
        Set<String> keys = new LinkedHashSet<>(inA.keySet());
        keys.addAll(inB.keySet());
        List<TableDiff> tables = new ArrayList<>();
        for (String key : keys) {
            TableDiff diff = table(inA.get(key), inB.get(key));
            if (diff.status() != Status.UNCHANGED) {
                tables.add(diff);
            }
        }
        return List.copyOf(tables);
    }

    /** Tables by sheet and name; a second table of the same name on one sheet is told apart by its rank. */
    private static Map<String, DecisionTable> byKey(List<DecisionTable> tables) {
        Map<String, DecisionTable> byKey = new LinkedHashMap<>();
        for (DecisionTable table : tables) {
            String key = SheetNames.canonical(table.sheet()) + "\u0000" + table.tableName();
            int rank = 1;
            while (byKey.containsKey(rank == 1 ? key : key + "\u0000" + rank)) {
                rank++;
            }
            byKey.put(rank == 1 ? key : key + "\u0000" + rank, table);
        }
        return byKey;
    }

    private static TableDiff table(DecisionTable a, DecisionTable b) {
        DecisionTable any = b != null ? b : a;
        List<ColumnPair> columns = pairColumns(a, b);
        List<CellChange> header = a == null || b == null ? List.of() : header(a, b, columns);
        List<RowChange> rows = rows(a, b, columns);
        Status status = a == null ? Status.ADDED : b == null ? Status.REMOVED
                : header.isEmpty() && rows.isEmpty() ? Status.UNCHANGED : Status.CHANGED;
        return new TableDiff(any.sheet(), any.tableName(), status, header, rows);
    }

    /** A column of a matched with a column of b; one side is null when the column exists in one version only. */
    private record ColumnPair(DecisionTable.Column a, DecisionTable.Column b, String label) {
    }

    private static List<ColumnPair> pairColumns(DecisionTable a, DecisionTable b) {
        List<DecisionTable.Column> colsA = a == null ? List.of() : a.columns();
        List<DecisionTable.Column> colsB = b == null ? List.of() : b.columns();
        Map<String, DecisionTable.Column> uniqueA = uniqueLabels(colsA);
        Map<String, DecisionTable.Column> uniqueB = uniqueLabels(colsB);
        Map<DecisionTable.Column, DecisionTable.Column> matchOfB = new HashMap<>();
        Set<DecisionTable.Column> matchedA = new HashSet<>();
        for (Map.Entry<String, DecisionTable.Column> e : uniqueB.entrySet()) {
            DecisionTable.Column ca = uniqueA.get(e.getKey());
            if (ca != null) {
                matchOfB.put(e.getValue(), ca);
                matchedA.add(ca);
            }
        }
        // a renamed label: the unmatched columns at the same place in their table
        int firstA = colsA.isEmpty() ? 0 : colsA.get(0).index();
        int firstB = colsB.isEmpty() ? 0 : colsB.get(0).index();
        for (DecisionTable.Column cb : colsB) {
            if (matchOfB.containsKey(cb)) {
                continue;
            }
            for (DecisionTable.Column ca : colsA) {
                if (!matchedA.contains(ca) && ca.index() - firstA == cb.index() - firstB) {
                    matchOfB.put(cb, ca);
                    matchedA.add(ca);
                    break;
                }
            }
        }
        Map<DecisionTable.Column, String> labelsA = displayLabels(colsA);
        Map<DecisionTable.Column, String> labelsB = displayLabels(colsB);
        List<ColumnPair> pairs = new ArrayList<>();
        for (DecisionTable.Column cb : colsB) {
            pairs.add(new ColumnPair(matchOfB.get(cb), cb, labelsB.get(cb)));
        }
        for (DecisionTable.Column ca : colsA) {
            if (!matchedA.contains(ca)) {
                pairs.add(new ColumnPair(ca, null, labelsA.get(ca)));
            }
        }
        return pairs;
    }

    private static Map<String, DecisionTable.Column> uniqueLabels(List<DecisionTable.Column> columns) {
        Map<String, DecisionTable.Column> unique = new HashMap<>();
        Set<String> duplicates = new HashSet<>();
        for (DecisionTable.Column c : columns) {
            if (c.label().isBlank() || unique.putIfAbsent(c.label(), c) != null) {
                duplicates.add(c.label());
            }
        }
        duplicates.forEach(unique::remove);
        return unique;
    }

    /** The label that names a column in the diff: its label, with its letter when blank or not unique. */
    private static Map<DecisionTable.Column, String> displayLabels(List<DecisionTable.Column> columns) {
        Map<String, DecisionTable.Column> unique = uniqueLabels(columns);
        Map<DecisionTable.Column, String> labels = new HashMap<>();
        for (DecisionTable.Column c : columns) {
            labels.put(c, unique.get(c.label()) == c ? c.label()
                    : c.label().isBlank() ? c.letter() : c.label() + " (" + c.letter() + ")");
        }
        return labels;
    }

    // ---------------------------------------------------------------- header

    private static List<CellChange> header(DecisionTable a, DecisionTable b, List<ColumnPair> columns) {
        List<CellChange> changes = new ArrayList<>(ruleSet(a.ruleSet(), b.ruleSet()));
        for (ColumnPair pair : columns) {
            compareHeader(changes, pair, DecisionTable.Column::kind);
            compareHeader(changes, pair, DecisionTable.Column::objectType);
            compareHeader(changes, pair, DecisionTable.Column::template);
            compareHeader(changes, pair, PolicyDiff::labelCell);
        }
        return List.copyOf(changes);
    }

    /** The label cell sits on the row below the templates. */
    private static DecisionTable.HeaderCell labelCell(DecisionTable.Column column) {
        CellReference template = new CellReference(column.template().address());
        return new DecisionTable.HeaderCell(column.letter() + (template.getRow() + 2), column.label());
    }

    private static void compareHeader(List<CellChange> changes, ColumnPair pair,
                                      java.util.function.Function<DecisionTable.Column, DecisionTable.HeaderCell> part) {
        DecisionTable.HeaderCell a = pair.a() == null ? null : part.apply(pair.a());
        DecisionTable.HeaderCell b = pair.b() == null ? null : part.apply(pair.b());
        String oldText = a == null ? "" : a.text();
        String newText = b == null ? "" : b.text();
        if (!oldText.equals(newText)) {
            changes.add(new CellChange(pair.label(), a == null ? null : a.address(), b == null ? null : b.address(),
                    oldText, newText));
        }
    }

    /** RuleSet cells by address, each named by the keyword at the start of its row (RuleSet, Import, ...). */
    private static List<CellChange> ruleSet(List<DecisionTable.HeaderCell> a, List<DecisionTable.HeaderCell> b) {
        Map<String, String> textA = texts(a);
        Map<String, String> textB = texts(b);
        Map<Integer, String> keywordA = keywords(a);
        Map<Integer, String> keywordB = keywords(b);
        Set<String> addresses = new TreeSet<>(Comparator.comparing((String s) -> new CellReference(s).getRow())
                .thenComparing(s -> new CellReference(s).getCol()));
        addresses.addAll(textA.keySet());
        addresses.addAll(textB.keySet());
        List<CellChange> changes = new ArrayList<>();
        for (String address : addresses) {
            String oldText = textA.getOrDefault(address, "");
            String newText = textB.getOrDefault(address, "");
            if (!oldText.equals(newText)) {
                int row = new CellReference(address).getRow();
                String keyword = keywordB.getOrDefault(row, keywordA.getOrDefault(row, "RuleSet"));
                changes.add(new CellChange(keyword, address, address, oldText, newText));
            }
        }
        return changes;
    }

    private static Map<String, String> texts(List<DecisionTable.HeaderCell> cells) {
        Map<String, String> texts = new HashMap<>();
        cells.forEach(c -> texts.put(c.address(), c.text()));
        return texts;
    }

    private static Map<Integer, String> keywords(List<DecisionTable.HeaderCell> cells) {
        Map<Integer, String> keywords = new HashMap<>();
        for (DecisionTable.HeaderCell c : cells) {
            keywords.putIfAbsent(new CellReference(c.address()).getRow(), c.text()); // cells come in row order
        }
        return keywords;
    }

    // ---------------------------------------------------------------- rows

    private static List<RowChange> rows(DecisionTable a, DecisionTable b, List<ColumnPair> columns) {
        List<DecisionTable.DataRow> rowsA = a == null ? List.of() : a.rows();
        List<DecisionTable.DataRow> rowsB = b == null ? List.of() : b.rows();
        List<List<String>> contentA = rowsA.stream().map(r -> content(r, columns, ColumnPair::a)).toList();
        List<List<String>> contentB = rowsB.stream().map(r -> content(r, columns, ColumnPair::b)).toList();
        List<RowChange> changes = new ArrayList<>();
        for (Gap gap : align(contentA, contentB, List::equals)) {
            int paired = Math.min(gap.toA() - gap.fromA(), gap.toB() - gap.fromB());
            for (int k = 0; k < paired; k++) {
                changes.add(changed(rowsA.get(gap.fromA() + k), rowsB.get(gap.fromB() + k), columns));
            }
            for (int i = gap.fromA() + paired; i < gap.toA(); i++) {
                changes.add(new RowChange(Status.REMOVED, rowsA.get(i).number(), null,
                        cells(rowsA.get(i), columns, ColumnPair::a), List.of()));
            }
            for (int j = gap.fromB() + paired; j < gap.toB(); j++) {
                changes.add(new RowChange(Status.ADDED, null, rowsB.get(j).number(),
                        cells(rowsB.get(j), columns, ColumnPair::b), List.of()));
            }
        }
        return List.copyOf(changes);
    }

    /** A row's full content, one text per column pair, so that rows of a and b compare across moved columns. */
    private static List<String> content(DecisionTable.DataRow row, List<ColumnPair> columns,
                                        java.util.function.Function<ColumnPair, DecisionTable.Column> side) {
        List<String> content = new ArrayList<>(columns.size());
        for (ColumnPair pair : columns) {
            DecisionTable.Column column = side.apply(pair);
            content.add(column == null ? "" : row.cells().getOrDefault(column.index(), ""));
        }
        return content;
    }

    private static Map<String, String> cells(DecisionTable.DataRow row, List<ColumnPair> columns,
                                             java.util.function.Function<ColumnPair, DecisionTable.Column> side) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (ColumnPair pair : columns) {
            DecisionTable.Column column = side.apply(pair);
            String text = column == null ? null : row.cells().get(column.index());
            if (text != null) {
                cells.put(pair.label(), text);
            }
        }
        return Collections.unmodifiableMap(cells);
    }

    private static RowChange changed(DecisionTable.DataRow a, DecisionTable.DataRow b, List<ColumnPair> columns) {
        List<CellChange> changes = new ArrayList<>();
        for (ColumnPair pair : columns) {
            String oldText = pair.a() == null ? "" : a.cells().getOrDefault(pair.a().index(), "");
            String newText = pair.b() == null ? "" : b.cells().getOrDefault(pair.b().index(), "");
            if (!oldText.equals(newText)) {
                changes.add(new CellChange(pair.label(), pair.a() == null ? null : a.address(pair.a()),
                        pair.b() == null ? null : b.address(pair.b()), oldText, newText));
            }
        }
        return new RowChange(Status.CHANGED, a.number(), b.number(), Map.of(), List.copyOf(changes));
    }

    // ---------------------------------------------------------------- alignment

    /** Elements a[fromA, toA) and b[fromB, toB) between two aligned (equal) elements, or before the first, or after the last. */
    private record Gap(int fromA, int toA, int fromB, int toB) {
    }

    /**
     * Aligns two sequences on a longest common subsequence and returns the non-empty gaps between aligned
     * elements, in order. The common head and tail are aligned first, which keeps the table small.
     */
    private static <T> List<Gap> align(List<T> a, List<T> b, BiPredicate<T, T> same) {
        int head = 0;
        while (head < a.size() && head < b.size() && same.test(a.get(head), b.get(head))) {
            head++;
        }
        int tail = 0;
        while (tail < a.size() - head && tail < b.size() - head
                && same.test(a.get(a.size() - 1 - tail), b.get(b.size() - 1 - tail))) {
            tail++;
        }
        int n = a.size() - head - tail;
        int m = b.size() - head - tail;
        List<Gap> gaps = new ArrayList<>();
        if (n == 0 && m == 0) {
            return gaps;
        }
        if (n == 0 || m == 0 || (long) (n + 1) * (m + 1) > MAX_LCS_CELLS) {
            gaps.add(new Gap(head, head + n, head, head + m));
            return gaps;
        }
        // lcs[i][j]: length of the LCS of a[head + i ..] and b[head + j ..] within the middle part
        int[][] lcs = new int[n + 1][m + 1];
        for (int i = n - 1; i >= 0; i--) {
            for (int j = m - 1; j >= 0; j--) {
                lcs[i][j] = same.test(a.get(head + i), b.get(head + j)) ? lcs[i + 1][j + 1] + 1
                        : Math.max(lcs[i + 1][j], lcs[i][j + 1]);
            }
        }
        int i = 0;
        int j = 0;
        int gapA = 0;
        int gapB = 0;
        while (i < n && j < m) {
            if (same.test(a.get(head + i), b.get(head + j))) {
                if (gapA < i || gapB < j) {
                    gaps.add(new Gap(head + gapA, head + i, head + gapB, head + j));
                }
                i++;
                j++;
                gapA = i;
                gapB = j;
            } else if (lcs[i + 1][j] >= lcs[i][j + 1]) {
                i++;
            } else {
                j++;
            }
        }
        if (gapA < n || gapB < m) {
            gaps.add(new Gap(head + gapA, head + n, head + gapB, head + m));
        }
        return gaps;
    }
}
