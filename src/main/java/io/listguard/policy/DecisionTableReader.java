package io.listguard.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Reads the decision tables of a workbook the way Drools lays them out (RuleSet block, "RuleTable" cell, then the
 * kind, object-type, template and label rows, then one rule per row until a blank row), keeping every cell's
 * address. Cell text is what Drools would see: POI's formatted value.
 */
public final class DecisionTableReader {

    private static final int MAX_COLUMNS = 64;
    private static final DataFormatter FORMATTER = new DataFormatter();

    private DecisionTableReader() {
    }

    /** Every RuleTable of every sheet holding a RuleSet. */
    public static List<DecisionTable> read(PolicySource source) throws IOException {
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(source.bytes()))) {
            return read(source.name(), workbook);
        }
    }

    /** Every RuleTable of every sheet of an open workbook, {@code source} naming the file. */
    static List<DecisionTable> read(String source, Workbook workbook) {
        List<DecisionTable> tables = new ArrayList<>();
        for (Sheet sheet : workbook) {
            read(source, sheet, tables);
        }
        return tables;
    }

    private static void read(String source, Sheet sheet, List<DecisionTable> tables) {
        List<DecisionTable.HeaderCell> ruleSet = new ArrayList<>();
        boolean inRuleSet = false;
        int last = sheet.getLastRowNum();
        for (int r = 0; r <= last; r++) {
            Row row = sheet.getRow(r);
            if (row == null) {
                continue;
            }
            for (Cell cell : row) {
                String text = text(sheet, cell);
                if (text.isEmpty()) {
                    continue;
                }
                if (text.equalsIgnoreCase("RuleSet")) {
                    inRuleSet = true;
                }
                if (text.toLowerCase(Locale.ROOT).startsWith("ruletable")) {
                    tables.add(table(source, sheet, r, cell.getColumnIndex(), text, List.copyOf(ruleSet)));
                    inRuleSet = false;
                    break;
                }
                if (inRuleSet) {
                    ruleSet.add(new DecisionTable.HeaderCell(address(cell), text));
                }
            }
        }
    }

    private static DecisionTable table(String source, Sheet sheet, int tableRow, int firstColumn, String tableCellText,
                                       List<DecisionTable.HeaderCell> ruleSet) {
        String tableName = tableCellText.substring("RuleTable".length()).trim();
        List<DecisionTable.Column> columns = new ArrayList<>();
        for (int c = firstColumn; c < firstColumn + MAX_COLUMNS; c++) {
            String kind = text(sheet, tableRow + 1, c);
            if (kind.isEmpty()) {
                break;
            }
            columns.add(new DecisionTable.Column(c, CellReference.convertNumToColString(c),
                    header(sheet, tableRow + 1, c), header(sheet, tableRow + 2, c), header(sheet, tableRow + 3, c),
                    text(sheet, tableRow + 4, c)));
        }
        List<DecisionTable.DataRow> rows = new ArrayList<>();
        List<Integer> rowsAfterBlank = new ArrayList<>();
        boolean ended = false;
        for (int r = tableRow + 5; r <= sheet.getLastRowNum(); r++) {
            Map<Integer, String> cells = new LinkedHashMap<>();
            for (DecisionTable.Column column : columns) {
                String value = value(sheet, r, column.index());
                if (!value.isEmpty()) {
                    cells.put(column.index(), value);
                }
            }
            if (cells.isEmpty()) {
                ended = true; // Drools ends a table at its first blank row
            } else if (ended) {
                rowsAfterBlank.add(r + 1);
            } else {
                rows.add(new DecisionTable.DataRow(r + 1, cells));
            }
        }
        return new DecisionTable(source, sheet.getSheetName(), tableName,
                CellReference.convertNumToColString(firstColumn) + (tableRow + 1), ruleSet, columns, rows, List.copyOf(rowsAfterBlank));
    }

    private static DecisionTable.HeaderCell header(Sheet sheet, int row, int column) {
        return new DecisionTable.HeaderCell(CellReference.convertNumToColString(column) + (row + 1), text(sheet, row, column));
    }

    /** The text of a cell, reading merged regions from their first cell (object-type rows are merged). */
    private static String text(Sheet sheet, int row, int column) {
        for (CellRangeAddress region : sheet.getMergedRegions()) {
            if (region.isInRange(row, column)) {
                row = region.getFirstRow();
                column = region.getFirstColumn();
                break;
            }
        }
        Row r = sheet.getRow(row);
        Cell cell = r == null ? null : r.getCell(column);
        return cell == null ? "" : FORMATTER.formatCellValue(cell).trim();
    }

    /**
     * The text of a data cell. A real Excel date (a number formatted as a date, as Excel stores 21/12/2022 typed in
     * a cell) is read as its ISO date, 2022-12-21, whatever its display format and the reader's locale: that is the
     * date the person entered, written the one way Drools reads it. Any other cell is read as {@link #text}.
     */
    private static String value(Sheet sheet, int row, int column) {
        Row r = sheet.getRow(row);
        Cell cell = r == null ? null : r.getCell(column);
        if (cell != null && cell.getCellType() == org.apache.poi.ss.usermodel.CellType.NUMERIC && isWholeDay(cell)
                && org.apache.poi.ss.usermodel.DateUtil.isCellDateFormatted(cell)) {
            return cell.getLocalDateTimeCellValue().toLocalDate().toString();
        }
        return text(sheet, row, column);
    }

    /** A date without a time of day (a time such as 13:00 is a fraction of a day and keeps its formatted text). */
    private static boolean isWholeDay(Cell cell) {
        double value = cell.getNumericCellValue();
        return value >= 1 && value == Math.floor(value);
    }

    private static String text(Sheet sheet, Cell cell) {
        return FORMATTER.formatCellValue(cell).trim();
    }

    private static String address(Cell cell) {
        return new CellReference(cell).formatAsString(false);
    }
}
