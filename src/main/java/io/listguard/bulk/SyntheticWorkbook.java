package io.listguard.bulk;

import de.siegmar.fastcsv.reader.CsvReader;
import de.siegmar.fastcsv.reader.CsvRecord;
import java.io.BufferedReader;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.OutputStreamWriter;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.HashMap;
import java.util.Map;
import java.util.Set;
import java.util.zip.ZipEntry;
import java.util.zip.ZipOutputStream;

/**
 * The seeded synthetic file of {@link SyntheticFile} as an Excel workbook, for benchmarks: one sheet, its cells typed
 * as Excel types them (dates as date cells, true/false as TRUE/FALSE cells, counts as numbers, every other value as
 * text in the shared strings, where Excel keeps text; a million rows make millions of distinct strings: emails,
 * proofs, phones, addresses). Written as a stream, as Excel lays a workbook out, with the shared strings after the
 * sheet: memory stays bounded whatever the number of rows (only the most frequent strings are shared once).
 */
public final class SyntheticWorkbook {

    private static final Set<String> DATES = Set.of("birth_date", "last_activity_on", "consent_email_given_on", "consent_sms_given_on",
            "consent_phone_given_on");
    private static final Set<String> BOOLEANS = Set.of("bloctel_registered", "opted_out", "consent_email_renter_named", "consent_sms_renter_named",
            "consent_phone_renter_named");
    private static final LocalDate EXCEL_EPOCH = LocalDate.of(1899, 12, 30);
    /** Strings shared once, at most this many (values that repeat: kinds, segments, jobs); the others are written each time. */
    private static final int SHARED_ONCE = 10_000;
    private static final String MAIN = "http://schemas.openxmlformats.org/spreadsheetml/2006/main";
    private static final String RELATIONSHIPS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships";

    private SyntheticWorkbook() {
    }

