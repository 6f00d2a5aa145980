package io.listguard.policy;

import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * One RuleTable of a workbook sheet as compliance staff see it: the technical header (RuleSet block, column kinds,
 * object types, code templates), the column labels, and the data rows. Read with POI, independently of Drools, so
 * that a sheet can be checked (template lock, values, overlaps) and compared (diff) before it is compiled.
 */
public record DecisionTable(String source, String sheet, String tableName, String tableCell,
                            List<HeaderCell> ruleSet, List<Column> columns, List<DataRow> rows, List<Integer> rowsAfterBlank) {

    /** A technical cell of the header, with its address. */
    public record HeaderCell(String address, String text) {
    }

    /** A column: its kind (CONDITION, ACTION, METADATA, ENABLED...), object type, code template and label. */
    public record Column(int index, String letter, HeaderCell kind, HeaderCell objectType, HeaderCell template, String label) {

        public String kindName() {
            return kind.text().trim().toUpperCase(java.util.Locale.ROOT);
        }

        public String templateText() {
            return template.text();
        }
    }

    /** A data row: its 1-based row number and the text of its non-blank cells by column index. */
    public record DataRow(int number, Map<Integer, String> cells) {

        public Optional<String> cell(Column column) {
            return Optional.ofNullable(cells.get(column.index()));
        }

        public String address(Column column) {
            return column.letter() + number;
        }

        /** False when the row's ENABLED cell says false (or FAUX, as a French Excel writes it, in any case). */
        public boolean enabled(List<Column> columns) {
            for (Column c : columns) {
                if (c.kindName().equals("ENABLED")) {
                    return !cell(c).map(v -> "false".equals(ColumnType.of("ENABLED", "").normalise(v))).orElse(false);
                }
            }
            return true;
        }
    }

    /**
     * This table with its data cells as Drools must read them ({@link ColumnType#normalise}): 21/12/2022 as
     * 2022-12-21, 12,5 as 12.5, OUI as YES, VRAI as true. The template lock checks these values and the compiler
     * compiles them; the uploaded file keeps what its author typed, and the diff shows that.
     */
    public DecisionTable normalised() {
        List<DataRow> typed = new java.util.ArrayList<>(rows.size());
        Map<Integer, ColumnType> types = new java.util.HashMap<>();
        columns.forEach(c -> types.put(c.index(), ColumnType.of(c.kindName(), c.templateText())));
        boolean changed = false;
        for (DataRow row : rows) {
            Map<Integer, String> cells = new java.util.LinkedHashMap<>(row.cells());
            for (Column column : columns) {
                String value = cells.get(column.index());
                if (value != null) {
                    String normal = types.get(column.index()).normalise(value);
                    if (!normal.equals(value)) {
                        cells.put(column.index(), normal);
                        changed = true;
                    }
                }
            }
            typed.add(new DataRow(row.number(), cells));
        }
        return changed ? new DecisionTable(source, sheet, tableName, tableCell, ruleSet, columns, List.copyOf(typed), rowsAfterBlank) : this;
    }

    /** Every table {@link #normalised()}. */
    public static List<DecisionTable> normalised(List<DecisionTable> tables) {
        return tables.stream().map(DecisionTable::normalised).toList();
    }

    public String id() {
        return source + "#" + sheet;
    }

    public Optional<Column> column(String label) {
        return columns.stream().filter(c -> c.label().equals(label)).findFirst();
    }
}
