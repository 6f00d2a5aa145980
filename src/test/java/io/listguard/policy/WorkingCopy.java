package io.listguard.policy;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.apache.poi.ss.util.CellReference;

/** A copy of the bundled rules/ and policies/ in a temporary folder, edited cell by cell as a compliance officer would. */
public final class WorkingCopy {

    public final Path rules;
    public final Path policies;

    public WorkingCopy(Path dir) {
        try {
            rules = Files.createDirectories(dir.resolve("rules"));
            policies = Files.createDirectories(dir.resolve("policies"));
            copy(Path.of("rules"), rules, ".drl");
            copy(Path.of("policies"), policies, ".xlsx");
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void copy(Path from, Path to, String suffix) throws IOException {
        try (Stream<Path> files = Files.list(from)) {
            for (Path f : files.filter(p -> p.toString().endsWith(suffix)).toList()) {
                Files.copy(f, to.resolve(f.getFileName()));
            }
        }
    }

    public PolicySet policySet() {
        return PolicySet.fromDirectories(rules, policies);
    }

    /** Writes a text value into a cell (blank text empties it). */
    public WorkingCopy set(String workbook, String sheet, String address, String value) {
        edit(workbook, wb -> {
            CellReference ref = new CellReference(address);
            Sheet s = wb.getSheet(sheet);
            Row row = s.getRow(ref.getRow()) == null ? s.createRow(ref.getRow()) : s.getRow(ref.getRow());
            Cell cell = row.getCell(ref.getCol()) == null ? row.createCell(ref.getCol()) : row.getCell(ref.getCol());
            if (value.isEmpty()) {
                cell.setBlank();
            } else {
                cell.setCellValue(value);
            }
        });
        return this;
    }

    /** Enters a real Excel date (a number shown with a date format such as dd/mm/yyyy), as Excel stores a date typed in a cell. */
    public WorkingCopy setDate(String workbook, String sheet, String address, java.time.LocalDate date, String format) {
        edit(workbook, wb -> {
            Cell cell = cell(wb, sheet, address);
            cell.setCellValue(date);
            org.apache.poi.ss.usermodel.CellStyle style = wb.createCellStyle();
            style.setDataFormat(wb.createDataFormat().getFormat(format));
            cell.setCellStyle(style);
        });
        return this;
    }

    /** Enters a real Excel boolean (TRUE/FALSE, VRAI/FAUX in a French Excel). */
    public WorkingCopy setBoolean(String workbook, String sheet, String address, boolean value) {
        edit(workbook, wb -> cell(wb, sheet, address).setCellValue(value));
        return this;
    }

    /** Enters a real Excel number (12.5 is shown 12,5 in a French Excel). */
    public WorkingCopy setNumber(String workbook, String sheet, String address, double value) {
        edit(workbook, wb -> cell(wb, sheet, address).setCellValue(value));
        return this;
    }

    /** Deletes a column as Excel does (Delete columns): the columns to its right move one to the left, merged header regions with them. */
    public WorkingCopy deleteColumn(String workbook, String sheet, String letter) {
        edit(workbook, wb -> {
            Sheet s = wb.getSheet(sheet);
            int column = CellReference.convertColStringToIndex(letter);
            unmergeFrom(s, column);
            for (Row row : s) {
                Cell cell = row.getCell(column);
                if (cell != null) {
                    row.removeCell(cell);
                }
            }
            s.shiftColumns(column + 1, lastColumn(s), -1);
        });
        return this;
    }

    /**
     * Inserts a column before {@code letter} as Excel does, its header row (the row below "RuleTable") holding
     * {@code kind} and its label row {@code label}: the columns to its right move one to the right.
     */
    public WorkingCopy insertColumnBefore(String workbook, String sheet, String letter, String kind, String label) {
        edit(workbook, wb -> {
            Sheet s = wb.getSheet(sheet);
            int column = CellReference.convertColStringToIndex(letter);
            unmergeFrom(s, column);
            s.shiftColumns(column, lastColumn(s), 1);
            int tableRow = -1;
            for (Row row : s) {
                for (Cell cell : row) {
                    if (cell.getCellType() == org.apache.poi.ss.usermodel.CellType.STRING
                            && cell.getStringCellValue().trim().toLowerCase(java.util.Locale.ROOT).startsWith("ruletable")) {
                        tableRow = row.getRowNum();
                    }
                }
            }
            String col = CellReference.convertNumToColString(column);
            cell(wb, sheet, col + (tableRow + 2)).setCellValue(kind);
            cell(wb, sheet, col + (tableRow + 5)).setCellValue(label);
        });
        return this;
    }

    /** Merged regions reaching the column or beyond are unmerged (Excel moves them; here their first cell keeps the text). */
    private static void unmergeFrom(Sheet s, int column) {
        for (int i = s.getNumMergedRegions() - 1; i >= 0; i--) {
            if (s.getMergedRegion(i).getLastColumn() >= column) {
                s.removeMergedRegion(i);
            }
        }
    }

    private static int lastColumn(Sheet s) {
        int last = 0;
        for (Row row : s) {
            last = Math.max(last, row.getLastCellNum());
        }
        return last;
    }

    private static Cell cell(XSSFWorkbook wb, String sheet, String address) {
        CellReference ref = new CellReference(address);
        Sheet s = wb.getSheet(sheet);
        Row row = s.getRow(ref.getRow()) == null ? s.createRow(ref.getRow()) : s.getRow(ref.getRow());
        return row.getCell(ref.getCol()) == null ? row.createCell(ref.getCol()) : row.getCell(ref.getCol());
    }

    /** Inserts an empty row before the given 1-based row, shifting the rows below down. */
    public WorkingCopy insertRowBefore(String workbook, String sheet, int rowNumber) {
        edit(workbook, wb -> {
            Sheet s = wb.getSheet(sheet);
            s.shiftRows(rowNumber - 1, s.getLastRowNum(), 1);
            s.createRow(rowNumber - 1);
        });
        return this;
    }

    /**
     * A person's copy of a workbook as they downloaded it (stamped with its version), edited cell by cell on one
     * sheet as they would in Excel: cells and values alternate ("D14", "120", ...). Returns the edited bytes.
     */
    public static byte[] editDownloaded(Path dir, String workbook, byte[] downloaded, String sheet, String... cellsAndValues) {
        WorkingCopy copy = new WorkingCopy(dir);
        try {
            Files.write(copy.policies.resolve(workbook), downloaded);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        for (int i = 0; i < cellsAndValues.length; i += 2) {
            copy.set(workbook, sheet, cellsAndValues[i], cellsAndValues[i + 1]);
        }
        return copy.bytes(workbook);
    }

    /** The bytes of a workbook of this copy, e.g. to upload it. */
    public byte[] bytes(String workbook) {
        try {
            return Files.readAllBytes(policies.resolve(workbook));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private void edit(String workbook, java.util.function.Consumer<XSSFWorkbook> change) {
        Path file = policies.resolve(workbook);
        try {
            XSSFWorkbook wb;
            try (InputStream in = Files.newInputStream(file)) {
                wb = new XSSFWorkbook(in);
            }
            change.accept(wb);
            try (OutputStream out = Files.newOutputStream(file)) {
                wb.write(out);
            }
            wb.close();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
