package io.listguard.policy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.function.Consumer;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import java.util.zip.ZipOutputStream;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Name;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.util.CellRangeAddress;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Workbooks an attacker with a policy editor's key would craft from a downloaded bundled workbook: formulas, defined
 * names, macros, links, embedded objects, cells that close a Java string. Each carries, where it can, a payload that
 * would set the system property {@link #MARKER} if its Java ever ran; the marker must never appear in generated DRL.
 */
public final class HostileWorkbooks {

    /** The system property the payloads would set. */
    public static final String MARKER = "listguard.pwned";
    /** What appears in generated DRL if the payload got through. */
    public static final String SIGNATURE = "HostileWorkbooks.MARKER";
    /**
     * Java text that, pasted into {@code out.finding(YesNo.$param);}, closes the call and runs code. It has
     * no double quote, which Drools would escape: it is valid Java once pasted.
     */
    public static final String PAYLOAD = "YES); System.setProperty(io.listguard.policy.HostileWorkbooks.MARKER, io.listguard.policy.HostileWorkbooks.MARKER";

    /** One hostile workbook: what it is, the file it replaces, and where the refusal must point. */
    public record Hostile(String description, String fileName, byte[] bytes, String sheet, String cell, String code) {

        @Override
        public String toString() {
            return description;
        }

        public PolicySource source() {
            return new PolicySource("policies/" + fileName, bytes);
        }
    }

    private HostileWorkbooks() {
    }

    /**
     * The reference exploit: a defined name YES points at a Guide cell holding Java text, and Prix!G14 (Raise
     * finding, a YES/NO column whose template is {@code out.finding(YesNo.$param);}) becomes {@code =YES},
     * showing YES. A parser that evaluates formulas pastes the Java into the consequence.
     */
    public static Hostile referenceExploit() {
        byte[] bytes = edit("list-quality.xlsx", wb -> {
            set(wb.getSheet("Guide"), "B90", PAYLOAD);
            Name name = wb.createName();
            name.setNameName("YES");
            name.setRefersToFormula("Guide!$B$90");
            Cell g14 = cell(wb.getSheet("Prix"), "G14");
            g14.setCellFormula("YES");
            g14.setCellValue("YES"); // the cached value Excel would show: YES
        });
        return new Hostile("reference exploit: =YES through a defined name", "list-quality.xlsx", bytes, "Prix", "G14", "WORKBOOK_FORMULA_STALE");
    }

    /** The same cell, with a string formula whose cached value is what it computes: still a formula, still refused. */
    public static Hostile formula(String fileName, String sheet, String address, String value) {
        byte[] bytes = edit(fileName, wb -> {
            Cell cell = cell(wb.getSheet(sheet), address);
            cell.setCellFormula("\"" + value.replace("\"", "\"\"") + "\"");
            cell.setCellValue(value);
        });
        return new Hostile("formula in " + sheet + "!" + address, fileName, bytes, sheet, address, "WORKBOOK_FORMULA");
    }

    /** Every other kind of hostile workbook, from list-quality.xlsx (Prices, row 14 holds the 150 price band row). */
    public static List<Hostile> all() {
        return List.of(
                referenceExploit(),
                new Hostile("a second table of the same name, whose code row nobody compared", "list-quality.xlsx", edit("list-quality.xlsx", wb -> {
                    org.apache.poi.ss.usermodel.Sheet prices = wb.getSheet("Prix");
                    set(prices, "P30", "RuleTable PriceBands");
                    set(prices, "P31", "ACTION");
                    set(prices, "P32", "$c : Campaign");
                    set(prices, "P33", "System.setProperty(io.listguard.policy.HostileWorkbooks.MARKER, \"$param\");");
                    set(prices, "P34", "Raise finding");
                    set(prices, "P35", "YES");
                }), "Prix", "P30", "TABLE_REPEATED"),
                new Hostile("defined name alone", "list-quality.xlsx", edit("list-quality.xlsx", wb -> {
                    Name name = wb.createName();
                    name.setNameName("Threshold");
                    name.setRefersToFormula("Prix!$D$14");
                }), null, null, "WORKBOOK_DEFINED_NAME"),
                new Hostile("cached value differs from the formula", "list-quality.xlsx", edit("list-quality.xlsx", wb -> {
                    Cell cell = cell(wb.getSheet("Prix"), "G14");
                    cell.setCellFormula("\"NO\"");
                    cell.setCellValue("YES");
                }), "Prix", "G14", "WORKBOOK_FORMULA_STALE"),
                new Hostile("array formula", "list-quality.xlsx", edit("list-quality.xlsx",
                        wb -> wb.getSheet("Prix").setArrayFormula("\"OUI\"", CellRangeAddress.valueOf("G14"))), "Prix", "G14", "WORKBOOK_FORMULA"),
                new Hostile("shared formula", "list-quality.xlsx", sharedFormula(), "Prix", "G14", "WORKBOOK_FORMULA"),
                new Hostile("formula in the Guide sheet, outside any table", "list-quality.xlsx", edit("list-quality.xlsx",
                        wb -> { Cell c = cell(wb.getSheet("Guide"), "B3"); c.setCellFormula("1+1"); c.setCellValue(2); }), "Guide", "B3", "WORKBOOK_FORMULA"),
                new Hostile("external link part", "list-quality.xlsx", withPart("list-quality.xlsx", "xl/externalLinks/externalLink1.xml",
                        "<externalLink xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"), null, null, "WORKBOOK_EXTERNAL_LINK"),
                new Hostile("external relationship", "list-quality.xlsx", withPart("list-quality.xlsx", "xl/worksheets/_rels/sheet4.xml.rels",
                        "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\"><Relationship Id=\"rId9\" "
                                + "Type=\"http://schemas.openxmlformats.org/officeDocument/2006/relationships/oleObject\" "
                                + "Target=\"file:///etc/passwd\" TargetMode=\"External\"/></Relationships>"), null, null, "WORKBOOK_EXTERNAL_LINK"),
                new Hostile("data connection", "list-quality.xlsx", withPart("list-quality.xlsx", "xl/connections.xml",
                        "<connections xmlns=\"http://schemas.openxmlformats.org/spreadsheetml/2006/main\"/>"), null, null, "WORKBOOK_DATA_CONNECTION"),
                new Hostile("macro project", "list-quality.xlsx", withPart("list-quality.xlsx", "xl/vbaProject.bin", "not really VBA"), null, null,
                        "WORKBOOK_MACRO"),
                new Hostile("macro-enabled content type (.xlsm)", "list-quality.xlsx", replaceInPart("list-quality.xlsx", "[Content_Types].xml",
                        "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml",
                        "application/vnd.ms-excel.sheet.macroEnabled.main+xml"), null, null, "WORKBOOK_MACRO_ENABLED"),
                new Hostile("embedded object", "list-quality.xlsx", withPart("list-quality.xlsx", "xl/embeddings/oleObject1.bin", "OLE"), null, null,
                        "WORKBOOK_EMBEDDED_OBJECT"),
                new Hostile("text that closes the Java string", "list-quality.xlsx", edit("list-quality.xlsx",
                        wb -> set(wb.getSheet("Prix"), "I14", "x\"); System.setProperty(\"" + MARKER + "\", \"ran\"); //")), "Prix", "I14", null),
                new Hostile("code typed into a YES/NO cell", "list-quality.xlsx", edit("list-quality.xlsx",
                        wb -> set(wb.getSheet("Prix"), "G14", PAYLOAD)), "Prix", "G14", null),
                new Hostile("Unicode escapes of quotes", "list-quality.xlsx", edit("list-quality.xlsx",
                        wb -> set(wb.getSheet("Prix"), "I14", "x\\u0022); System.setProperty(\\u0022" + MARKER + "\\u0022, \\u0022ran\\u0022); //")),
                        "Prix", "I14", null),
                new Hostile("a cell longer than its column allows", "list-quality.xlsx", edit("list-quality.xlsx",
                        wb -> set(wb.getSheet("Prix"), "I14", "A".repeat(1501))), "Prix", "I14", "CELL_TOO_LONG"),
                new Hostile("a line break in a message", "list-quality.xlsx", edit("list-quality.xlsx",
                        wb -> set(wb.getSheet("Prix"), "I14", "first line\n// second line")), "Prix", "I14", "CELL_CONTROL_CHARACTER"),
                new Hostile("an invisible bidirectional override in a code", "list-quality.xlsx", edit("list-quality.xlsx",
                        wb -> set(wb.getSheet("Prix"), "F14", "PRICE_\u202EBELOW_MARKET")), "Prix", "F14", "CELL_CONTROL_CHARACTER"));
    }

    /** Prix!G14 as the anchor of a shared formula, as Excel writes one when a formula is filled down. */
    private static byte[] sharedFormula() {
        byte[] withFormula = edit("list-quality.xlsx", wb -> {
            Cell cell = cell(wb.getSheet("Prix"), "G14");
            cell.setCellFormula("\"YES\"&\"\"");
            cell.setCellValue("YES");
        });
        return rewriteParts(withFormula, (name, text) -> text.replace("<f>\"YES\"&amp;\"\"</f>", "<f t=\"shared\" ref=\"G14:G14\" si=\"0\">\"YES\"&amp;\"\"</f>"));
    }

    /** A bundled workbook, edited with POI. */
    public static byte[] edit(String fileName, Consumer<XSSFWorkbook> change) {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(Files.readAllBytes(Path.of("policies", fileName))));
             ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            change.accept(wb);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A bundled workbook with one more part in its archive, as an editor working on the zip would add it. */
    static byte[] withPart(String fileName, String partName, String content) {
        byte[] original = bundled(fileName);
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            copyEntries(original, zip, (name, text) -> text);
            zip.putNextEntry(new ZipEntry(partName));
            zip.write(content.getBytes(StandardCharsets.UTF_8));
            zip.closeEntry();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    static byte[] replaceInPart(String fileName, String partName, String from, String to) {
        return rewriteParts(bundled(fileName), (name, text) -> name.equals(partName) ? text.replace(from, to) : text);
    }

    private static byte[] rewriteParts(byte[] original, java.util.function.BinaryOperator<String> rewrite) {
        ByteArrayOutputStream bytes = new ByteArrayOutputStream();
        try (ZipOutputStream zip = new ZipOutputStream(bytes)) {
            copyEntries(original, zip, rewrite);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return bytes.toByteArray();
    }

    private static void copyEntries(byte[] original, ZipOutputStream zip, java.util.function.BinaryOperator<String> rewrite) throws IOException {
        try (ZipInputStream in = new ZipInputStream(new ByteArrayInputStream(original))) {
            ZipEntry entry;
            while ((entry = in.getNextEntry()) != null) {
                byte[] content = in.readAllBytes();
                if (entry.getName().endsWith(".xml") || entry.getName().endsWith(".rels")) {
                    content = rewrite.apply(entry.getName(), new String(content, StandardCharsets.UTF_8)).getBytes(StandardCharsets.UTF_8);
                }
                zip.putNextEntry(new ZipEntry(entry.getName()));
                zip.write(content);
                zip.closeEntry();
            }
        }
    }

    private static byte[] bundled(String fileName) {
        try {
            return Files.readAllBytes(Path.of("policies", fileName));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    static void set(Sheet sheet, String address, String value) {
        cell(sheet, address).setCellValue(value);
    }

    static Cell cell(Sheet sheet, String address) {
        CellReference ref = new CellReference(address);
        Row row = sheet.getRow(ref.getRow()) == null ? sheet.createRow(ref.getRow()) : sheet.getRow(ref.getRow());
        return row.getCell(ref.getCol()) == null ? row.createCell(ref.getCol()) : row.getCell(ref.getCol());
    }
}
