package io.listguard.policy;

import io.listguard.xlsx.XlsxArchive;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.CellValue;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.FormulaEvaluator;
import org.apache.poi.ss.usermodel.Name;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;

/**
 * Only values reach Drools. Drools' spreadsheet parser evaluates formulas, so a formula (or a defined name it
 * points to) can put text into a generated rule that no cell shows and the template lock never read; macros,
 * external links, data connections and embedded objects are ways to carry content or code that is not a cell's
 * value. A policy workbook needs none of them: each is refused, naming the file, the sheet and the cell (or the
 * part). Print areas and filters that Excel keeps as built-in names are allowed when they name cells and nothing else.
 * The compiler then compiles a workbook rebuilt from the checked values ({@link RebuiltWorkbook}), never the uploaded bytes.
 */
final class WorkbookSafety {

    private static final Pattern BUILT_IN_NAME = Pattern.compile("_xlnm\\.(Print_Area|Print_Titles|_FilterDatabase)", Pattern.CASE_INSENSITIVE);
    private static final Pattern PLAIN_REFERENCES = Pattern.compile(
            "(?:(?:'[^']+'|[\\p{L}\\p{N}_. ]+)!)?\\$?[A-Z]{0,3}\\$?\\d*(?::\\$?[A-Z]{0,3}\\$?\\d*)?"
                    + "(?:,(?:(?:'[^']+'|[\\p{L}\\p{N}_. ]+)!)?\\$?[A-Z]{0,3}\\$?\\d*(?::\\$?[A-Z]{0,3}\\$?\\d*)?)*");

    private WorkbookSafety() {
    }

    /** One part of the archive as read by the guard: its name, and its bytes when it is small XML worth reading. */
    record Part(String name, byte[] xml) {
    }

    /** Refusals at the level of the archive's parts: macros, links, connections, embedded objects, macro-enabled type. */
    static List<PolicyProblem> checkParts(String source, List<Part> parts) {
        List<PolicyProblem> problems = new ArrayList<>();
        for (Part part : parts) {
            XlsxArchive.Content forbidden = XlsxArchive.forbidden(part.name());
            if (forbidden != null) {
                problems.add(PolicyProblem.coded(source, null, null, null, "WORKBOOK_" + forbidden.name(), printable(part.name())));
            }
            XlsxArchive.Part read = new XlsxArchive.Part(part.name(), -1, part.xml());
            if (XlsxArchive.macroEnabled(read)) {
                problems.add(PolicyProblem.coded(source, null, null, null, "WORKBOOK_MACRO_ENABLED"));
            }
            for (int i = XlsxArchive.externalRelationships(read); i > 0; i--) {
                problems.add(PolicyProblem.coded(source, null, null, null, "WORKBOOK_EXTERNAL_LINK", printable(part.name())));
            }
        }
        return problems;
    }

    /** Refusals inside the open workbook: defined names, and any formula cell of any sheet. */
    static List<PolicyProblem> checkContent(String source, Workbook workbook) {
        List<PolicyProblem> problems = new ArrayList<>();
        for (Name name : workbook.getAllNames()) {
            String refersTo = safeFormula(name);
            boolean printSetting = BUILT_IN_NAME.matcher(name.getNameName()).matches() && refersTo != null
                    && PLAIN_REFERENCES.matcher(refersTo.replace(" ", "")).matches();
            if (!printSetting) {
                String sheet = name.getSheetIndex() >= 0 ? workbook.getSheetName(name.getSheetIndex()) : null;
                problems.add(PolicyProblem.coded(source, sheet, null, null, "WORKBOOK_DEFINED_NAME", printable(name.getNameName()),
                        printable(refersTo == null ? "" : refersTo)));
            }
        }
        DataFormatter formatter = new DataFormatter(Locale.ROOT);
        FormulaEvaluator evaluator = workbook.getCreationHelper().createFormulaEvaluator();
        for (Sheet sheet : workbook) {
            for (Row row : sheet) {
                for (Cell cell : row) {
                    if (cell.getCellType() == CellType.FORMULA) {
                        problems.add(formulaProblem(source, sheet, cell, formatter, evaluator));
                    }
                }
            }
        }
        return problems;
    }

    private static PolicyProblem formulaProblem(String source, Sheet sheet, Cell cell, DataFormatter formatter, FormulaEvaluator evaluator) {
        String address = new CellReference(cell).formatAsString(false);
        String formula = printable(safeFormula(cell));
        String shown = printable(cachedText(cell));
        String computed = computedText(cell, evaluator, formatter);
        if (computed != null && !computed.equals(shown)) {
            return PolicyProblem.coded(source, sheet.getSheetName(), address, "=" + formula, "WORKBOOK_FORMULA_STALE", address, formula, shown,
                    printable(computed));
        }
        return PolicyProblem.coded(source, sheet.getSheetName(), address, "=" + formula, "WORKBOOK_FORMULA", address, formula, shown);
    }

    /** What the cell shows without evaluating anything: the value Excel cached when it last computed the formula. */
    private static String cachedText(Cell cell) {
        try {
            return switch (cell.getCachedFormulaResultType()) {
                case STRING -> cell.getStringCellValue();
                case NUMERIC -> new DataFormatter(Locale.ROOT).formatRawCellContents(cell.getNumericCellValue(), -1, "General");
                case BOOLEAN -> String.valueOf(cell.getBooleanCellValue()).toUpperCase(Locale.ROOT);
                default -> "";
            };
        } catch (RuntimeException e) {
            return "";
        }
    }

    /** What the formula computes now (POI's evaluator: no code, no network), or null when it cannot be computed. */
    private static String computedText(Cell cell, FormulaEvaluator evaluator, DataFormatter formatter) {
        try {
            CellValue value = evaluator.evaluate(cell);
            if (value == null) {
                return null;
            }
            return switch (value.getCellType()) {
                case STRING -> value.getStringValue();
                case NUMERIC -> formatter.formatRawCellContents(value.getNumberValue(), -1, "General");
                case BOOLEAN -> String.valueOf(value.getBooleanValue()).toUpperCase(Locale.ROOT);
                default -> null;
            };
        } catch (RuntimeException e) {
            return null;
        }
    }

    private static String safeFormula(Cell cell) {
        try {
            return cell.getCellFormula();
        } catch (RuntimeException e) {
            return "?";
        }
    }

    private static String safeFormula(Name name) {
        try {
            return name.getRefersToFormula();
        } catch (RuntimeException e) {
            return null;
        }
    }

    /** Text as it may be shown in a message: control characters replaced, and not too long. */
    static String printable(String text) {
        String clean = text == null ? "" : text.replaceAll("\\p{Cntrl}", "?");
        return clean.length() > 120 ? clean.substring(0, 120) + "…" : clean;
    }
}
