package io.listguard.scenario;

import io.listguard.policy.PolicySource;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * A copy of the bundled scenario workbook ({@code policies/scenarios/scenarios.xlsx}), edited in memory as a
 * person would edit it in Excel: a text typed in a cell, a real date or boolean cell, a formula. Cells are named
 * by their address or by row and column key (such as {@code campaign.channel}).
 */
public final class ScenarioWorkbookCopy {

    public static final Path BUNDLED = Path.of("policies/scenarios/scenarios.xlsx");
    public static final String NAME = "policies/scenarios/scenarios.xlsx";

    private byte[] bytes;

    public ScenarioWorkbookCopy() {
        try {
            bytes = Files.readAllBytes(BUNDLED);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The bundled workbook, as the repository holds it. */
    public static byte[] bundledBytes() {
        return new ScenarioWorkbookCopy().bytes();
    }

    /** The address of a column's cell in a 1-based row of sheet Cases, e.g. address(14, "expect.reasons"). */
    public static String address(int row, String key) {
        for (int i = 0; i < ScenarioWorkbook.COLUMNS.size(); i++) {
            if (ScenarioWorkbook.COLUMNS.get(i).key().equals(key)) {
                return CellReference.convertNumToColString(i) + row; // the bundled workbook has the columns in this order
            }
        }
        throw new IllegalArgumentException("no column " + key);
    }

    /** Types a text into a cell of sheet Cases (an empty text blanks it). */
    public ScenarioWorkbookCopy text(int row, String key, String value) {
        return text(ScenarioWorkbook.SHEET, address(row, key), value);
    }

    public ScenarioWorkbookCopy text(String sheet, String address, String value) {
        return edit(sheet, address, cell -> {
            if (value.isEmpty()) {
                cell.setBlank();
            } else {
                cell.setCellValue(value);
            }
        });
    }

    /** A real date cell, as Excel makes of a date typed in a cell not formatted as text. */
    public ScenarioWorkbookCopy date(int row, String key, LocalDate date) {
        return edit(ScenarioWorkbook.SHEET, address(row, key), cell -> {
            CellStyle style = cell.getSheet().getWorkbook().createCellStyle();
            style.setDataFormat(cell.getSheet().getWorkbook().createDataFormat().getFormat("dd/mm/yyyy"));
            cell.setCellValue(date);
            cell.setCellStyle(style);
        });
    }

    public ScenarioWorkbookCopy bool(int row, String key, boolean value) {
        return edit(ScenarioWorkbook.SHEET, address(row, key), cell -> cell.setCellValue(value));
    }

    public ScenarioWorkbookCopy formula(String sheet, String address, String formula) {
        return edit(sheet, address, cell -> cell.setCellFormula(formula));
    }

    public byte[] bytes() {
        return bytes.clone();
    }

    public PolicySource source() {
        return new PolicySource(NAME, bytes);
    }

    private ScenarioWorkbookCopy edit(String sheetName, String address, Consumer<Cell> change) {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(bytes))) {
            CellReference ref = new CellReference(address);
            Sheet sheet = wb.getSheet(sheetName);
            Row row = sheet.getRow(ref.getRow()) == null ? sheet.createRow(ref.getRow()) : sheet.getRow(ref.getRow());
            Cell cell = row.getCell(ref.getCol()) == null ? row.createCell(ref.getCol()) : row.getCell(ref.getCol());
            change.accept(cell);
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            wb.write(out);
            bytes = out.toByteArray();
            return this;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
