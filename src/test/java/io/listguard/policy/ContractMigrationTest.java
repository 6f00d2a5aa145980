package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.CellType;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * The rewrite from the rule contract before io.listguard.rules: the files of the release before it become this
 * release's files (DRL byte for byte, workbooks cell for cell), files of the new contract are left alone, and a
 * policy directory still holding old-contract files is refused with a message that says so.
 */
class ContractMigrationTest {

    private static final Path LEGACY = Path.of("src/test/resources/legacy-contract");

    @ParameterizedTest
    @ValueSource(strings = {"decision.drl", "evidence.drl", "regime.drl", "suppression.drl"})
    void anOldDrlFileBecomesTheReleasesByteForByte(String file) throws IOException {
        byte[] legacy = Files.readAllBytes(LEGACY.resolve("rules").resolve(file));
        byte[] released = Files.readAllBytes(Path.of("rules").resolve(file));
        assertThat(new String(legacy)).contains("kcontext", "io.listguard.evaluation.internal.RuleOutcomes out;");
        assertThat(ContractMigration.migrate("rules/" + file, legacy)).isEqualTo(released);
        assertThat(ContractMigration.migrate("rules/" + file, released)).as("already in the contract").isNull();
    }

    @ParameterizedTest
    @ValueSource(strings = {"campaign-obligations.xlsx", "consent-regime.xlsx", "list-quality.xlsx", "record-rules.xlsx"})
    void anOldWorkbookGetsTheReleasesCellsAndNothingElseChanges(String file) throws IOException {
        byte[] legacy = Files.readAllBytes(LEGACY.resolve("policies").resolve(file));
        byte[] released = Files.readAllBytes(Path.of("policies").resolve(file));
        assertThat(WorkbookMerge.contentDigest(legacy)).isNotEqualTo(WorkbookMerge.contentDigest(released));
        byte[] migrated = ContractMigration.migrate("policies/" + file, legacy);
        assertThat(WorkbookMerge.contentDigest(migrated)).isEqualTo(WorkbookMerge.contentDigest(released));
        assertThat(ContractMigration.migrate("policies/" + file, released)).as("already in the contract").isNull();
        assertThat(ContractMigration.legacyFiles(List.of(new PolicySource("policies/" + file, migrated)))).isEmpty();
    }

    /**
     * A workbook saved before the French policy texts (issue 16) has no messageFr / legalRefFr columns: an upload
     * gets the release's header cells for them, with empty data cells (each rule then shows its English texts), and
     * passes the lock; nothing else changes.
     */
    @ParameterizedTest
    @ValueSource(strings = {"campaign-obligations.xlsx", "consent-regime.xlsx", "list-quality.xlsx", "record-rules.xlsx"})
    void aWorkbookSavedBeforeTheFrenchTextsGetsTheirColumnsEmpty(String file) throws IOException {
        PolicySet release = PolicySet.fromDirectories(Path.of("rules"), Path.of("policies"));
        TemplateLock lock = new TemplateLock(release);
        byte[] released = release.source("policies/" + file).orElseThrow().bytes();
        Set<String> frenchCells = new HashSet<>();
        byte[] before = withoutFrenchTexts(released, frenchCells);
        assertThat(frenchCells).as("the release has French text columns").isNotEmpty();
        assertThat(lock.check(with(release, file, before))).as("without them the table has two columns too few").isNotEmpty();

        byte[] migrated = ContractMigration.migrate("policies/" + file, before);

        assertThat(migrated).isNotNull();
        assertThat(lock.check(with(release, file, migrated))).isEmpty();
        Map<String, Map<String, String>> expected = new TreeMap<>();
        WorkbookMerge.cells(released).forEach((sheet, cells) -> {
            Map<String, String> kept = new TreeMap<>(cells);
            kept.keySet().removeIf(address -> frenchCells.contains(sheet + "!" + address) && Integer.parseInt(address.replaceAll("[A-Z]", "")) > 13);
            expected.put(sheet, kept);
        });
        assertThat(new TreeMap<>(WorkbookMerge.cells(migrated))).isEqualTo(expected);
        assertThat(ContractMigration.migrate("policies/" + file, migrated)).as("migrated once").isNull();
        assertThat(ContractMigration.legacyFiles(List.of(new PolicySource("policies/" + file, before)))).containsExactly("policies/" + file);
    }

