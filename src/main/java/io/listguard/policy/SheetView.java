package io.listguard.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A sheet of a workbook as text, cell by cell, the way its author sees it: to show an auditor the row that decided
 * an evaluation, as it was written in the policy version that ran.
 */
public final class SheetView {

    /** One row: its 1-based number and the text of its cells, from column A to the sheet's last used column. */
    public record GridRow(int number, List<String> cells) {
    }

    /** A sheet: its column letters and its non-empty rows. */
    public record Grid(String sheet, List<String> columns, List<GridRow> rows, List<String> sheets) {
        public boolean hasRow(int number) {
            return rows.stream().anyMatch(r -> r.number() == number);
        }
    }

    private SheetView() {
    }

    /** The names of a workbook's sheets, in order. */
    public static List<String> sheetNames(byte[] workbookBytes) {
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(workbookBytes))) {
            List<String> sheets = new ArrayList<>();
            workbook.forEach(s -> sheets.add(s.getSheetName()));
            return sheets;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The named sheet; an unknown sheet gives an empty grid listing the sheets the workbook has. */
    public static Grid read(byte[] workbookBytes, String sheetName) {
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(workbookBytes))) {
            List<String> sheets = new ArrayList<>();
            workbook.forEach(s -> sheets.add(s.getSheetName()));
            Sheet sheet = workbook.getSheet(sheetName); // null: an empty grid that lists the sheets there are
            if (sheet == null) {
                return new Grid(sheetName, List.of(), List.of(), sheets);
            }
            DataFormatter formatter = new DataFormatter();
            int width = 0;
            for (Row row : sheet) {
                width = Math.max(width, row.getLastCellNum());
            }
            List<GridRow> rows = new ArrayList<>();
            for (Row row : sheet) {
                List<String> cells = new ArrayList<>(width);
                boolean blank = true;
                for (int c = 0; c < width; c++) {
                    Cell cell = row.getCell(c);
                    String text = cell == null ? "" : formatter.formatCellValue(cell);
                    blank &= text.isBlank();
                    cells.add(text);
                }
                if (!blank) {
                    rows.add(new GridRow(row.getRowNum() + 1, cells));
                }
            }
            List<String> columns = new ArrayList<>(width);
            for (int c = 0; c < width; c++) {
                columns.add(CellReference.convertNumToColString(c));
            }
            return new Grid(sheetName, columns, rows, sheets);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
