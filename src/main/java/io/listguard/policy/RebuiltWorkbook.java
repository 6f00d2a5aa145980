package io.listguard.policy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The workbook Drools compiles: rebuilt from the checked cell values alone. Each rule sheet gets its RuleSet block,
 * its tables' header cells and data rows, as text cells at their original addresses, and the merged header
 * regions that group a table's conditions into one pattern. Nothing else of the uploaded file (formulas, names,
 * styles, other parts) exists in it, so what the template lock read is exactly what Drools reads, whatever a hostile
 * file held. The uploaded file itself is kept unchanged for download.
 */
final class RebuiltWorkbook {

    private RebuiltWorkbook() {
    }

    /** The .xlsx bytes of a workbook holding only the given tables' values (read from {@code original}). */
    static byte[] of(Workbook original, List<DecisionTable> tables) {
        Map<String, List<DecisionTable>> bySheet = new LinkedHashMap<>();
        for (DecisionTable table : tables) {
            bySheet.computeIfAbsent(table.sheet(), s -> new java.util.ArrayList<>()).add(table);
        }
        try (XSSFWorkbook rebuilt = new XSSFWorkbook(); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (Map.Entry<String, List<DecisionTable>> entry : bySheet.entrySet()) {
                Sheet sheet = rebuilt.createSheet(entry.getKey());
                for (DecisionTable table : entry.getValue()) {
                    write(sheet, table);
                    copyHeaderMerges(original.getSheet(entry.getKey()), sheet, table);
                }
            }
            rebuilt.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void write(Sheet sheet, DecisionTable table) {
        table.ruleSet().forEach(cell -> put(sheet, cell.address(), cell.text()));
        put(sheet, table.tableCell(), "RuleTable " + table.tableName());
        int labelRow = new CellReference(table.tableCell()).getRow() + 4;
        for (DecisionTable.Column column : table.columns()) {
            put(sheet, column.kind().address(), column.kind().text());
            put(sheet, column.objectType().address(), column.objectType().text());
            put(sheet, column.template().address(), column.template().text());
            put(sheet, column.letter() + (labelRow + 1), column.label());
        }
        for (DecisionTable.DataRow row : table.rows()) {
            for (DecisionTable.Column column : table.columns()) {
                row.cell(column).ifPresent(value -> put(sheet, row.address(column), value));
            }
        }
    }

    /** Merged regions of the header rows (object types): Drools reads one pattern per merged object-type cell. */
    private static void copyHeaderMerges(Sheet original, Sheet rebuilt, DecisionTable table) {
        if (original == null) {
            return;
        }
        int top = new CellReference(table.tableCell()).getRow();
        for (CellRangeAddress region : original.getMergedRegions()) {
            if (region.getFirstRow() > top && region.getLastRow() <= top + 4 && region.getNumberOfCells() > 1) {
                boolean known = rebuilt.getMergedRegions().stream().anyMatch(r -> r.intersects(region));
                if (!known) {
                    rebuilt.addMergedRegionUnsafe(region.copy());
                }
            }
        }
    }

    private static void put(Sheet sheet, String address, String text) {
        if (text == null || text.isEmpty()) {
            return;
        }
        CellReference ref = new CellReference(address);
        Row row = sheet.getRow(ref.getRow()) == null ? sheet.createRow(ref.getRow()) : sheet.getRow(ref.getRow());
        Cell cell = row.getCell(ref.getCol()) == null ? row.createCell(ref.getCol()) : row.getCell(ref.getCol());
        cell.setCellValue(text);
    }
}
