package io.listguard.policy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.DataFormatter;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;

/**
 * Rewrites policy files written against the rule contract before {@code io.listguard.rules} (facts in
 * {@code io.listguard.evaluation.facts}, {@code Evidence} in {@code io.listguard.evaluation}, the global
 * {@code out} typed {@code io.listguard.evaluation.internal.RuleOutcomes}, actions taking {@code kcontext} first)
 * into the published contract. The one place of that rewrite: the database migration
 * {@code db.migration.V8__rule_contract} applies it to every stored version, and an upload of a workbook or DRL
 * file of the old contract goes through it before its checks ({@code PolicyLifecycle}), with a notice.
 * <p>
 * Only the text of the old names changes: a workbook's other cells, styles, comments and properties are kept
 * (POI rewrites the archive, so its bytes and hash change); a DRL file's other lines are kept byte for byte.
 */
public final class ContractMigration {

    /** The message code of the notice given for a rewritten upload (French and English texts). */
    public static final String NOTICE = "policy.contract.rewritten";
    /** The message code of a header cell of the old contract found where no upload rewrites it (a policy directory). */
    public static final String LEGACY = "policy.contract.legacy";
    /** The message code of a release's DRL file in the old contract found in a policy directory. */
    public static final String LEGACY_DRL = "policy.contract.legacyDrl";

    private static final Pattern FACTS = Pattern.compile("\\bio\\.listguard\\.evaluation\\.facts\\.");
    private static final Pattern EVIDENCE = Pattern.compile("\\bio\\.listguard\\.evaluation\\.Evidence\\b");
    private static final Pattern OUTCOMES = Pattern.compile("\\bio\\.listguard\\.evaluation\\.internal\\.RuleOutcomes\\b");
    /** {@code out.exclude(kcontext, $p, ...)} → {@code out.exclude($p, ...)}; {@code out.x(kcontext)} → {@code out.x()}. */
    private static final Pattern ACTION = Pattern.compile("\\bout(\\s*\\.\\s*\\w+\\s*\\()\\s*kcontext\\b\\s*(?:,\\s*)?");

    private static final Pattern WILDCARD_IMPORT = Pattern.compile("(?m)^\\s*import\\s+io\\.listguard\\.rules\\.\\*\\s*;");
    private static final Pattern SINGLE_IMPORT = Pattern.compile("(?m)^[ \\t]*import[ \\t]+io\\.listguard\\.rules\\.[A-Z]\\w*[ \\t]*;[ \\t]*\\r?\\n");

    private ContractMigration() {
    }

    /** Whether a text (a cell, a DRL file) names the old contract. */
    public static boolean isLegacy(String text) {
        return text != null && (FACTS.matcher(text).find() || EVIDENCE.matcher(text).find() || OUTCOMES.matcher(text).find()
                || ACTION.matcher(text).find());
    }

    /** A text in the published contract; the same text when it names nothing of the old one. */
    public static String rewrite(String text) {
        if (text == null || !isLegacy(text)) {
            return text;
        }
        String s = FACTS.matcher(text).replaceAll("io.listguard.rules.");
        s = EVIDENCE.matcher(s).replaceAll("io.listguard.rules.Evidence");
        s = OUTCOMES.matcher(s).replaceAll("io.listguard.rules.Outcomes");
        Matcher m = ACTION.matcher(s);
        return m.replaceAll(r -> "out" + Matcher.quoteReplacement(r.group(1)));
    }

    /** A file of a policy set in the published contract: itself when nothing changes (scenarios never change). */
    public static PolicySource migrate(PolicySource source) {
        byte[] bytes = switch (source.kind()) {
            case DRL -> migrateDrl(source.bytes());
            case DECISION_TABLE -> migrateWorkbook(source.bytes());
            case SCENARIO -> null;
        };
        return bytes == null ? source : new PolicySource(source.name(), bytes);
    }

    /**
     * A stored file's content in the published contract, by its name in the policy set ({@code rules/x.drl},
     * {@code policies/x.xlsx}), or null when it needs no change: for the database migration.
     */
    public static byte[] migrate(String name, byte[] content) {
        PolicySource source = new PolicySource(name, content);
        PolicySource migrated = migrate(source);
        return migrated == source ? null : migrated.bytes();
    }

