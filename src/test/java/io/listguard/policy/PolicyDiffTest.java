package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.tuple;

import io.listguard.policy.PolicyDiff.CellChange;
import io.listguard.policy.PolicyDiff.FileDiff;
import io.listguard.policy.PolicyDiff.LineChange;
import io.listguard.policy.PolicyDiff.Result;
import io.listguard.policy.PolicyDiff.RowChange;
import io.listguard.policy.PolicyDiff.Status;
import io.listguard.policy.PolicyDiff.TableDiff;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.apache.poi.ss.usermodel.Cell;
import org.apache.poi.ss.usermodel.Row;
import org.apache.poi.ss.usermodel.Sheet;
import org.apache.poi.ss.usermodel.Workbook;
import org.apache.poi.ss.util.CellReference;
import org.apache.poi.xssf.usermodel.XSSFWorkbook;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;

/**
 * A policy change must be reviewable although workbooks are binary: the diff of two versions names exactly the
 * rows and cells that changed, with their addresses in each version, and does not drown an inserted or deleted row
 * in a cascade of "changed" rows below it. Each test copies the bundled policies twice (versions a and b) and
 * edits b with POI.
 */
class PolicyDiffTest {

    static final String DECISION_DRL = "rules/decision.drl";
    static final String REGIME_DRL = "rules/regime.drl";
    static final String LIST_QUALITY = "policies/list-quality.xlsx";
    static final String RECORD_RULES = "policies/record-rules.xlsx";
    static final String CONSENT_REGIME = "policies/consent-regime.xlsx";
    static final String CAMPAIGN_OBLIGATIONS = "policies/campaign-obligations.xlsx";

    @TempDir
    Path tmp;
    Path a;
    Path b;

    @BeforeEach
    void copyBundledPoliciesTwice() throws IOException {
        a = copyBundled("a");
        b = copyBundled("b");
    }

    private Path copyBundled(String version) throws IOException {
        Path root = tmp.resolve(version);
        Path rules = Files.createDirectories(root.resolve("rules"));
        Path policies = Files.createDirectories(root.resolve("policies"));
        for (Path f : List.of(Path.of(REGIME_DRL), Path.of(DECISION_DRL))) {
            Files.copy(f, rules.resolve(f.getFileName()));
        }
        try (var files = Files.list(Path.of("policies"))) {
            for (Path f : files.filter(p -> p.toString().endsWith(".xlsx")).toList()) {
                Files.copy(f, policies.resolve(f.getFileName()));
            }
        }
        return root;
    }

    private static PolicySet set(Path root) {
        return PolicySet.fromDirectories(root.resolve("rules"), root.resolve("policies"));
    }

    private Result diff() {
        return PolicyDiff.compare(set(a), set(b));
    }

    // ------------------------------------------------------------------ editing version b

    private void editWorkbook(String file, String sheet, Consumer<Sheet> edit) throws IOException {
        Path path = b.resolve(file);
        try (Workbook wb = open(path)) {
            edit.accept(wb.getSheet(sheet));
            try (OutputStream out = Files.newOutputStream(path)) {
                wb.write(out);
            }
        }
    }

    private static Workbook open(Path path) throws IOException {
        try (InputStream in = Files.newInputStream(path)) {
            return new XSSFWorkbook(in);
        }
    }

    private static void set(Sheet sheet, String address, Object value) {
        CellReference ref = new CellReference(address);
        Row row = sheet.getRow(ref.getRow()) == null ? sheet.createRow(ref.getRow()) : sheet.getRow(ref.getRow());
        Cell cell = row.getCell(ref.getCol()) == null ? row.createCell(ref.getCol()) : row.getCell(ref.getCol());
        if (value instanceof Number n) {
            cell.setCellValue(n.doubleValue());
        } else {
            cell.setCellValue((String) value);
        }
    }

