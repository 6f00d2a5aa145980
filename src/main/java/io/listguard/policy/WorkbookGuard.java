package io.listguard.policy;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.commons.compress.archivers.zip.ZipArchiveEntry;
import org.apache.commons.compress.archivers.zip.ZipArchiveInputStream;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Checks an uploaded workbook before Apache POI (or Drools, which reads it with POI) parses it for real. An
 * {@code .xlsx} file is a zip archive of XML parts: the archive is read entry by entry, as POI reads it, counting
 * what each entry actually expands to (the sizes the archive declares can lie), and refused when it expands to
 * too much in total, when one entry expands far more than any spreadsheet does (a zip bomb), or when it holds too
 * many entries. Only then is it opened, and a sheet with too many rows, columns or merged regions is refused, since
 * reading its tables would take too long. Each refusal is a {@link PolicyProblem} naming the file, in plain words.
 */
public final class WorkbookGuard {

    /**
     * @param maxUncompressedBytes the total size of the entries once expanded
     * @param maxInflateRatio      uncompressed / compressed size above which an entry is a zip bomb...
     * @param inflateRatioFrom     ...once it has expanded past this many bytes
     * @param maxEntries           entries (parts) in the archive
     * @param maxRows              rows of a sheet, up to its last used row
     * @param maxColumns           columns of a sheet, up to its last used column
     * @param maxMergedRegions     merged regions of a sheet
     */
    public record Limits(long maxUncompressedBytes, int maxInflateRatio, long inflateRatioFrom, int maxEntries, int maxRows,
                         int maxColumns, int maxMergedRegions) {

        public static final Limits DEFAULTS = new Limits(50L * 1024 * 1024, 100, 1024 * 1024, 1_000, 10_000, 200, 1_000);
    }

    private static final byte[] OLE2 = {(byte) 0xD0, (byte) 0xCF, 0x11, (byte) 0xE0};
    private static final Pattern CLASS_PREFIX = Pattern.compile("\\b(?:[a-z_][a-z0-9_]*\\.)+[A-Z][A-Za-z0-9_$]*(?:Exception|Error)\\b:?\\s*");

    private final Limits limits;

    public WorkbookGuard() {
        this(Limits.DEFAULTS);
    }

    public WorkbookGuard(Limits limits) {
        this.limits = limits;
    }

    public Limits limits() {
        return limits;
    }

    /**
     * A workbook read after its checks: its decision tables and the workbook rebuilt from their values alone (what
     * the compiler compiles), or the problems that refuse it (then neither).
     */
    public record Guarded(List<DecisionTable> tables, List<PolicyProblem> problems, byte[] rebuilt) {

        static Guarded refusedFor(List<PolicyProblem> problems) {
            return new Guarded(List.of(), problems, null);
        }

        public boolean refused() {
            return !problems.isEmpty();
        }
    }

    /** The reasons to refuse the workbook without reading it further; empty when it may be read. */
    public List<PolicyProblem> check(PolicySource source) {
        return read(source).problems();
    }

    /**
     * Checks the archive and its parts ({@link WorkbookSafety}: no macro, link, connection or embedded object), then
     * opens the workbook once: measures its sheets, refuses defined names and formulas, and, when all pass, reads
     * its decision tables from the same open workbook and rebuilds a workbook from their values.
     */
    public Guarded read(PolicySource source) {
        List<WorkbookSafety.Part> parts = new ArrayList<>();
        String refusal = checkArchive(source.bytes(), parts);
        if (refusal != null) {
            return Guarded.refusedFor(List.of(PolicyProblem.inFile(source.name(), null, refusal)));
        }
        List<PolicyProblem> unsafeParts = WorkbookSafety.checkParts(source.name(), parts);
        if (!unsafeParts.isEmpty()) {
            return Guarded.refusedFor(unsafeParts); // never opened: a macro or a link is not even parsed
        }
        try (Workbook workbook = new XSSFWorkbook(new ByteArrayInputStream(source.bytes()))) {
            List<PolicyProblem> problems = checkSheets(source.name(), workbook);
            if (problems.isEmpty()) {
                problems = WorkbookSafety.checkContent(source.name(), workbook);
            }
            if (!problems.isEmpty()) {
                return Guarded.refusedFor(problems);
            }
            List<DecisionTable> tables = DecisionTableReader.read(source.name(), workbook);
            return new Guarded(tables, List.of(), RebuiltWorkbook.of(workbook, tables));
        } catch (IOException | RuntimeException e) {
            return Guarded.refusedFor(List.of(PolicyProblem.inFile(source.name(), null,
                    "this file cannot be opened as an Excel workbook (.xlsx): " + plain(e))));
        }
    }

    /** Small XML parts read whole, to look for a macro-enabled content type and external relationships. */
    private static final long SMALL_XML = 1024 * 1024;

