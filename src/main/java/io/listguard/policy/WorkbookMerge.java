package io.listguard.policy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellStyle;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * The three-way merge of a workbook, cell by cell: {@code base} is the version the person downloaded,
 * {@code active} what is active now, {@code upload} what they send back. A cell the upload left as it was in the
 * base keeps the active text (a colleague's change since is kept); a cell only the upload changed takes the
 * upload's value; a cell both changed to different texts is a {@link Conflict}. The merged workbook is the active
 * workbook with the upload's changed cells written into it, so it stays a genuine .xlsx with the active version's
 * styles and layout. Cells compare by their text as Excel shows it (a blank cell and a missing cell are the same).
 * Plain Java over Apache POI.
 */
public final class WorkbookMerge {

    private static final DataFormatter FORMATTER = new DataFormatter();

    /** A whole sheet's state in a conflict, worded in the reader's language ({@link Conflict#in}). */
    private static final String SHEET = PolicyProblem.inline("policy.merge.sheet");
    private static final String SHEET_CHANGED = PolicyProblem.inline("policy.merge.sheetChanged");
    private static final String SHEET_REMOVED = PolicyProblem.inline("policy.merge.sheetRemoved");

    private WorkbookMerge() {
    }

    /**
     * A cell, or a whole file ({@code sheet} and {@code cell} null), that cannot be merged: its text in the base,
     * in the active version and in the upload ("" for a blank cell; a file's digest for a whole file).
     */
    public record Conflict(String file, String sheet, String cell, String base, String active, String upload) {

        /** "policies/x.xlsx, sheet S, cell B14" or the file alone. */
        public String location() {
            return location(io.listguard.domain.Messages.ENGLISH);
        }

        /** "policies/x.xlsx, feuille S, cellule B14" in French, or the file alone. */
        public String location(java.util.Locale locale) {
            return sheet == null ? file : io.listguard.domain.Messages.text(locale, "policy.merge.location", file, sheet, cell);
        }

        /**
         * The same conflict with its texts in a language: a whole sheet's or file's state ("feuille modifiée",
         * "(absent)", "sha256:… (1 234 octets)") is stored as {@link PolicyProblem#inline} pieces; cell texts are
         * the cells' own.
         */
        public Conflict in(java.util.Locale locale) {
            return new Conflict(file, sheet, cell, PolicyProblem.resolved(locale, base), PolicyProblem.resolved(locale, active),
                    PolicyProblem.resolved(locale, upload));
        }
    }

    /** The merged workbook (null when there are conflicts), the conflicts, and the cells taken from the upload. */
    public record Result(byte[] content, List<Conflict> conflicts, List<String> appliedCells) {

        public boolean merged() {
            return conflicts.isEmpty();
        }
    }

    /** The text of every non-blank cell, by sheet (in workbook order) and A1 address (in row, column order). */
    public static Map<String, Map<String, String>> cells(byte[] workbook) {
        try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            return cells(wb);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static Map<String, Map<String, String>> cells(Workbook wb) {
        return cells(wb, true);
    }

    /** @param frenchNames key sheets by their French name (merge, comparison) rather than as stored (digest) */
    private static Map<String, Map<String, String>> cells(Workbook wb, boolean frenchNames) {
        Map<String, Map<String, String>> sheets = new LinkedHashMap<>();
        for (Sheet sheet : wb) {
            Map<String, String> cells = new TreeMap<>(BY_POSITION);
            for (Row row : sheet) {
                for (Cell cell : row) {
                    String text = text(cell);
                    if (!text.isEmpty()) {
                        cells.put(new CellReference(cell).formatAsString(false), text);
                    }
                }
            }
            sheets.put(frenchNames ? SheetNames.canonical(sheet.getSheetName()) : sheet.getSheetName(), cells);
        }
        return sheets;
    }

    private static final Comparator<String> BY_POSITION = Comparator.comparingInt((String a) -> new CellReference(a).getRow())
            .thenComparingInt(a -> new CellReference(a).getCol());

    /** True when both workbooks have the same sheets holding the same texts (styles, properties and bytes aside). */
    public static boolean sameContent(byte[] a, byte[] b) {
        return cells(a).equals(cells(b));
    }

    /** A digest of the sheets and cell texts: equal for two workbooks of the same content, whatever their bytes. */
    public static String contentDigest(byte[] workbook) {
        try {
            MessageDigest sha = MessageDigest.getInstance("SHA-256");
            Map<String, Map<String, String>> stored;
            try (Workbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
                stored = cells(wb, false); // as stored: a digest recorded before issue 16 stays the same
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
            for (var sheet : stored.entrySet()) {
                update(sha, "sheet");
                update(sha, sheet.getKey());
                for (var cell : sheet.getValue().entrySet()) {
                    update(sha, cell.getKey());
                    update(sha, cell.getValue());
                }
            }
            return HexFormat.of().formatHex(sha.digest());
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private static void update(MessageDigest sha, String text) {
        sha.update(text.getBytes(StandardCharsets.UTF_8));
        sha.update((byte) 0);
    }

    /** Merges {@code upload} (edited from {@code base}) into {@code active}. {@code file} names the workbook in conflicts. */
    public static Result merge(String file, byte[] base, byte[] active, byte[] upload) {
        Map<String, Map<String, String>> b = cells(base);
        Map<String, Map<String, String>> u = cells(upload);
        try (XSSFWorkbook target = new XSSFWorkbook(new ByteArrayInputStream(active));
             XSSFWorkbook source = new XSSFWorkbook(new ByteArrayInputStream(upload))) {
            Map<String, Map<String, String>> a = cells(target);
            List<Conflict> conflicts = new ArrayList<>();
            List<String> applied = new ArrayList<>();
            // cells to write: sheet -> addresses whose upload text replaces the active text
            Map<String, List<String>> writes = new LinkedHashMap<>();
            Set<String> sheets = new LinkedHashSet<>(a.keySet());
            sheets.addAll(u.keySet());
            sheets.addAll(b.keySet());
            List<String> addedSheets = new ArrayList<>();
            for (String sheet : sheets) {
                Map<String, String> bs = b.get(sheet);
                Map<String, String> as = a.get(sheet);
                Map<String, String> us = u.get(sheet);
                if (us == null && bs != null) {
                    // the upload removed a sheet: only possible when nobody changed it since the base
                    if (as != null && !as.equals(bs)) {
                        conflicts.add(new Conflict(file, sheet, null, SHEET, SHEET_CHANGED, SHEET_REMOVED));
                    } else if (as != null) {
                        target.removeSheetAt(target.getSheetIndex(sheet));
                    }
                    continue;
                }
                if (us == null) {
                    continue; // a sheet added since the base: kept
                }
                if (as == null && bs == null) {
                    addedSheets.add(sheet); // a sheet only the upload has: created below
                } else if (as == null) {
                    if (!us.equals(bs)) {
                        conflicts.add(new Conflict(file, sheet, null, SHEET, SHEET_REMOVED, SHEET_CHANGED));
                    }
                    continue;
                }
                Map<String, String> base0 = bs == null ? Map.of() : bs;
                Map<String, String> active0 = as == null ? Map.of() : as;
                Set<String> addresses = new java.util.TreeSet<>(BY_POSITION);
                addresses.addAll(base0.keySet());
                addresses.addAll(active0.keySet());
                addresses.addAll(us.keySet());
                for (String address : addresses) {
                    String bt = base0.getOrDefault(address, "");
                    String at = active0.getOrDefault(address, "");
                    String ut = us.getOrDefault(address, "");
                    if (ut.equals(bt) || ut.equals(at)) {
                        continue; // unchanged by the upload, or changed alike on both sides
                    }
                    if (at.equals(bt)) {
                        writes.computeIfAbsent(sheet, s -> new ArrayList<>()).add(address);
                        applied.add(sheet + "!" + address);
                    } else {
                        conflicts.add(new Conflict(file, sheet, address, bt, at, ut));
                    }
                }
            }
            if (!conflicts.isEmpty()) {
                return new Result(null, List.copyOf(conflicts), List.copyOf(applied));
            }
            if (writes.isEmpty() && addedSheets.isEmpty() && target.getNumberOfSheets() == a.size()) {
                return new Result(active.clone(), List.of(), List.of());
            }
            for (String sheet : addedSheets) {
                target.createSheet(sheet);
            }
            for (var entry : writes.entrySet()) {
                Sheet to = SheetNames.find(target, entry.getKey());
                Sheet from = SheetNames.find(source, entry.getKey());
                for (String address : entry.getValue()) {
                    copy(from, to, new CellReference(address), target);
                }
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(active.length + 4096);
            target.write(out);
            return new Result(out.toByteArray(), List.of(), List.copyOf(applied));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * What activating {@code candidate} (built on {@code base}) would undo of the changes made to {@code active}
     * since: every cell the active version changed since the base where the candidate holds another text.
     * ({@code upload} of each conflict is the candidate's text.)
     */
    public static List<Conflict> undone(String file, byte[] base, byte[] active, byte[] candidate) {
        Map<String, Map<String, String>> b = cells(base);
        Map<String, Map<String, String>> a = cells(active);
        Map<String, Map<String, String>> c = cells(candidate);
        List<Conflict> undone = new ArrayList<>();
        Set<String> sheets = new LinkedHashSet<>(a.keySet());
        sheets.addAll(b.keySet());
        for (String sheet : sheets) {
            Map<String, String> bs = b.getOrDefault(sheet, Map.of());
            Map<String, String> as = a.getOrDefault(sheet, Map.of());
            Map<String, String> cs = c.getOrDefault(sheet, Map.of());
            Set<String> addresses = new java.util.TreeSet<>(BY_POSITION);
            addresses.addAll(bs.keySet());
            addresses.addAll(as.keySet());
            for (String address : addresses) {
                String bt = bs.getOrDefault(address, "");
                String at = as.getOrDefault(address, "");
                String ct = cs.getOrDefault(address, "");
                if (!at.equals(bt) && !ct.equals(at)) {
                    undone.add(new Conflict(file, sheet, address, bt, at, ct));
                }
            }
        }
        return List.copyOf(undone);
    }

    /** Writes the source cell's value (and its number format, when the target shows it otherwise) into the target. */
    private static void copy(Sheet from, Sheet to, CellReference ref, Workbook target) {
        Row fromRow = from.getRow(ref.getRow());
        Cell src = fromRow == null ? null : fromRow.getCell(ref.getCol());
        Row toRow = to.getRow(ref.getRow()) == null ? to.createRow(ref.getRow()) : to.getRow(ref.getRow());
        Cell dst = toRow.getCell(ref.getCol()) == null ? toRow.createCell(ref.getCol()) : toRow.getCell(ref.getCol());
        if (src == null || text(src).isEmpty()) {
            dst.setBlank();
            return;
        }
        CellType type = src.getCellType();
        switch (type) {
            case NUMERIC -> dst.setCellValue(src.getNumericCellValue());
            case BOOLEAN -> dst.setCellValue(src.getBooleanCellValue());
            case FORMULA -> dst.setCellFormula(src.getCellFormula());
            default -> dst.setCellValue(src.getStringCellValue());
        }
        if (!text(dst).equals(text(src))) {
            // the number shows differently in the target's style (a date, a percentage): take the upload's format
            CellStyle style = target.createCellStyle();
            style.cloneStyleFrom(dst.getCellStyle());
            style.setDataFormat(target.createDataFormat().getFormat(src.getCellStyle().getDataFormatString()));
            dst.setCellStyle(style);
        }
    }

    private static String text(Cell cell) {
        return Objects.requireNonNullElse(FORMATTER.formatCellValue(cell), "").trim();
    }
}