    /** The workbook without its messageFr / legalRefFr columns (every cell of them removed); their addresses in {@code removed}. */
    private static byte[] withoutFrenchTexts(byte[] workbook, Set<String> removed) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook)); ByteArrayOutputStream out = new ByteArrayOutputStream()) {
            for (Sheet sheet : wb) {
                Set<Integer> columns = new HashSet<>();
                for (Row row : sheet) {
                    for (Cell cell : row) {
                        if (cell.getCellType() == CellType.STRING && cell.getStringCellValue().replace(" ", "").matches("(messageFr|legalRefFr)\\(\"\\$param\"\\)")) {
                            columns.add(cell.getColumnIndex());
                        }
                    }
                }
                for (Row row : sheet) {
                    for (int column : columns) {
                        Cell cell = row.getCell(column);
                        if (cell != null) {
                            removed.add(sheet.getSheetName() + "!" + cell.getAddress().formatAsString());
                            row.removeCell(cell);
                        }
                    }
                }
            }
            wb.write(out);
            return out.toByteArray();
        }
    }

    private static PolicySet with(PolicySet set, String file, byte[] content) {
        return new PolicySet(set.sources().stream().map(s -> s.name().equals("policies/" + file) ? new PolicySource(s.name(), content) : s).toList());
    }

    @Test
    void theFrenchTextColumnsAreFreeTextLikeTheEnglishOnes() {
        for (String template : List.of("messageFr(\"$param\")", "legalRefFr(\"$param\")")) {
            ColumnType type = ColumnType.of("METADATA", template);
            assertThat(type).isInstanceOf(ColumnType.Text.class).isEqualTo(ColumnType.of("METADATA", "message(\"$param\")"));
            assertThat(type.check("Référence : C. consom. art. L223-1 ; RGPD art. 7", Set.of())).isNull();
            assertThat(type.check("un \"guillemet\"", Set.of())).isNotNull();
        }
    }

    @Test
    void theRewriteTouchesTheOldNamesOnly() {
        assertThat(ContractMigration.rewrite("out.exclude(kcontext, $b.getProspect(), YesNo.$param);")).isEqualTo("out.exclude($b.getProspect(), YesNo.$param);");
        assertThat(ContractMigration.rewrite("out . finding( kcontext )")).isEqualTo("out . finding()");
        assertThat(ContractMigration.rewrite("io.listguard.domain.*, io.listguard.evaluation.facts.*")).isEqualTo("io.listguard.domain.*, io.listguard.rules.*");
        assertThat(ContractMigration.rewrite("io.listguard.evaluation.internal.RuleOutcomes out")).isEqualTo("io.listguard.rules.Outcomes out");
        assertThat(ContractMigration.rewrite("import io.listguard.evaluation.Evidence;")).isEqualTo("import io.listguard.rules.Evidence;");
        for (String unchanged : List.of("io.listguard.evaluation.Finding", "io.listguard.evaluation.EvidenceSomething", "kcontext.getRule()",
                "layout.finding(kcontext, x)", "Consent not in the file", "")) {
            assertThat(ContractMigration.isLegacy(unchanged)).as(unchanged).isFalse();
            assertThat(ContractMigration.rewrite(unchanged)).isEqualTo(unchanged);
        }
    }

    @Test
    void aPolicyDirectoryOfTheOldContractIsRefusedWithTheReason(@org.junit.jupiter.api.io.TempDir Path tmp) throws IOException {
        TemplateLock lock = new TemplateLock(PolicySet.fromDirectories(Path.of("rules"), Path.of("policies")));
        PolicySet legacy = PolicySet.fromDirectories(LEGACY.resolve("rules"), LEGACY.resolve("policies"));
        List<PolicyProblem> problems = lock.check(legacy);
        assertThat(problems).isNotEmpty().allSatisfy(p -> assertThat(p.code()).isIn(ContractMigration.LEGACY, ContractMigration.LEGACY_DRL));
        assertThat(problems).filteredOn(p -> p.code().equals(ContractMigration.LEGACY_DRL)).extracting(PolicyProblem::source)
                .containsExactlyInAnyOrder("rules/decision.drl", "rules/evidence.drl", "rules/regime.drl", "rules/suppression.drl");
        assertThat(problems).filteredOn(p -> "policies/record-rules.xlsx".equals(p.source()) && "Enregistrements".equals(p.sheet()))
                .extracting(PolicyProblem::cell).contains("C5", "C6", "R12");
        PolicyProblem importCell = problems.stream().filter(p -> "C5".equals(p.cell())).findFirst().orElseThrow();
        assertThat(importCell.message(java.util.Locale.ENGLISH)).contains("earlier release of listguard", "'io.listguard.domain.*, io.listguard.rules.*'".replace('\'', '’'));
        assertThat(importCell.message(java.util.Locale.FRENCH)).contains("version antérieure de listguard");
        // rewritten, the same files pass the lock
        List<PolicySource> migrated = legacy.sources().stream().map(ContractMigration::migrate).toList();
        assertThat(lock.check(new PolicySet(migrated))).isEmpty();
    }
}
