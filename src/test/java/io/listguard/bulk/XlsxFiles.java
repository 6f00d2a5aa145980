package io.listguard.bulk;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.LocalDate;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.FormulaError;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.xssf.streaming.SXSSFWorkbook;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Real {@code .xlsx} files built in the tests with POI, as Excel would hold them: each sheet a list of rows, each row
 * its cells from column A ({@code null}: no cell, as Excel writes a blank one). A {@link String} is a text cell, a
 * {@link Number} a numeric cell in General format, a {@link Boolean} a TRUE/FALSE cell, a {@link LocalDate} a real
 * date cell ({@code dd/mm/yyyy} format, as French Excel shows it), a {@link Formula} a formula cell, an
 * {@link ErrorCell} an error value such as {@code #N/A}.
 */
public final class XlsxFiles {

    public record Formula(String formula) {
    }

    public record ErrorCell(FormulaError error) {
    }

    private final Map<String, List<List<Object>>> sheets = new LinkedHashMap<>();
    private final List<String> hidden = new ArrayList<>();

    public static XlsxFiles workbook() {
        return new XlsxFiles();
    }

    /** A sheet with its rows from row 1 (a null row: an empty row). */
    public XlsxFiles sheet(String name, List<?>... rows) {
        List<List<Object>> list = new ArrayList<>();
        for (List<?> row : rows) {
            list.add(row == null ? null : new ArrayList<>(row));
        }
        sheets.put(name, list);
        return this;
    }

    public XlsxFiles hidden(String name) {
        hidden.add(name);
        return this;
    }

    /** The workbook as XSSF writes it: text in shared strings. */
    public byte[] bytes() {
        try (XSSFWorkbook wb = new XSSFWorkbook()) {
            return write(wb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The workbook as SXSSF (the streaming writer) writes it: text as inline strings. */
    public byte[] inlineStrings() {
        try (SXSSFWorkbook wb = new SXSSFWorkbook(100)) {
            byte[] bytes = write(wb);
            wb.dispose();
            return bytes;
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private byte[] write(Workbook wb) throws IOException {
        CellStyle date = wb.createCellStyle();
        date.setDataFormat(wb.getCreationHelper().createDataFormat().getFormat("dd/mm/yyyy"));
        for (Map.Entry<String, List<List<Object>>> entry : sheets.entrySet()) {
            Sheet sheet = wb.createSheet(entry.getKey());
            List<List<Object>> rows = entry.getValue();
            for (int r = 0; r < rows.size(); r++) {
                if (rows.get(r) == null) {
                    continue;
                }
                Row row = sheet.createRow(r);
                List<Object> values = rows.get(r);
                for (int c = 0; c < values.size(); c++) {
                    Object value = values.get(c);
                    if (value == null) {
                        continue;
                    }
                    Cell cell = row.createCell(c);
                    if (value instanceof String s) {
                        cell.setCellValue(s);
                    } else if (value instanceof Number n) {
                        cell.setCellValue(n.doubleValue());
                    } else if (value instanceof Boolean b) {
                        cell.setCellValue(b);
                    } else if (value instanceof LocalDate d) {
                        cell.setCellValue(d);
                        cell.setCellStyle(date);
                    } else if (value instanceof Formula f) {
                        cell.setCellFormula(f.formula());
                    } else if (value instanceof ErrorCell e) {
                        cell.setCellErrorValue(e.error().getCode());
                    } else {
                        throw new IllegalArgumentException("no cell for " + value.getClass());
                    }
                }
            }
        }
        for (int i = 0; i < wb.getNumberOfSheets(); i++) {
            if (!hidden.contains(wb.getSheetName(i))) {
                wb.setActiveSheet(i); // Excel never hides the active sheet
                wb.setSelectedTab(i);
                break;
            }
        }
        for (String name : hidden) {
            wb.setSheetHidden(wb.getSheetIndex(name), true);
        }
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        wb.write(out);
        return out.toByteArray();
    }

    /** A workbook with one more part, or one part's bytes replaced (a name already there). */
    public static byte[] withPart(byte[] xlsx, String name, byte[] content) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        try (ZipArchiveInputStream in = zip(xlsx); ZipOutputStream zip = new ZipOutputStream(out)) {
            ZipArchiveEntry e;
            boolean replaced = false;
            while ((e = in.getNextEntry()) != null) {
                zip.putNextEntry(new ZipEntry(e.getName()));
                if (e.getName().equals(name)) {
                    zip.write(content);
                    replaced = true;
                } else {
                    in.transferTo(zip);
                }
            }
            if (!replaced) {
                zip.putNextEntry(new ZipEntry(name));
                zip.write(content);
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }

    /** The text of one part. */
    public static String part(byte[] xlsx, String name) {
        try (ZipArchiveInputStream in = zip(xlsx)) {
            ZipArchiveEntry e;
            while ((e = in.getNextEntry()) != null) {
                if (e.getName().equals(name)) {
                    return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
                }
            }
            throw new IllegalArgumentException("no part " + name);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** The entries of a workbook, also those the streaming writer stores with a data descriptor. */
    private static ZipArchiveInputStream zip(byte[] xlsx) {
        return new ZipArchiveInputStream(new java.io.ByteArrayInputStream(xlsx), "UTF-8", false, true);
    }

    private XlsxFiles() {
    }
}
