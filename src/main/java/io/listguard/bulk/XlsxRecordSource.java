package io.listguard.bulk;

import io.listguard.bulk.mapping.MappingProfile;
import io.listguard.bulk.mapping.ProfileMapper;
import io.listguard.domain.Messages;
import io.listguard.xlsx.XlsxArchive;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.math.BigDecimal;
import java.math.MathContext;
import java.math.RoundingMode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.LocalDateTime;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import java.util.stream.Collectors;
import javax.xml.stream.XMLInputFactory;
import javax.xml.stream.XMLStreamConstants;
import javax.xml.stream.XMLStreamException;
import javax.xml.stream.XMLStreamReader;
import org.apache.poi.openxml4j.opc.OPCPackage;
import org.apache.poi.openxml4j.opc.PackageAccess;
import org.apache.poi.openxml4j.opc.PackagePart;
import org.apache.poi.openxml4j.opc.PackageRelationship;
import org.apache.poi.ss.usermodel.DateUtil;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.util.XMLHelper;
import org.apache.poi.xssf.eventusermodel.XSSFReader;
import org.apache.poi.xssf.model.StylesTable;
import org.apache.poi.xssf.usermodel.XSSFCellStyle;
import org.apache.poi.xssf.usermodel.XSSFRelation;

/**
 * A records file as an Excel workbook ({@code .xlsx}), read as a stream: never a whole workbook in memory. The upload
 * is copied to a temporary file (deleted on {@link #close()}); its zip archive is checked first with the workbook
 * guard's checks ({@link XlsxArchive}: real inflated sizes, entries, zip-bomb ratio, OLE2 {@code .xls} and
 * password-protected files refused, a damaged archive named as such), and a workbook holding macros or embedded
 * objects is refused; then POI opens the package read-only ({@link OPCPackage}, {@link XSSFReader}: parts and styles
 * only) and the sheet's XML is pulled row by row through a hardened StAX parser ({@link XMLHelper#newXMLInputFactory()}:
 * no DTD, no external entity), so that each call of {@link #next()} reads one row: a pull parser (StAX) rather
 * than POI's SAX handler, because the bulk path pulls records one at a time, and pushed rows would need a thread or
 * a buffer between the two. The shared strings are kept on disk ({@link XlsxSharedStrings}).
 * <p>
 * The sheet is the options' {@code sheet} (else the profile's), else the first visible one; an unknown sheet is
 * refused naming the sheets present. Rows are numbered as Excel shows them (from 1); the header is the first row that
 * is not blank at or below the profile's {@code headerRow}. Cells are placed by their reference ({@code E7}): blank
 * cells are absent from the XML, and read as "". Each cell becomes text without guessing: a text cell as it is (a
 * cell with line breaks, Alt+Enter, is one value with them), a number as its plain digits ({@code 612345678}, never
 * {@code 6.12345678E8} nor {@code 612345678.0}; at most 15 significant digits, as Excel shows it), a cell with a date
 * format as its ISO day {@code yyyy-MM-dd} (a time of day is dropped), TRUE/FALSE as {@code true}/{@code false}.
 * A formula or an error ({@code #N/A}) is a problem of its row naming the cell, when a column the file is read for
 * holds it (a column no one reads is ignored, as its column is); the rest of the file is read. Control characters
 * follow the rules of CSV files, at the same checks ({@link TabularRecordSource}). A workbook that cannot be read is
 * a {@link BulkFormatException} saying why, never an internal error.
 */
final class XlsxRecordSource extends TabularRecordSource {

    /**
     * The limits of a records workbook's archive: 1,048,576 rows of twenty columns expand to about 1 GB of XML (see
     * docs/performance.md), so 2 GB in total; a zip bomb above 100 times its compressed size, as for policy workbooks
     * and POI itself; 10,000 parts (sheets, their relations, drawings...).
     */
    static final XlsxArchive.Limits DEFAULT_LIMITS = new XlsxArchive.Limits(2L << 30, 100, 1 << 20, 10_000);