    /** Inserts a row at 1-based {@code number}, shifting the rows below down, styled like the row it pushes down. */
    private static void insertRow(Sheet sheet, int number, Object... lettersAndValues) {
        int index = number - 1;
        sheet.shiftRows(index, sheet.getLastRowNum(), 1, true, false);
        Row below = sheet.getRow(index + 1);
        Row row = sheet.createRow(index);
        if (below != null) {
            for (Cell cell : below) {
                row.createCell(cell.getColumnIndex()).setCellStyle(cell.getCellStyle());
            }
        }
        for (int i = 0; i < lettersAndValues.length; i += 2) {
            set(sheet, lettersAndValues[i] + String.valueOf(number), lettersAndValues[i + 1]);
        }
    }

    /** Deletes the row at 1-based {@code number}, shifting the rows below up. */
    private static void deleteRow(Sheet sheet, int number) {
        int index = number - 1;
        sheet.removeRow(sheet.getRow(index));
        sheet.shiftRows(index + 1, sheet.getLastRowNum(), -1, true, false);
    }

    private void editText(String file, Consumer<List<String>> edit) throws IOException {
        Path path = b.resolve(file);
        List<String> lines = new ArrayList<>(Files.readAllLines(path, StandardCharsets.UTF_8));
        edit.accept(lines);
        Files.write(path, lines, StandardCharsets.UTF_8);
    }

    private static Map<String, String> cells(String... labelsAndTexts) {
        Map<String, String> cells = new LinkedHashMap<>();
        for (int i = 0; i < labelsAndTexts.length; i += 2) {
            cells.put(labelsAndTexts[i], labelsAndTexts[i + 1]);
        }
        return cells;
    }

    private static RowChange added(int rowB, Map<String, String> cells) {
        return new RowChange(Status.ADDED, null, rowB, cells, List.of());
    }

    private static RowChange removed(int rowA, Map<String, String> cells) {
        return new RowChange(Status.REMOVED, rowA, null, cells, List.of());
    }

    private static RowChange changed(int rowA, int rowB, CellChange... changes) {
        return new RowChange(Status.CHANGED, rowA, rowB, Map.of(), List.of(changes));
    }

    private static TableDiff table(FileDiff file, String sheet) {
        return file.tables().stream().filter(t -> t.sheet().equals(sheet)).findFirst()
                .orElseThrow(() -> new AssertionError("no diff for sheet " + sheet + " in " + file));
    }

    // ------------------------------------------------------------------ tests