    /** Writes {@code records} rows (plus the header) as an .xlsx workbook and returns how many of them are malformed. */
    public static long write(OutputStream out, long records, long seed) throws IOException {
        Path csv = Files.createTempFile("listguard-synthetic-", ".csv");
        Path strings = Files.createTempFile("listguard-synthetic-", ".sst");
        try {
            long malformed;
            try (OutputStream o = Files.newOutputStream(csv)) {
                malformed = SyntheticFile.write(o, records, seed);
            }
            try (ZipOutputStream zip = new ZipOutputStream(out)) {
                zip.setLevel(6); // Excel's own compression level
                part(zip, "[Content_Types].xml", "<Types xmlns=\"http://schemas.openxmlformats.org/package/2006/content-types\">"
                        + "<Default Extension=\"rels\" ContentType=\"application/vnd.openxmlformats-package.relationships+xml\"/>"
                        + "<Default Extension=\"xml\" ContentType=\"application/xml\"/>"
                        + "<Override PartName=\"/xl/workbook.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sheet.main+xml\"/>"
                        + "<Override PartName=\"/xl/worksheets/sheet1.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml\"/>"
                        + "<Override PartName=\"/xl/styles.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.styles+xml\"/>"
                        + "<Override PartName=\"/xl/sharedStrings.xml\" ContentType=\"application/vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml\"/>"
                        + "</Types>");
                part(zip, "_rels/.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"" + RELATIONSHIPS + "/officeDocument\" Target=\"xl/workbook.xml\"/></Relationships>");
                part(zip, "xl/workbook.xml", "<workbook xmlns=\"" + MAIN + "\" xmlns:r=\"" + RELATIONSHIPS + "\"><sheets>"
                        + "<sheet name=\"Prospects\" sheetId=\"1\" r:id=\"rId1\"/></sheets></workbook>");
                part(zip, "xl/_rels/workbook.xml.rels", "<Relationships xmlns=\"http://schemas.openxmlformats.org/package/2006/relationships\">"
                        + "<Relationship Id=\"rId1\" Type=\"" + RELATIONSHIPS + "/worksheet\" Target=\"worksheets/sheet1.xml\"/>"
                        + "<Relationship Id=\"rId2\" Type=\"" + RELATIONSHIPS + "/styles\" Target=\"styles.xml\"/>"
                        + "<Relationship Id=\"rId3\" Type=\"" + RELATIONSHIPS + "/sharedStrings\" Target=\"sharedStrings.xml\"/></Relationships>");
                part(zip, "xl/styles.xml", "<styleSheet xmlns=\"" + MAIN + "\"><numFmts count=\"1\"><numFmt numFmtId=\"164\" formatCode=\"dd/mm/yyyy\"/></numFmts>"
                        + "<fonts count=\"1\"><font><sz val=\"11\"/><name val=\"Calibri\"/></font></fonts>"
                        + "<fills count=\"2\"><fill><patternFill patternType=\"none\"/></fill><fill><patternFill patternType=\"gray125\"/></fill></fills>"
                        + "<borders count=\"1\"><border><left/><right/><top/><bottom/><diagonal/></border></borders>"
                        + "<cellStyleXfs count=\"1\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\"/></cellStyleXfs>"
                        + "<cellXfs count=\"2\"><xf numFmtId=\"0\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\"/>"
                        + "<xf numFmtId=\"164\" fontId=\"0\" fillId=\"0\" borderId=\"0\" xfId=\"0\" applyNumberFormat=\"1\"/></cellXfs></styleSheet>");
                long[] counts = sheet(zip, csv, strings);
                zip.putNextEntry(new ZipEntry("xl/sharedStrings.xml"));
                Writer w = new OutputStreamWriter(zip, StandardCharsets.UTF_8);
                w.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<sst xmlns=\"" + MAIN + "\" count=\"" + counts[0]
                        + "\" uniqueCount=\"" + counts[1] + "\">");
                w.flush();
                try (InputStream in = Files.newInputStream(strings)) {
                    in.transferTo(zip);
                }
                w.write("</sst>");
                w.flush();
                zip.closeEntry();
            }
            return malformed;
        } finally {
            Files.deleteIfExists(csv);
            Files.deleteIfExists(strings);
        }
    }

    /** Writes the sheet, its text to {@code strings} as {@code <si>} items; returns the cells that refer to them and the items. */
    private static long[] sheet(ZipOutputStream zip, Path csv, Path strings) throws IOException {
        zip.putNextEntry(new ZipEntry("xl/worksheets/sheet1.xml"));
        Writer w = new BufferedWriter(new OutputStreamWriter(zip, StandardCharsets.UTF_8), 1 << 16);
        Map<String, Integer> once = new HashMap<>();
        long references = 0;
        int items = 0;
        try (BufferedReader in = Files.newBufferedReader(csv, StandardCharsets.UTF_8);
             Writer sst = new BufferedWriter(new OutputStreamWriter(Files.newOutputStream(strings), StandardCharsets.UTF_8), 1 << 16)) {
            w.write("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n<worksheet xmlns=\"" + MAIN + "\"><sheetData>");
            String[] header = null;
            String[] columns = null;
            long row = 0;
            for (CsvRecord record : CsvReader.builder().allowExtraFields(true).allowMissingFields(true).ofCsvRecord(in)) {
                row++;
                if (header == null) {
                    header = record.getFields().toArray(String[]::new);
                    columns = new String[header.length + 4];
                    for (int i = 0; i < columns.length; i++) {
                        columns[i] = org.apache.poi.ss.util.CellReference.convertNumToColString(i);
                    }
                }
                w.write("<row r=\"" + row + "\">");
                for (int i = 0; i < record.getFieldCount() && i < columns.length; i++) {
                    String value = record.getField(i);
                    if (value.isEmpty()) {
                        continue; // Excel writes no cell for a blank one
                    }
                    String name = row == 1 || i >= header.length ? "" : header[i];
                    String ref = columns[i] + row;
                    if (DATES.contains(name) && date(value) >= 0) {
                        w.write("<c r=\"" + ref + "\" s=\"1\"><v>" + date(value) + "</v></c>");
                    } else if (BOOLEANS.contains(name) && (value.equals("true") || value.equals("false"))) {
                        w.write("<c r=\"" + ref + "\" t=\"b\"><v>" + (value.equals("true") ? 1 : 0) + "</v></c>");
                    } else if (name.equals("call_attempts_last_30_days") && value.chars().allMatch(Character::isDigit)) {
                        w.write("<c r=\"" + ref + "\"><v>" + value + "</v></c>");
                    } else {
                        Integer index = once.get(value);
                        if (index == null) {
                            index = items++;
                            sst.write("<si><t xml:space=\"preserve\">" + escaped(value) + "</t></si>");
                            if (once.size() < SHARED_ONCE && value.length() < 40 && !value.contains("@")) {
                                once.put(value, index);
                            }
                        }
                        references++;
                        w.write("<c r=\"" + ref + "\" t=\"s\"><v>" + index + "</v></c>");
                    }
                }
                w.write("</row>");
            }
            w.write("</sheetData></worksheet>");
            w.flush();
        }
        zip.closeEntry();
        return new long[] {references, items};
    }

    private static long date(String value) {
        try {
            LocalDate day = LocalDate.parse(value);
            return day.isBefore(LocalDate.of(1900, 3, 1)) ? -1 : ChronoUnit.DAYS.between(EXCEL_EPOCH, day);
        } catch (DateTimeParseException e) {
            return -1;
        }
    }

    /** Text as Excel writes it in XML: markup escaped, characters XML cannot hold (and a literal {@code _x}) as {@code _xHHHH_}. */
    static String escaped(String text) {
        StringBuilder b = new StringBuilder(text.length() + 8);
        for (int i = 0; i < text.length(); i++) {
            char c = text.charAt(i);
            switch (c) {
                case '&' -> b.append("&amp;");
                case '<' -> b.append("&lt;");
                case '>' -> b.append("&gt;");
                case '\n', '\t' -> b.append(c);
                case '_' -> b.append(i + 1 < text.length() && text.charAt(i + 1) == 'x' ? "_x005F_" : "_");
                default -> {
                    if (c < 0x20 || c == 0xFFFE || c == 0xFFFF) {
                        b.append(String.format("_x%04X_", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.toString();
    }

    private static void part(ZipOutputStream zip, String name, String xml) throws IOException {
        zip.putNextEntry(new ZipEntry(name));
        zip.write(("<?xml version=\"1.0\" encoding=\"UTF-8\" standalone=\"yes\"?>\n" + xml).getBytes(StandardCharsets.UTF_8));
        zip.closeEntry();
    }
}
