package io.listguard.policy;

import io.listguard.xlsx.XlsxArchive;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
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
 * many entries (the archive check shared with records workbooks, {@link XlsxArchive}). Only then is it opened, and a sheet with too many rows, columns or merged regions is refused, since
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
        PolicyProblem refusal = checkArchive(source.name(), source.bytes(), parts);
        if (refusal != null) {
            return Guarded.refusedFor(List.of(refusal));
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
            // values as Drools reads them (21/12/2022 -> 2022-12-21, OUI -> YES...): checked, then compiled from the rebuilt workbook
            List<DecisionTable> tables = DecisionTable.normalised(DecisionTableReader.read(source.name(), workbook));
            return new Guarded(tables, List.of(), RebuiltWorkbook.of(workbook, tables));
        } catch (IOException | RuntimeException e) {
            return Guarded.refusedFor(List.of(PolicyProblem.coded(source.name(), null, null, null, "policy.workbook.unreadable", plain(e))));
        }
    }

    /**
     * Reads every entry as POI would, counting real (not declared) sizes ({@link XlsxArchive}), and lists the parts
     * (with the bytes of the content types and relationship parts); null when the archive is acceptable.
     */
    private PolicyProblem checkArchive(String source, byte[] bytes, List<WorkbookSafety.Part> parts) {
        XlsxArchive.Result archive = XlsxArchive.check(bytes, new XlsxArchive.Limits(limits.maxUncompressedBytes(), limits.maxInflateRatio(),
                limits.inflateRatioFrom(), limits.maxEntries()));
        if (!archive.refused()) {
            archive.parts().forEach(p -> parts.add(new WorkbookSafety.Part(p.name(), p.xml())));
            return null;
        }
        return switch (archive.refusal()) {
            case OLD_FORMAT -> PolicyProblem.coded(source, null, null, null, "policy.workbook.oldFormat");
            case NOT_ZIP -> PolicyProblem.coded(source, null, null, null, "policy.workbook.notZip");
            case TOO_MANY_ENTRIES -> PolicyProblem.coded(source, null, null, null, "policy.workbook.tooManyEntries", limits.maxEntries());
            case TOO_LARGE -> PolicyProblem.coded(source, null, null, null, "policy.workbook.tooLarge", megabytes(limits.maxUncompressedBytes()));
            case ZIP_BOMB -> PolicyProblem.coded(source, null, null, null, "policy.workbook.zipBomb", printable(archive.entry()), limits.maxInflateRatio());
            case DAMAGED -> PolicyProblem.coded(source, null, null, null, "policy.workbook.damaged", plain(archive.cause()));
            case EMPTY -> PolicyProblem.coded(source, null, null, null, "policy.workbook.empty");
        };
    }

    /** Measures each sheet of the open workbook. */
    private List<PolicyProblem> checkSheets(String source, Workbook workbook) {
        List<PolicyProblem> problems = new ArrayList<>();
        for (Sheet sheet : workbook) {
            String name = sheet.getSheetName();
            int rows = sheet.getLastRowNum() + 1;
            if (rows > limits.maxRows()) {
                problems.add(PolicyProblem.coded(source, name, null, null, "policy.workbook.rows", rows, limits.maxRows()));
            }
            int columns = 0;
            for (Row row : sheet) {
                columns = Math.max(columns, row.getLastCellNum());
            }
            if (columns > limits.maxColumns()) {
                problems.add(PolicyProblem.coded(source, name, null, null, "policy.workbook.columns",
                        CellReference.convertNumToColString(columns - 1), columns, limits.maxColumns()));
            }
            if (sheet.getNumMergedRegions() > limits.maxMergedRegions()) {
                problems.add(PolicyProblem.coded(source, name, null, null, "policy.workbook.merged", sheet.getNumMergedRegions(),
                        limits.maxMergedRegions()));
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

    private static String megabytes(long bytes) {
        return bytes % (1024 * 1024) == 0 ? bytes / (1024 * 1024) + " MB" : String.format(Locale.ROOT, "%,d bytes", bytes);
    }

    /** An entry name as it may be shown: printable characters only, and not too long. */
    private static String printable(String name) {
        String clean = name == null ? "" : name.replaceAll("[^\\x20-\\x7E]", "?");
        return clean.length() > 100 ? clean.substring(0, 100) + "..." : clean;
    }
}