    /** Excel's last row and column: a sheet beyond them was not written by Excel, nor by any tool that Excel opens. */
    static final int MAX_ROWS = 1_048_576;
    static final int MAX_COLUMNS = 16_384;

    /** Message code of a file name of another Excel kind (.xls, .xlsm...). */
    static final String OTHER_EXCEL_NAME = "bulk.xlsx.otherExcelName";

    /** A hardened StAX factory (no DTD, no external entities), one per workbook: factories are not shared across threads. */
    static XMLInputFactory xml() {
        return XMLHelper.newXMLInputFactory();
    }

    private static final java.time.LocalDate EPOCH_1900 = java.time.LocalDate.of(1899, 12, 30);
    private static final java.time.LocalDate EPOCH_1904 = java.time.LocalDate.of(1904, 1, 1);
    private static final MathContext EXCEL_DIGITS = new MathContext(15, RoundingMode.HALF_UP);
    private static final Pattern ISO_DAY = Pattern.compile("\\d{4}-\\d{2}-\\d{2}.*");
    private static final Pattern CLASS_PREFIX = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");

    private final Path copy;
    private final OPCPackage pkg;
    private final XlsxSharedStrings strings;
    private final String sheetName;
    private final CountingInputStream sheetBytes;
    private final long sheetSize;
    private final XMLStreamReader sheet;
    private final boolean date1904;
    private final StylesTable styles;
    /** Per cell style: 1 a date format, 2 not, 0 not yet known. */
    private byte[] dateStyles = new byte[64];
    private final List<io.listguard.domain.CodedText> ownWarnings = new ArrayList<>();

    /** The row being read: its cells' text, their kinds, the cells without a readable value. */
    private String[] cells = new String[0];
    private byte[] kinds = new byte[0];
    private List<CellIssue> issues;
    private int used;
    private long rowNumber;
    private boolean atEnd;
    private boolean warnedRight;
    private boolean inRow;

    /**
     * Opens a workbook: copies it, checks its archive and parts, opens the sheet and reads its header.
     *
     * @param raw its bytes (gzip'd or not)
     */
    XlsxRecordSource(InputStream raw, ReadOptions options) {
        super(options.profile());
        Path file = null;
        OPCPackage opened = null;
        XlsxSharedStrings shared = null;
        try {
            file = copied(raw);
            XlsxArchive.Result archive = XlsxArchive.check(file, options.workbookLimits());
            refuseUnsafe(archive, options.workbookLimits());
            opened = open(file);
            Reader reader = Reader.of(opened);
            Workbook workbook = Workbook.read(reader.getWorkbookData());
            Workbook.Sheet chosen = workbook.choose(options.sheet());
            PackagePart sheetPart = reader.part(chosen.relationId());
            XlsxArchive.Part measured = archive.part(sheetPart.getPartName().getName().replaceFirst("^/", ""));
            this.sheetSize = measured == null ? -1 : measured.size();
            this.sheetName = chosen.name();
            this.date1904 = workbook.date1904();
            this.styles = reader.styles();
            shared = reader.sharedStrings();
            this.strings = shared;
            this.sheetBytes = new CountingInputStream(sheetPart.getInputStream());
            this.copy = file;
            this.pkg = opened;
            this.sheet = sheetReader(sheetBytes, chosen.name());
            toSheetData();
            readHeader();
        } catch (IOException | org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
            cleanUp(shared, opened, file);
            throw refused("bulk.xlsx.damaged", plain(e)); // the archive was read whole by the check: its parts are what is wrong
        } catch (XMLStreamException e) {
            cleanUp(shared, opened, file);
            throw refused("bulk.xlsx.damagedPart", "xl/workbook.xml", plain(e));
        } catch (RuntimeException e) {
            cleanUp(shared, opened, file);
            throw e;
        }
    }