    @Test
    void reportsExactlyTheRowsCellsAndLinesThatChanged() throws IOException {
        editWorkbook("policies/list-quality.xlsx", "Seuils du fichier", s -> set(s, "C15", 10));
        editWorkbook("policies/list-quality.xlsx", "Ciblage", s -> insertRow(s, 16,
                "B", "HOLIDAYS", "C", "STUDENT", "D", "TARGETING_MISMATCH", "E", "YES", "F", "Q-TARGET",
                "G", "List quality §5: qualification (holidays offer to students)", "H", "M", "I", "true"));
        editWorkbook("policies/list-quality.xlsx", "Offres", s -> {
            set(s, "B27", "VIDEO_GAMES"); // below CPF_TRAINING, the last offer (row 26)
            set(s, "D27", "Video games");
        });
        editWorkbook("policies/record-rules.xlsx", "Enregistrements", s -> deleteRow(s, 16));
        editText(DECISION_DRL, lines -> {
            lines.set(43, lines.get(43).replace("count == 0", "count <= 0"));
            lines.add(5, "// reviewed 2026-05");
        });

        Result result = diff();

        assertThat(result.identical()).isFalse();
        assertThat(result.hashA()).isEqualTo(set(a).hash()).isNotEqualTo(result.hashB());
        assertThat(result.files()).extracting(FileDiff::name, FileDiff::status).containsExactly(
                tuple(CAMPAIGN_OBLIGATIONS, Status.UNCHANGED),
                tuple(CONSENT_REGIME, Status.UNCHANGED),
                tuple(LIST_QUALITY, Status.CHANGED),
                tuple(RECORD_RULES, Status.CHANGED),
                tuple(DECISION_DRL, Status.CHANGED),
                tuple(REGIME_DRL, Status.UNCHANGED));
        assertThat(result.files()).filteredOn(f -> f.status() == Status.UNCHANGED)
                .allSatisfy(f -> assertThat(f.tables()).isEmpty())
                .allSatisfy(f -> assertThat(f.lines()).isEmpty());

        FileDiff listQuality = result.file(LIST_QUALITY);
        assertThat(listQuality.problem()).isNull();
        assertThat(listQuality.tables()).as("sheets Fournisseurs and Prices were not touched")
                .extracting(TableDiff::sheet, TableDiff::table, TableDiff::status).containsExactly(
                        tuple("Offres", "Offers", Status.CHANGED),
                        tuple("Ciblage", "Targeting", Status.CHANGED),
                        tuple("Seuils du fichier", "FileThresholds", Status.CHANGED));
        assertThat(listQuality.tables()).allSatisfy(t -> assertThat(t.header()).isEmpty());

        assertThat(table(listQuality, "Seuils du fichier").rows()).containsExactly(
                changed(15, 15, new CellChange("Part des enregistrements au-delà de (%)", "C15", "C15", "8", "10")));
        assertThat(table(listQuality, "Ciblage").rows()).as("the rows below the inserted one are not changed")
                .containsExactly(added(16, cells("Catégories d’offres", "HOLIDAYS", "Segment de la personne", "STUDENT",
                        "Code", "TARGETING_MISMATCH", "Exclure l’enregistrement", "YES", "Règle", "Q-TARGET",
                        "Référence légale (anglais)", "List quality §5: qualification (holidays offer to students)",
                        "Fiabilité", "M", "Activée", "true")));
        assertThat(table(listQuality, "Offres").rows()).containsExactly(
                added(27, cells("Catégorie d’offre", "VIDEO_GAMES", "Libellé", "Video games")));

        FileDiff recordRules = result.file(RECORD_RULES);
        assertThat(recordRules.tables()).singleElement().satisfies(t -> {
            assertThat(t.sheet()).isEqualTo("Enregistrements");
            assertThat(t.table()).isEqualTo("RecordRules");
            assertThat(t.header()).isEmpty();
            assertThat(t.rows()).as("the rows below the deleted one are not changed").containsExactly(removed(16, cells(
                    "Aucun contact de la personne depuis plus de (ans)", "3", "Code", "RETENTION_EXPIRED",
                    "Exclure l’enregistrement", "OUI", "Règle", "R18",
                    "Référence légale (anglais)", "CNIL référentiel: prospect data kept 3 years at most from the last contact initiated by the prospect",
                    "Fiabilité", "H", "Activée", "true",
                    "Référence légale (français)", "Référentiel CNIL : données des prospects conservées 3 ans au plus à compter du dernier contact émanant du prospect")));
        });

        FileDiff decision = result.file(DECISION_DRL);
        assertThat(decision.tables()).isEmpty();
        assertThat(decision.lines()).as("the line inserted near the top does not make every later line differ").containsExactly(
                new LineChange(Status.ADDED, 6, "// reviewed 2026-05"),
                new LineChange(Status.REMOVED, 44, "    FileMeasure( name == \"EXCLUDED\", count == 0 )"),
                new LineChange(Status.ADDED, 45, "    FileMeasure( name == \"EXCLUDED\", count <= 0 )"));
    }

    @Test
    void aRowInsertedAtTheTopShiftsAChangedRowWithoutHidingIt() throws IOException {
        editWorkbook("policies/consent-regime.xlsx", "Régime", s -> {
            insertRow(s, 14, "B", "CONSUMER", "C", "FAX", "H", "PERSON", "K", "CONSENT_REQUIRED",
                    "L", "NO_CONSENT", "M", "R1", "N", "CPCE L34-5", "O", "H", "P", "true");
            set(s, "O21", "M"); // the former row 20 (R10, opt-in when the offer is unrelated to the job)
        });

        TableDiff regime = table(diff().file(CONSENT_REGIME), "Régime");

        assertThat(regime.status()).isEqualTo(Status.CHANGED);
        assertThat(regime.header()).isEmpty();
        assertThat(regime.rows()).as("a positional diff would report 12 changed rows").containsExactly(
                added(14, cells("Public", "CONSUMER", "Canal(aux)", "FAX", "Type(s) d’enregistrement", "PERSON",
                        "Base légale", "CONSENT_REQUIRED", "Code d’exclusion si le consentement manque", "NO_CONSENT",
                        "Règle", "R1", "Référence légale (anglais)", "CPCE L34-5", "Fiabilité", "H", "Activée", "true")),
                changed(20, 21, new CellChange("Fiabilité", "O20", "O21", "H", "M")));
    }