    /**
     * An uploaded file in the published contract. A workbook that its archive checks refuse ({@link WorkbookGuard})
     * is never opened here: it is handed on unchanged and refused by the validation with its problems.
     */
    public static PolicySource migrateUpload(PolicySource source) {
        if (source.kind() == PolicySource.Kind.DECISION_TABLE && !new WorkbookGuard().check(source).isEmpty()) {
            return source;
        }
        try {
            return migrate(source);
        } catch (RuntimeException e) {
            return source; // not a readable workbook: the validation says why
        }
    }

    /** The names of the files {@link #migrate} would rewrite, in order. */
    public static List<String> legacyFiles(List<PolicySource> sources) {
        List<String> names = new ArrayList<>();
        for (PolicySource source : sources) {
            if (migrate(source) != source) {
                names.add(source.name());
            }
        }
        return names;
    }

    /**
     * The DRL text rewritten, or null when it names nothing of the old contract. An import of one class that
     * {@code import io.listguard.rules.*;} now covers (Evidence moved into the package) is dropped with its line.
     */
    public static byte[] migrateDrl(byte[] drl) {
        String text = new String(drl, StandardCharsets.UTF_8);
        String rewritten = rewrite(text);
        if (!rewritten.equals(text) && WILDCARD_IMPORT.matcher(rewritten).find()) {
            rewritten = SINGLE_IMPORT.matcher(rewritten).replaceAll("");
        }
        return rewritten.equals(text) ? null : rewritten.getBytes(StandardCharsets.UTF_8);
    }

    /** The METADATA templates of the French policy texts (issue 16), at the right end of a table that has the English ones. */
    private static final List<String> FRENCH_TEXTS = List.of("messageFr(\"$param\")", "legalRefFr(\"$param\")");

    /** The header cells of the release's French text columns, by French sheet name and table name; read once. */
    private static volatile Map<String, List<DecisionTable.Column>> releaseFrenchColumns;

    /**
     * Gives each table that has the METADATA columns {@code message("$param")} / {@code legalRef("$param")} but not
     * their French pair the release's {@code messageFr} / {@code legalRefFr} header cells (kind, template, label, at
     * the release's columns, styled like the English column beside them). Their data cells stay empty: each rule then
     * falls back to its English texts. A table whose target header cells are not empty is left for the lock to report.
     */
    static boolean addFrenchTextColumns(Workbook wb) {
        boolean added = false;
        for (Sheet sheet : wb) {
            List<DecisionTable.Column> french = frenchColumns().get(SheetNames.canonical(sheet.getSheetName()) + "\u0000" + tableName(sheet));
            if (french == null || french.isEmpty() || hasTemplate(sheet, french.get(0), "messageFr(")
                    || hasTemplate(sheet, french.get(0), "legalRefFr(")) {
                continue;
            }
            if (!hasTemplate(sheet, french.get(0), "message(") && !hasTemplate(sheet, french.get(0), "legalRef(")) {
                continue;
            }
            boolean free = french.stream().allMatch(c -> List.of(c.kind(), c.objectType(), c.template()).stream()
                    .allMatch(h -> text(sheet, new CellReference(h.address())).isEmpty())
                    && text(sheet, new CellReference(c.template().address()).getRow() + 1, c.index()).isEmpty());
            if (!free) {
                continue;
            }
            for (DecisionTable.Column column : french) {
                int englishColumn = englishColumn(sheet, column);
                for (DecisionTable.HeaderCell header : List.of(column.kind(), column.objectType(), column.template())) {
                    CellReference at = new CellReference(header.address());
                    put(sheet, at.getRow(), column.index(), header.text(), englishColumn);
                }
                put(sheet, new CellReference(column.template().address()).getRow() + 1, column.index(), column.label(), englishColumn);
                if (englishColumn >= 0) {
                    sheet.setColumnWidth(column.index(), sheet.getColumnWidth(englishColumn));
                }
            }
            added = true;
        }
        return added;
    }