    /** The upload in a temporary file of its own (owner-only: it holds contact data), gunzipped if it was gzip'd. */
    private static Path copied(InputStream raw) {
        Path file = null;
        try {
            file = Files.createTempFile("listguard-records-", ".xlsx");
            Files.copy(decompressed(raw), file, StandardCopyOption.REPLACE_EXISTING);
            return file;
        } catch (java.util.zip.ZipException | java.io.EOFException e) {
            cleanUp(null, null, file);
            throw new BulkFormatException(BulkFormatException.GZIP_DAMAGED);
        } catch (IOException e) {
            cleanUp(null, null, file);
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            cleanUp(null, null, file);
            throw e;
        }
    }

    /** The archive's refusals, then the parts a workbook of values never needs: macros and embedded objects. */
    private static void refuseUnsafe(XlsxArchive.Result archive, XlsxArchive.Limits limits) {
        if (archive.refused()) {
            throw switch (archive.refusal()) {
                case OLD_FORMAT -> refused("bulk.xlsx.oldFormat");
                case NOT_ZIP -> refused("bulk.xlsx.notZip");
                case TOO_MANY_ENTRIES -> refused("bulk.xlsx.tooManyEntries", String.valueOf(limits.maxEntries()));
                case TOO_LARGE -> refused("bulk.xlsx.tooLarge", megabytes(limits.maxUncompressedBytes()));
                case ZIP_BOMB -> refused("bulk.xlsx.zipBomb", printable(archive.entry()), String.valueOf(limits.maxInflateRatio()));
                case DAMAGED -> refused("bulk.xlsx.damaged", plain(archive.cause()));
                case EMPTY -> refused("bulk.xlsx.empty");
            };
        }
        for (XlsxArchive.Part part : archive.parts()) {
            XlsxArchive.Content content = XlsxArchive.forbidden(part.name());
            if (content == XlsxArchive.Content.MACRO || XlsxArchive.macroEnabled(part)) {
                throw refused("bulk.xlsx.macro", printable(part.name()));
            }
            if (content == XlsxArchive.Content.EMBEDDED_OBJECT) {
                throw refused("bulk.xlsx.embeddedObject", printable(part.name()));
            }
            // external links, data connections and pivot caches are not read: only the cells' own values are, and a
            // cell computed from elsewhere is a formula, refused at its row
        }
    }

