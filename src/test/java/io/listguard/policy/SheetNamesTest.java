package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.Test;

/**
 * Issue 16: the policy sheets are named in French; a workbook saved before, with the English names, is still
 * accepted (renamed on upload), and compared with its French successor sheet by sheet.
 */
class SheetNamesTest {

    private static final Map<String, String> ENGLISH = Map.ofEntries(Map.entry("Régime", "Regime"), Map.entry("Enregistrements", "Records"),
            Map.entry("Consentement", "Consent"), Map.entry("Points de contact", "Contact points"), Map.entry("Opposition", "Opt-out"),
            Map.entry("Interdictions sectorielles", "Sector bans"), Map.entry("Appels", "Calling"), Map.entry("Jours fériés", "Public holidays"),
            Map.entry("Appels par personne", "Calling per person"), Map.entry("Offres", "Offers"), Map.entry("Fournisseurs", "Providers"),
            Map.entry("Prix", "Prices"), Map.entry("Ciblage", "Targeting"), Map.entry("Seuils du fichier", "File thresholds"));

    @Test
    void theBundledSheetsAreNamedInFrench() throws IOException {
        List<String> names = new ArrayList<>();
        for (PolicySource source : BundledPolicies.load().sources()) {
            if (source.kind() == PolicySource.Kind.DECISION_TABLE) {
                try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(source.bytes()))) {
                    wb.forEach(s -> names.add(s.getSheetName()));
                }
            }
        }
        assertThat(names).contains("Guide", "Régime", "Enregistrements", "Consentement", "Appels par personne", "Seuils du fichier")
                .noneMatch(SheetNames::isEnglish);
    }

    @Test
    void aWorkbookWithTheEnglishNamesPassesTheLockAndIsRenamedOnUpload() throws IOException {
        PolicySet bundled = BundledPolicies.load();
        List<PolicySource> english = new ArrayList<>();
        for (PolicySource source : bundled.sources()) {
            english.add(source.kind() == PolicySource.Kind.DECISION_TABLE ? new PolicySource(source.name(), inEnglish(source.bytes())) : source);
        }
        PolicySet old = new PolicySet(english);

        assertThat(new TemplateLock(bundled).check(old)).as("the English names are an accepted variant").isEmpty();

        PolicySource records = old.source("policies/record-rules.xlsx").orElseThrow();
        PolicySource migrated = ContractMigration.migrateUpload(records);
        assertThat(sheetNames(migrated.bytes())).containsExactly("Guide", "Enregistrements", "Consentement", "Points de contact", "Guide (EN)");
        assertThat(WorkbookMerge.contentDigest(migrated.bytes()))
                .isEqualTo(WorkbookMerge.contentDigest(bundled.source("policies/record-rules.xlsx").orElseThrow().bytes()));
    }

    @Test
    void aColleaguesChangeOnTheFrenchVersionMergesWithAnUploadEditedFromTheEnglishOne() throws IOException {
        byte[] frenchBase = BundledPolicies.load().source("policies/list-quality.xlsx").orElseThrow().bytes();
        byte[] englishBase = inEnglish(frenchBase);
        byte[] active = edit(frenchBase, "Prix", 13, 3, "95");      // a colleague: D14 on the French version
        byte[] upload = edit(englishBase, "Prices", 14, 4, "800");  // someone who downloaded before the rename: E15

        WorkbookMerge.Result merged = WorkbookMerge.merge("policies/list-quality.xlsx", englishBase, active, upload);

        assertThat(merged.conflicts()).isEmpty();
        Map<String, Map<String, String>> cells = WorkbookMerge.cells(merged.content());
        assertThat(cells.get("Prix")).containsEntry("D14", "95").containsEntry("E15", "800");
        assertThat(sheetNames(merged.content())).contains("Prix").doesNotContain("Prices");
    }

    private static byte[] inEnglish(byte[] workbook) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            for (int i = 0; i < wb.getNumberOfSheets(); i++) {
                String english = ENGLISH.get(wb.getSheetName(i));
                if (english != null) {
                    wb.setSheetName(i, english);
                }
            }
            return bytes(wb);
        }
    }

    private static byte[] edit(byte[] workbook, String sheet, int row, int column, String value) throws IOException {
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            Sheet s = wb.getSheet(sheet);
            (s.getRow(row) == null ? s.createRow(row) : s.getRow(row)).createCell(column).setCellValue(value);
            return bytes(wb);
        }
    }

    private static List<String> sheetNames(byte[] workbook) throws IOException {
        List<String> names = new ArrayList<>();
        try (XSSFWorkbook wb = new XSSFWorkbook(new ByteArrayInputStream(workbook))) {
            wb.forEach(s -> names.add(s.getSheetName()));
        }
        return names;
    }

    private static byte[] bytes(XSSFWorkbook wb) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        wb.write(out);
        return out.toByteArray();
    }
}