    private static Map<String, List<DecisionTable.Column>> frenchColumns() {
        Map<String, List<DecisionTable.Column>> columns = releaseFrenchColumns;
        if (columns == null) {
            columns = new HashMap<>();
            for (PolicySource source : BundledPolicies.load().sources()) {
                if (source.kind() != PolicySource.Kind.DECISION_TABLE) {
                    continue;
                }
                for (DecisionTable table : Workbooks.tables(source)) {
                    columns.put(SheetNames.canonical(table.sheet()) + "\u0000" + table.tableName(), table.columns().stream()
                            .filter(c -> FRENCH_TEXTS.contains(c.templateText().replace(" ", ""))).toList());
                }
            }
            releaseFrenchColumns = columns;
        }
        return columns;
    }

    private static String tableName(Sheet sheet) {
        for (Row row : sheet) {
            for (Cell cell : row) {
                if (cell.getCellType() == CellType.STRING && cell.getStringCellValue().trim().startsWith("RuleTable")) {
                    return cell.getStringCellValue().trim().substring("RuleTable".length()).trim();
                }
            }
            if (row.getRowNum() > 50) {
                break;
            }
        }
        return null;
    }

    /** Whether the template row of the table (the row of {@code like}'s template) holds a template starting as given. */
    private static boolean hasTemplate(Sheet sheet, DecisionTable.Column like, String start) {
        return templateColumn(sheet, like, start) >= 0;
    }

    private static int templateColumn(Sheet sheet, DecisionTable.Column like, String start) {
        Row row = sheet.getRow(new CellReference(like.template().address()).getRow());
        if (row == null) {
            return -1;
        }
        for (Cell cell : row) {
            if (cell.getCellType() == CellType.STRING) {
                String t = cell.getStringCellValue().replace(" ", "");
                if (t.startsWith(start)) {
                    return cell.getColumnIndex();
                }
            }
        }
        return -1;
    }

    /** The column of the English text a French column translates ({@code message} for {@code messageFr}), or -1. */
    private static int englishColumn(Sheet sheet, DecisionTable.Column french) {
        String template = french.templateText().replace(" ", "");
        return templateColumn(sheet, french, template.substring(0, template.indexOf("Fr(")) + "(");
    }

    private static String text(Sheet sheet, CellReference at) {
        return text(sheet, at.getRow(), at.getCol());
    }

    private static String text(Sheet sheet, int row, int column) {
        Row r = sheet.getRow(row);
        Cell c = r == null ? null : r.getCell(column);
        return c == null ? "" : new DataFormatter(Locale.ROOT).formatCellValue(c).trim();
    }

    private static void put(Sheet sheet, int row, int column, String text, int styleFrom) {
        Row r = sheet.getRow(row) == null ? sheet.createRow(row) : sheet.getRow(row);
        Cell cell = r.getCell(column) == null ? r.createCell(column) : r.getCell(column);
        if (text != null && !text.isEmpty()) {
            cell.setCellValue(text);
        }
        Cell model = styleFrom < 0 ? null : r.getCell(styleFrom);
        if (model != null) {
            cell.setCellStyle(model.getCellStyle());
        }
    }

    /**
     * The workbook with every text cell that names the old contract rewritten (the RuleSet area's Import and
     * Variables cells, the action templates), or null when none does.
     */
    public static byte[] migrateWorkbook(byte[] workbook) {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            boolean changed = SheetNames.renameToFrench(wb); // sheets named in English before issue 16
            changed |= addFrenchTextColumns(wb); // tables saved before the French policy texts (issue 16)
            for (Sheet sheet : wb) {
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        if (cell.getCellType() != CellType.STRING) {
                            continue;
                        }
                        String text = cell.getStringCellValue();
                        String rewritten = rewrite(text);
                        if (!rewritten.equals(text)) {
                            cell.setCellValue(rewritten);
                            changed = true;
                        }
                    }
                }
            }
            if (!changed) {
                return null;
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream(workbook.length + 1024);
            wb.write(out);
            return out.toByteArray();
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