    @Test
    void leftoverRowsBetweenTwoAlignedRowsArePairedInOrderAndTheExcessIsAdded() throws IOException {
        editWorkbook("policies/list-quality.xlsx", "Prix", s -> {
            set(s, "D16", 180);
            insertRow(s, 17, "B", "POSTAL", "C", "CHF", "D", "250", "F", "PRICE_BELOW_MARKET", "G", "YES",
                    "H", "WARNING", "I", "Low price for a Swiss postal file.", "J", "Q-PRICE", "K", "List quality §5",
                    "L", "U", "M", "false");
        });

        TableDiff prices = table(diff().file(LIST_QUALITY), "Prix");

        assertThat(prices.rows()).containsExactly(
                changed(16, 16, new CellChange("Prix pour mille en dessous de", "D16", "D16", "200", "180")),
                added(17, cells("Canal(aux)", "POSTAL", "Devise", "CHF", "Prix pour mille en dessous de", "250",
                        "Code", "PRICE_BELOW_MARKET", "Lever le constat", "YES", "Gravité", "WARNING",
                        "Message (anglais)", "Low price for a Swiss postal file.", "Règle", "Q-PRICE",
                        "Référence légale (anglais)", "List quality §5", "Fiabilité", "U", "Activée", "false")));
    }

    @Test
    void headerChangesAreReportedCellByCellAndARenamedLabelDoesNotChangeTheRows() throws IOException {
        editWorkbook("policies/list-quality.xlsx", "Seuils du fichier", s -> {
            set(s, "C7", "final");
            set(s, "C12", "percent >= $param");
            set(s, "C13", "Share of records at least (%)");
        });
        editWorkbook("policies/list-quality.xlsx", "Offres", s -> {
            set(s, "E10", "METADATA");
            set(s, "E12", "note(\"$param\")");
            set(s, "E13", "Note");
        });

        FileDiff listQuality = diff().file(LIST_QUALITY);

        assertThat(table(listQuality, "Seuils du fichier")).satisfies(t -> {
            assertThat(t.status()).isEqualTo(Status.CHANGED);
            assertThat(t.header()).containsExactly(
                    new CellChange("RULEFLOW-GROUP", "C7", "C7", "summary", "final"),
                    new CellChange("Share of records at least (%)", "C12", "C12", "percent > $param", "percent >= $param"),
                    new CellChange("Share of records at least (%)", "C13", "C13", "Part des enregistrements au-delà de (%)",
                            "Share of records at least (%)"));
            assertThat(t.rows()).isEmpty();
        });
        assertThat(table(listQuality, "Offres")).satisfies(t -> {
            assertThat(t.header()).as("a new, empty column: its header cells only").containsExactly(
                    new CellChange("Note", null, "E10", "", "METADATA"),
                    new CellChange("Note", null, "E12", "", "note(\"$param\")"),
                    new CellChange("Note", null, "E13", "", "Note"));
            assertThat(t.rows()).isEmpty();
        });
    }