    /**
     * Reads every entry as POI would, counting real (not declared) sizes, and lists the parts (with the bytes of
     * the content types and relationship parts); null when the archive is acceptable.
     */
    private String checkArchive(byte[] bytes, List<WorkbookSafety.Part> parts) {
        if (startsWith(bytes, OLE2)) {
            return "this file is not an .xlsx workbook: it is an old-format (.xls) or password-protected Excel file; "
                    + "save it as 'Excel Workbook (.xlsx)' without a password and upload it again";
        }
        if (bytes.length < 4 || bytes[0] != 'P' || bytes[1] != 'K') {
            return "this file cannot be opened as an Excel workbook (.xlsx): it is not a zip archive, as every .xlsx file is";
        }
        long total = 0;
        int entries = 0;
        byte[] buffer = new byte[64 * 1024];
        try (ZipArchiveInputStream zip = new ZipArchiveInputStream(new ByteArrayInputStream(bytes), StandardCharsets.UTF_8.name(), false, true)) {
            ZipArchiveEntry entry;
            while ((entry = zip.getNextEntry()) != null) {
                entries++;
                if (entries > limits.maxEntries()) {
                    return "this workbook holds more than " + limits.maxEntries() + " parts (zip entries); a policy workbook has a few dozen. "
                            + "It is refused without being read";
                }
                if (entry.isDirectory()) {
                    continue;
                }
                String lower = entry.getName().toLowerCase(Locale.ROOT);
                boolean keep = lower.endsWith(".rels") || lower.equals("[content_types].xml");
                java.io.ByteArrayOutputStream kept = keep ? new java.io.ByteArrayOutputStream() : null;
                long entrySize = 0;
                int n;
                while ((n = zip.read(buffer, 0, buffer.length)) > 0) {
                    if (kept != null && kept.size() < SMALL_XML) {
                        kept.write(buffer, 0, n);
                    }
                    entrySize += n;
                    total += n;
                    if (total > limits.maxUncompressedBytes()) {
                        return "this workbook expands to more than " + megabytes(limits.maxUncompressedBytes())
                                + " once unzipped; a policy workbook is far smaller. It is refused without being read";
                    }
                    if (entrySize > limits.inflateRatioFrom()
                            && entrySize > (long) limits.maxInflateRatio() * Math.max(1, zip.getCompressedCount())) {
                        return "the part '" + printable(entry.getName()) + "' of this workbook expands more than " + limits.maxInflateRatio()
                                + " times its compressed size, as a zip bomb does; no spreadsheet does that. It is refused without being read";
                    }
                }
                parts.add(new WorkbookSafety.Part(entry.getName(), kept == null ? null : kept.toByteArray()));
            }
        } catch (IOException | RuntimeException e) {
            return "this file cannot be opened as an Excel workbook (.xlsx): its zip archive is damaged (" + plain(e) + ")";
        }
        if (entries == 0) {
            return "this file cannot be opened as an Excel workbook (.xlsx): its zip archive holds no entry";
        }
        return null;
    }

    /** Measures each sheet of the open workbook. */
    private List<PolicyProblem> checkSheets(String source, Workbook workbook) {
        List<PolicyProblem> problems = new ArrayList<>();
        for (Sheet sheet : workbook) {
            String name = sheet.getSheetName();
            int rows = sheet.getLastRowNum() + 1;
            if (rows > limits.maxRows()) {
                problems.add(new PolicyProblem(source, name, null, null, "the sheet reaches row " + rows
                        + "; a policy sheet may use at most " + limits.maxRows() + " rows. Delete the rows below the table (select them, Delete rows)"));
            }
            int columns = 0;
            for (Row row : sheet) {
                columns = Math.max(columns, row.getLastCellNum());
            }
            if (columns > limits.maxColumns()) {
                problems.add(new PolicyProblem(source, name, null, null, "the sheet reaches column "
                        + CellReference.convertNumToColString(columns - 1) + " (" + columns + " columns); a policy sheet may use at most "
                        + limits.maxColumns() + ". Delete the columns right of the table"));
            }
            if (sheet.getNumMergedRegions() > limits.maxMergedRegions()) {
                problems.add(new PolicyProblem(source, name, null, null, "the sheet has " + sheet.getNumMergedRegions()
                        + " merged cell regions; a policy sheet may have at most " + limits.maxMergedRegions() + ". Unmerge the cells below the header"));
            }
        }
        return problems;
    }

    /** An exception's message without Java class names, for the person who uploaded the file. */
    static String plain(Throwable e) {
        String message = e.getMessage();
        if (message == null || message.isBlank()) {
            message = e.getCause() != null && e.getCause().getMessage() != null ? e.getCause().getMessage() : "unreadable content";
        }
        message = CLASS_PREFIX.matcher(message).replaceAll("").strip();
        if (message.length() > 300) {
            message = message.substring(0, 300) + "...";
        }
        return message.isEmpty() ? "unreadable content" : message;
    }

    private static boolean startsWith(byte[] bytes, byte[] prefix) {
        if (bytes.length < prefix.length) {
            return false;
        }
        for (int i = 0; i < prefix.length; i++) {
            if (bytes[i] != prefix[i]) {
                return false;
            }
        }
        return true;
    }

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : String.format(Locale.ROOT, "%,d bytes", bytes);
    }

    /** An entry name as it may be shown: printable characters only, and not too long. */
    private static String printable(String name) {
        String clean = name == null ? "" : name.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}
