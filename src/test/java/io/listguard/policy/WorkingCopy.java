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