    @Test
    void addedAndRemovedFilesListTheirWholeContent() throws IOException {
        Files.delete(b.resolve(REGIME_DRL));
        Files.copy(b.resolve("policies/consent-regime.xlsx"), b.resolve("policies/consent-regime-2027.xlsx"));

        Result result = diff();

        FileDiff regime = result.file(REGIME_DRL);
        assertThat(regime.status()).isEqualTo(Status.REMOVED);
        List<String> lines = Files.readAllLines(a.resolve(REGIME_DRL), StandardCharsets.UTF_8);
        assertThat(regime.lines()).hasSize(lines.size())
                .allSatisfy(l -> assertThat(l.status()).isEqualTo(Status.REMOVED))
                .first().isEqualTo(new LineChange(Status.REMOVED, 1, lines.get(0)));

        FileDiff added = result.file("policies/consent-regime-2027.xlsx");
        assertThat(added.status()).isEqualTo(Status.ADDED);
        assertThat(added.tables()).singleElement().satisfies(t -> {
            assertThat(t.status()).isEqualTo(Status.ADDED);
            assertThat(t.sheet()).isEqualTo("Régime");
            assertThat(t.header()).isEmpty();
            assertThat(t.rows()).hasSize(13).allSatisfy(r -> assertThat(r.status()).isEqualTo(Status.ADDED));
            assertThat(t.rows()).extracting(RowChange::rowB).containsExactly(14, 15, 16, 17, 18, 19, 20, 21, 22, 23, 24, 25, 26);
            assertThat(t.rows().get(0).cells()).containsEntry("Public", "CONSUMER").containsEntry("Règle", "R1");
        });
        assertThat(result.files()).filteredOn(f -> f != regime && f != added)
                .allSatisfy(f -> assertThat(f.status()).isEqualTo(Status.UNCHANGED));
    }

    @Test
    void aSetComparedWithItselfHasNoChanges() {
        PolicySet set = set(a);
        for (Result result : List.of(PolicyDiff.compare(set, set), PolicyDiff.compare(set, set(b)))) {
            assertThat(result.identical()).isTrue();
            assertThat(result.hashA()).isEqualTo(result.hashB());
            assertThat(result.files()).hasSize(6).allSatisfy(f -> {
                assertThat(f.status()).isEqualTo(Status.UNCHANGED);
                assertThat(f.tables()).isEmpty();
                assertThat(f.lines()).isEmpty();
            });
        }
    }

    @Test
    void aWorkbookResavedWithoutChangingItsTablesHasNoTableChanges() throws IOException {
        editWorkbook("policies/list-quality.xlsx", "Offres", s -> set(s, "H3", "a note beside the table"));

        FileDiff listQuality = diff().file(LIST_QUALITY);

        assertThat(listQuality.status()).as("the bytes differ").isEqualTo(Status.CHANGED);
        assertThat(listQuality.tables()).isEmpty();
        assertThat(listQuality.problem()).isNull();
    }

    @Test
    void aWorkbookThatCannotBeReadIsReportedAsAProblemNotAFailure() throws IOException {
        Files.writeString(b.resolve("policies/list-quality.xlsx"), "not a spreadsheet");

        Result result = diff();

        assertThat(result.file(LIST_QUALITY)).satisfies(f -> {
            assertThat(f.status()).isEqualTo(Status.CHANGED);
            assertThat(f.tables()).isEmpty();
            assertThat(f.problem()).startsWith("cannot be read as an Excel workbook");
            assertThat(f.problem(java.util.Locale.ENGLISH)).isEqualTo(
                    "cannot be read as an Excel workbook; open it in Excel or LibreOffice and save it as .xlsx");
            assertThat(f.problem(java.util.Locale.FRENCH)).isEqualTo(
                    "ne peut pas être lu comme un classeur Excel ; ouvrez-le dans Excel ou LibreOffice et enregistrez-le au format .xlsx");
        });
        assertThat(result.file(RECORD_RULES).status()).isEqualTo(Status.UNCHANGED);
    }

    @Test
    void theResultSerializesToJsonWithItsComponentNames() throws IOException {
        editWorkbook("policies/list-quality.xlsx", "Seuils du fichier", s -> set(s, "C15", 10));

        JsonNode json = JsonMapper.builder().build().valueToTree(diff());

        JsonNode file = json.get("files").get(2);
        assertThat(file.get("name").asString()).isEqualTo(LIST_QUALITY);
        assertThat(file.get("status").asString()).isEqualTo("CHANGED");
        JsonNode change = file.get("tables").get(0).get("rows").get(0);
        assertThat(change.get("rowA").asInt()).isEqualTo(15);
        assertThat(change.get("changes").get(0).get("addressB").asString()).isEqualTo("C15");
        assertThat(change.get("changes").get(0).get("newText").asString()).isEqualTo("10");
        assertThat(json.has("hashA")).isTrue();
    }
}