    /** The package, read-only; a zip archive that is no Office document (an .ods, a plain zip) is refused as such. */
    private static OPCPackage open(Path file) {
        try {
            return OPCPackage.open(file.toFile(), PackageAccess.READ);
        } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException | RuntimeException e) {
            throw refused("bulk.xlsx.notWorkbook", plain(e));
        }
    }

    /** POI's reader of the package's parts, with the part behind a sheet's relationship. */
    private static final class Reader extends XSSFReader {

        private Reader(OPCPackage pkg) throws IOException, org.apache.poi.openxml4j.exceptions.OpenXML4JException {
            super(pkg, true);
        }

        /** The reader of a package that has a workbook part; any other package is refused as no workbook. */
        static Reader of(OPCPackage pkg) throws IOException {
            try {
                return new Reader(pkg);
            } catch (org.apache.poi.openxml4j.exceptions.OpenXML4JException | RuntimeException e) {
                throw refused("bulk.xlsx.notWorkbook", plain(e));
            }
        }

        PackagePart part(String relationId) {
            try {
                PackageRelationship relationship = workbookPart.getRelationship(relationId);
                PackagePart part = relationship == null ? null : workbookPart.getRelatedPart(relationship);
                if (part == null) {
                    throw refused("bulk.xlsx.damaged", "the sheet’s part is missing");
                }
                return part;
            } catch (org.apache.poi.openxml4j.exceptions.InvalidFormatException e) {
                throw refused("bulk.xlsx.damaged", plain(e));
            }
        }

        StylesTable styles() {
            try {
                return getStylesTable();
            } catch (IOException | org.apache.poi.openxml4j.exceptions.InvalidFormatException | RuntimeException e) {
                throw refused("bulk.xlsx.damagedPart", "xl/styles.xml", plain(e));
            }
        }

        XlsxSharedStrings sharedStrings() throws IOException {
            List<PackagePart> parts = pkg.getPartsByContentType(XSSFRelation.SHARED_STRINGS.getContentType());
            if (parts.isEmpty()) {
                return XlsxSharedStrings.NONE;
            }
            try (InputStream in = parts.get(0).getInputStream()) {
                return XlsxSharedStrings.read(in);
            }
        }
    }

    /** What {@code xl/workbook.xml} says: its sheets in tab order, and whether dates count from 1904 (old Mac Excel). */
    record Workbook(List<Sheet> sheets, boolean date1904) {

        record Sheet(String name, String relationId, boolean visible) {
        }

        static Workbook read(InputStream xml) throws XMLStreamException {
            List<Sheet> sheets = new ArrayList<>();
            boolean date1904 = false;
            XMLStreamReader r = xml().createXMLStreamReader(xml);
            try {
                while (r.hasNext()) {
                    if (r.next() != XMLStreamConstants.START_ELEMENT) {
                        continue;
                    }
                    if (r.getLocalName().equals("workbookPr")) {
                        String value = r.getAttributeValue(null, "date1904");
                        date1904 = "1".equals(value) || "true".equalsIgnoreCase(value);
                    } else if (r.getLocalName().equals("sheet")) {
                        String id = null;
                        for (int i = 0; i < r.getAttributeCount(); i++) {
                            if (r.getAttributeLocalName(i).equals("id") && r.getAttributeNamespace(i) != null && !r.getAttributeNamespace(i).isEmpty()) {
                                id = r.getAttributeValue(i);
                            }
                        }
                        String state = r.getAttributeValue(null, "state");
                        sheets.add(new Sheet(String.valueOf(r.getAttributeValue(null, "name")), id, state == null || state.equals("visible")));
                    }
                }
            } finally {
                r.close();
            }
            return new Workbook(List.copyOf(sheets), date1904);
        }

        /** The sheet of that name (as Excel matches names: ignoring case), else the first visible one. */
        Sheet choose(String name) {
            if (sheets.isEmpty()) {
                throw refused("bulk.xlsx.noSheet");
            }
            if (name == null) {
                return sheets.stream().filter(Sheet::visible).findFirst().orElse(sheets.get(0));
            }
            return sheets.stream().filter(s -> s.name().equalsIgnoreCase(name.trim())).findFirst()
                    .orElseThrow(() -> refused("bulk.xlsx.unknownSheet", printable(name),
                            sheets.stream().map(s -> "’" + printable(s.name()) + "’").collect(Collectors.joining(", "))));
        }
    }

    private static XMLStreamReader sheetReader(InputStream xml, String name) {
        try {
            return xml().createXMLStreamReader(xml);
        } catch (XMLStreamException e) {
            throw refused("bulk.xlsx.damagedSheet", printable(name), "1", plain(e));
        }
    }

    /** Moves to the sheet's rows. */
    private void toSheetData() {
        try {
            while (sheet.hasNext()) {
                if (sheet.next() == XMLStreamConstants.START_ELEMENT && sheet.getLocalName().equals("sheetData")) {
                    return;
                }
            }
            atEnd = true;
        } catch (XMLStreamException e) {
            throw refused("bulk.xlsx.damagedSheet", printable(sheetName), "1", plain(e));
        }
    }

    /** Skips the rows above the profile's header row and the blank ones, then hands the header's cells over. */
    private void readHeader() {
        int headerRow = headerRow();
        while (true) {
            if (!readRow(Integer.MAX_VALUE)) {
                throw refused("bulk.xlsx.noHeader", printable(sheetName), String.valueOf(headerRow));
            }
            if (rowNumber < headerRow || blank(false)) {
                continue;
            }
            if (issues != null) {
                CellIssue issue = issues.get(0);
                throw refused("bulk.xlsx.headerCell", issue.args()[0]);
            }
            int width = used;
            while (width > 0 && cells[width - 1].isBlank()) {
                width--;
            }
            header(new ArrayList<>(Arrays.asList(cells).subList(0, width)));
            cells = Arrays.copyOf(cells, width);
            kinds = new byte[width];
            return;
        }
    }

    @Override
    public ParsedLine next() {
        while (readRow(width())) {
            if (blank(true)) {
                continue;
            }
            lineNumber = rowNumber;
            int length = width() - 1;
            for (String cell : cells) {
                length += cell.length();
            }
            if (length > MAX_LINE) {
                return tooLong();
            }
            return row(rowNumber, Arrays.asList(cells), kinds, issues);
        }
        return null;
    }

    /** Whether the row holds nothing a column is read for: no text (spaces count as none) and no formula or error. */
    private boolean blank(boolean onlyRead) {
        for (int i = 0; i < used; i++) {
            if (!cells[i].isBlank() && (!onlyRead || reads(i))) {
                return false;
            }
        }
        if (issues != null) {
            for (CellIssue issue : issues) {
                if (!onlyRead || reads(issue.index())) {
                    return false;
                }
            }
        }
        return true;
    }

    /**
     * Reads the next {@code <row>} into {@link #cells} (the first {@code width} columns; a value further right is
     * one warning for the file): false at the end of the sheet.
     */
    private boolean readRow(int width) {
        if (atEnd) {
            return false;
        }
        try {
            while (true) {
                int event = sheet.next();
                if (event == XMLStreamConstants.START_ELEMENT && sheet.getLocalName().equals("row")) {
                    break;
                }
                if (event == XMLStreamConstants.END_ELEMENT && sheet.getLocalName().equals("sheetData") || event == XMLStreamConstants.END_DOCUMENT) {
                    atEnd = true;
                    return false;
                }
            }
            long number = rowAttribute(sheet.getAttributeValue(null, "r"));
            if (number > MAX_ROWS) {
                throw refused("bulk.xlsx.rowPastLimit", printable(sheetName), String.valueOf(number), String.valueOf(MAX_ROWS));
            }
            if (number <= rowNumber) {
                throw refused("bulk.xlsx.rowsOutOfOrder", printable(sheetName), String.valueOf(number), String.valueOf(rowNumber));
            }
            rowNumber = number;
            inRow = true;
            if (width == Integer.MAX_VALUE) {
                used = 0; // the header: as wide as its cells
            } else {
                used = width;
                Arrays.fill(cells, "");
                Arrays.fill(kinds, ProfileMapper.TEXT);
            }
            issues = null;
            int column = -1;
            while (true) {
                int event = sheet.next();
                if (event == XMLStreamConstants.END_ELEMENT && sheet.getLocalName().equals("row")) {
                    return true;
                }
                if (event == XMLStreamConstants.START_ELEMENT) {
                    if (sheet.getLocalName().equals("c")) {
                        column = cell(column, width);
                    } else {
                        skipElement();
                    }
                }
            }
        } catch (XMLStreamException e) {
            // within a row, that row; between rows, the next one
            throw refused("bulk.xlsx.damagedSheet", printable(sheetName), String.valueOf(inRow ? rowNumber : rowNumber + 1), plain(e));
        } catch (BulkFormatException e) {
            throw e;
        } catch (RuntimeException e) {
            // hostile XML that the parser lets through in a shape no spreadsheet has: the sheet is damaged, never an internal error
            throw refused("bulk.xlsx.damagedSheet", printable(sheetName), String.valueOf(inRow ? rowNumber : rowNumber + 1), plain(e));
        } finally {
            inRow = false;
        }
    }

    private long rowAttribute(String r) {
        if (r == null) {
            return rowNumber + 1;
        }
        try {
            long number = Long.parseLong(r.trim());
            if (number < 1) {
                throw refused("bulk.xlsx.damagedSheet", printable(sheetName), String.valueOf(rowNumber + 1), "row number " + printable(r));
            }
            return number;
        } catch (NumberFormatException e) {
            throw refused("bulk.xlsx.damagedSheet", printable(sheetName), String.valueOf(rowNumber + 1), "row number " + printable(r));
        }
    }

    /** Reads one {@code <c>} at the reader, places it, and returns its column (from 0). */
    private int cell(int previous, int width) throws XMLStreamException {
        String reference = null;
        String type = null;
        String style = null;
        for (int i = sheet.getAttributeCount() - 1; i >= 0; i--) { // one pass over the attributes: this runs for every cell
            switch (sheet.getAttributeLocalName(i)) {
                case "r" -> reference = sheet.getAttributeValue(i);
                case "t" -> type = sheet.getAttributeValue(i);
                case "s" -> style = sheet.getAttributeValue(i);
                default -> { }
            }
        }
        int column = reference == null ? previous + 1 : columnOf(reference);
        if (column >= MAX_COLUMNS) {
            throw refused("bulk.xlsx.damagedSheet", printable(sheetName), String.valueOf(rowNumber), "cell " + printable(String.valueOf(reference)));
        }
        boolean formula = false;
        String value = null;
        StringBuilder inline = null;
        while (true) {
            int event = sheet.next();
            if (event == XMLStreamConstants.END_ELEMENT && sheet.getLocalName().equals("c")) {
                break;
            }
            if (event != XMLStreamConstants.START_ELEMENT) {
                continue;
            }
            switch (sheet.getLocalName()) {
                case "f" -> {
                    formula = true;
                    skipElement();
                }
                case "v" -> {
                    StringBuilder v = new StringBuilder(16);
                    text(sheet, v, XlsxSharedStrings.MAX_KEPT);
                    value = v.toString();
                }
                case "is" -> {
                    inline = new StringBuilder(32);
                    richText(sheet, inline, XlsxSharedStrings.MAX_KEPT);
                }
                default -> skipElement();
            }
        }
        if (column >= width) {
            if ((formula || value != null && !value.isBlank() || inline != null && !inline.isEmpty()) && width != Integer.MAX_VALUE && !warnedRight) {
                warnedRight = true;
                ownWarnings.add(io.listguard.domain.CodedText.of("bulk.xlsx.rightOfHeader", printable(sheetName), CellReference.convertNumToColString(width - 1),
                        reference(column)));
            }
            return column;
        }
        if (width == Integer.MAX_VALUE) {
            grow(column + 1);
        }
        if (formula) {
            issue(column, "bulk.xlsx.formula", reference(column));
            return column;
        }
        if ("e".equals(type)) {
            issue(column, "bulk.xlsx.error", reference(column), printable(value == null ? "#?" : value));
            return column;
        }
        String text;
        byte kind = ProfileMapper.TEXT;
        if ("inlineStr".equals(type)) {
            text = inline == null ? "" : XlsxSharedStrings.decoded(inline);
        } else if (value == null) {
            text = "";
        } else if ("s".equals(type)) {
            text = shared(value, column);
        } else if ("b".equals(type)) {
            text = "1".equals(value.trim()) || "true".equalsIgnoreCase(value.trim()) ? "true" : "false";
            kind = ProfileMapper.BOOLEAN;
        } else if ("str".equals(type)) {
            text = XlsxSharedStrings.decoded(value);
        } else if ("d".equals(type)) {
            text = ISO_DAY.matcher(value.trim()).matches() ? value.trim().substring(0, 10) : value.trim();
            kind = ISO_DAY.matcher(value.trim()).matches() ? ProfileMapper.DATE : ProfileMapper.TEXT;
        } else {
            String day = isDateStyle(style) ? day(value) : null;
            if (day != null) {
                text = day;
                kind = ProfileMapper.DATE;
            } else {
                text = number(value);
            }
        }
        cells[column] = text;
        kinds[column] = kind;
        return column;
    }

    private void issue(int column, String code, String... args) {
        if (issues == null) {
            issues = new ArrayList<>(1);
        }
        issues.add(new CellIssue(column, code, args));
    }

    /** Makes room for a header cell at {@code size - 1}. */
    private void grow(int size) {
        if (cells.length < size) {
            int from = cells.length;
            cells = Arrays.copyOf(cells, Math.max(size, cells.length * 2));
            Arrays.fill(cells, from, cells.length, "");
            kinds = Arrays.copyOf(kinds, cells.length);
        }
        for (int i = used; i < size; i++) {
            cells[i] = "";
        }
        used = Math.max(used, size);
    }

    private String reference(int column) {
        return CellReference.convertNumToColString(column) + rowNumber;
    }

    /** The column of a cell reference such as {@code AB12} (from 0). */
    private int columnOf(String reference) {
        int column = 0;
        int i = 0;
        while (i < reference.length() && Character.isLetter(reference.charAt(i))) {
            char c = Character.toUpperCase(reference.charAt(i));
            if (c < 'A' || c > 'Z' || i >= 3) {
                break;
            }
            column = column * 26 + (c - 'A' + 1);
            i++;
        }
        if (i == 0 || i < reference.length() && !Character.isDigit(reference.charAt(i))) {
            throw refused("bulk.xlsx.damagedSheet", printable(sheetName), String.valueOf(rowNumber), "cell " + printable(reference));
        }
        return column - 1;
    }

    private String shared(String value, int column) {
        int index;
        try {
            index = Integer.parseInt(value.trim());
        } catch (NumberFormatException e) {
            index = -1;
        }
        String text = strings.get(index);
        if (text == null) {
            throw refused("bulk.xlsx.damagedSheet", printable(sheetName), String.valueOf(rowNumber),
                    "cell " + reference(column) + " refers to shared string " + printable(value) + " of " + strings.size());
        }
        return text;
    }

    /** A number as its plain digits, at most 15 significant ones, as Excel shows it in General format. */
    static String number(String value) {
        try {
            BigDecimal number = new BigDecimal(value.trim()).round(EXCEL_DIGITS).stripTrailingZeros();
            return number.signum() == 0 ? "0" : number.toPlainString();
        } catch (NumberFormatException e) {
            return value.trim(); // not a number: its text, never a guess
        }
    }

    /** The ISO day of a date cell's serial number; null for a time of day alone or a number no date has. */
    private String day(String value) {
        try {
            double serial = Double.parseDouble(value.trim());
            if (serial < 1 || !DateUtil.isValidExcelDate(serial)) {
                return null;
            }
            if (serial >= 61 && serial < 2_958_466) {
                // the common case without POI's calendar arithmetic: day 61 of the 1900 system is 1900-03-01, day 0 of
                // the 1904 system 1904-01-01 (Excel's day 60, 29 February 1900, never existed: left to POI below)
                return (date1904 ? EPOCH_1904 : EPOCH_1900).plusDays((long) Math.floor(serial)).toString();
            }
            LocalDateTime at = DateUtil.getLocalDateTime(serial, date1904);
            return at == null ? null : at.toLocalDate().toString();
        } catch (NumberFormatException e) {
            return null;
        }
    }

    /** Whether a cell style shows its number as a date (Excel's own date formats, or a custom one with d, m, y). */
    private boolean isDateStyle(String style) {
        if (style == null || styles == null) {
            return false;
        }
        int index;
        try {
            index = Integer.parseInt(style.trim());
        } catch (NumberFormatException e) {
            return false;
        }
        if (index < 0 || index >= 1 << 16) {
            return false;
        }
        if (index >= dateStyles.length) {
            dateStyles = Arrays.copyOf(dateStyles, Math.max(index + 1, dateStyles.length * 2));
        }
        if (dateStyles[index] == 0) {
            boolean date;
            try {
                XSSFCellStyle cellStyle = index < styles.getNumCellStyles() ? styles.getStyleAt(index) : null;
                date = cellStyle != null && DateUtil.isADateFormat(cellStyle.getDataFormat(), cellStyle.getDataFormatString());
            } catch (RuntimeException e) {
                date = false;
            }
            dateStyles[index] = (byte) (date ? 1 : 2);
        }
        return dateStyles[index] == 1;
    }

    /** The text of the element at the reader, to its end, at most {@code cap} characters kept. */
    static void text(XMLStreamReader r, StringBuilder into, int cap) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            } else if ((event == XMLStreamConstants.CHARACTERS || event == XMLStreamConstants.CDATA || event == XMLStreamConstants.SPACE)
                    && depth == 1 && into.length() < cap) {
                into.append(r.getTextCharacters(), r.getTextStart(), Math.min(r.getTextLength(), cap - into.length()));
            }
        }
    }

    /**
     * The text of a string item at the reader ({@code <si>} or {@code <is>}): its {@code <t>}, or the {@code <t>} of
     * each rich text run joined; phonetic runs ({@code <rPh>}) left out.
     */
    static void richText(XMLStreamReader r, StringBuilder into, int cap) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                String name = r.getLocalName();
                if (name.equals("t")) {
                    text(r, into, cap);
                } else if (name.equals("rPh")) {
                    skip(r);
                } else {
                    depth++;
                }
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    private void skipElement() throws XMLStreamException {
        skip(sheet);
    }

    /** Skips the element at the reader, to its end. */
    private static void skip(XMLStreamReader r) throws XMLStreamException {
        int depth = 1;
        while (depth > 0) {
            int event = r.next();
            if (event == XMLStreamConstants.START_ELEMENT) {
                depth++;
            } else if (event == XMLStreamConstants.END_ELEMENT) {
                depth--;
            }
        }
    }

    @Override
    protected ParsedLine parse(String text) {
        throw new UnsupportedOperationException("an .xlsx sheet is read by rows of cells, never by lines of text");
    }

    @Override
    public List<io.listguard.domain.CodedText> warningTexts() {
        if (ownWarnings.isEmpty()) {
            return super.warningTexts();
        }
        List<io.listguard.domain.CodedText> all = new ArrayList<>(super.warningTexts());
        all.addAll(ownWarnings);
        return all;
    }

    /** The share of the sheet's XML read so far (its size is known from the archive check). */
    @Override
    public double fractionRead() {
        return sheetSize <= 0 ? -1 : Math.min(1.0, sheetBytes.count() / (double) sheetSize);
    }

    /** The sheet being read. */
    String sheetName() {
        return sheetName;
    }

    @Override
    public void close() throws IOException {
        try {
            sheet.close();
            sheetBytes.close();
        } catch (XMLStreamException e) {
            // nothing held: the stream is closed next
        } finally {
            cleanUp(strings, pkg, copy);
        }
    }

    private static void cleanUp(XlsxSharedStrings strings, OPCPackage pkg, Path copy) {
        if (strings != null) {
            strings.close();
        }
        if (pkg != null) {
            pkg.revert(); // read-only: closes without writing anything
        }
        if (copy != null) {
            try {
                Files.deleteIfExists(copy);
            } catch (IOException e) {
                copy.toFile().deleteOnExit();
            }
        }
    }

    /** A refusal of the whole workbook by its message code (French and English texts). */
    static BulkFormatException refused(String code, Object... args) {
        return new BulkFormatException(code, args);
    }

    /** An exception's message without Java class names, for the person who uploaded the file. */
    static String plain(Throwable e) {
        String message = e == null ? null : e.getMessage();
        if ((message == null || message.isBlank()) && e != null && e.getCause() != null) {
            message = e.getCause().getMessage();
        }
        if (message == null || message.isBlank()) {
            return "unreadable content";
        }
        message = CLASS_PREFIX.matcher(message).replaceAll("").replaceAll("\\p{Cntrl}", " ").strip();
        return message.length() > 300 ? message.substring(0, 300) + "…" : message;
    }

    /** A name from the file as a message may show it: control characters replaced, not too long. */
    static String printable(String text) {
        String clean = text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "…" : clean;
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? String.format(Locale.ROOT, "%,d MB", bytes / (1024 * 1024)) : String.format(Locale.ROOT, "%,d bytes", bytes);
    }
}
