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

/** The text of the cells of one sheet row, as Drools reads them, to name the exact cell behind an error. */
final class SheetCells {

    record CellText(String address, String text) {
    }

    private SheetCells() {
    }

    /** The non-blank cells of a 1-based row. */
    static List<CellText> row(byte[] workbookBytes, String sheetName, int rowNumber) {
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(workbookBytes))) {
            Sheet sheet = workbook.getSheet(sheetName);
            Row row = sheet == null ? null : sheet.getRow(rowNumber - 1);
            List<CellText> cells = new ArrayList<>();
            if (row == null) {
                return cells;
            }
            DataFormatter formatter = new DataFormatter();
            for (Cell cell : row) {
                String text = formatter.formatCellValue(cell).trim();
                if (!text.isEmpty()) {
                    cells.add(new CellText(new CellReference(cell).formatAsString(false), text));
                }
            }
            return cells;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * The cell of the row whose text best explains a message: the longest cell text found in it, or that
     * contains the given value. Null when none does.
     */
    static CellText explaining(List<CellText> cells, String message, String value) {
        CellText best = null;
        for (CellText cell : cells) {
            boolean matches = value != null ? containsToken(cell.text(), value) : message.contains(cell.text());
            if (matches && (best == null || cell.text().length() > best.text().length())) {
                best = cell;
            }
        }
        return best;
    }

    private static boolean containsToken(String cellText, String value) {
        for (String part : cellText.split(",")) {
            if (part.trim().equals(value.trim())) {
                return true;
            }
        }
        return cellText.trim().equals(value.trim());
    }
}
