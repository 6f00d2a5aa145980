package io.listguard.policy;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
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

    /**
     * The workbook with every text cell that names the old contract rewritten (the RuleSet area's Import and
     * Variables cells, the action templates), or null when none does.
     */
    public static byte[] migrateWorkbook(byte[] workbook) {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            boolean changed = SheetNames.renameToFrench(wb); // sheets named in English before issue 16
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
