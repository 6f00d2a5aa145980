package io.listguard.policy;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The pure three-way merge of workbooks and of whole files, on the bundled workbooks edited cell by cell as two
 * compliance officers would: a colleague's change since the download is kept, a cell changed on both sides is a
 * conflict with its three texts, a stamp changes no content, and what an activation of a stale candidate would undo.
 */
class WorkbookMergeTest {

    @TempDir
    Path tmp;

    private byte[] workbook(String name, String... cellsAndValues) {
        WorkingCopy copy = new WorkingCopy(tmp.resolve(name));
        for (int i = 0; i < cellsAndValues.length; i += 2) {
            copy.set("list-quality.xlsx", "Prix", cellsAndValues[i], cellsAndValues[i + 1]);
        }
        return copy.bytes("list-quality.xlsx");
    }

    private static String cell(byte[] workbook, String sheet, String address) {
        return WorkbookMerge.cells(workbook).get(sheet).getOrDefault(address, "");
    }

    @Test
    void aColleaguesChangeSinceTheDownloadIsKeptAndTheUploadsChangeApplied() {
        byte[] base = workbook("base");
        byte[] active = workbook("active", "D14", "120");
        byte[] upload = workbook("upload", "E15", "800");

        WorkbookMerge.Result merged = WorkbookMerge.merge("policies/list-quality.xlsx", base, active, upload);

        assertThat(merged.conflicts()).isEmpty();
        assertThat(merged.appliedCells()).containsExactly("Prix!E15");
        assertThat(cell(merged.content(), "Prix", "D14")).isEqualTo("120");
        assertThat(cell(merged.content(), "Prix", "E15")).isEqualTo("800");
        // everything else is the active workbook's: it reads as the same decision tables, and it compiles as a workbook
        assertThat(cell(merged.content(), "Prix", "K14")).isEqualTo("List quality §5: price positioning");
        PolicyDiff.Result diff = PolicyDiff.compare(new PolicySet(List.of(new PolicySource("policies/list-quality.xlsx", active))),
                new PolicySet(List.of(new PolicySource("policies/list-quality.xlsx", merged.content()))));
        assertThat(diff.files().get(0).tables()).singleElement().satisfies(t -> assertThat(t.rows()).singleElement()
                .satisfies(r -> assertThat(r.changes()).containsExactly(new PolicyDiff.CellChange("Prix pour mille au-dessus de", "E15", "E15", "750", "800"))));
    }

    @Test
    void aCellChangedOnBothSidesIsAConflictWithItsThreeTexts() {
        byte[] base = workbook("base");
        byte[] active = workbook("active", "D14", "120");
        byte[] upload = workbook("upload", "D14", "130", "E15", "800");

        WorkbookMerge.Result merged = WorkbookMerge.merge("policies/list-quality.xlsx", base, active, upload);

        assertThat(merged.merged()).isFalse();
        assertThat(merged.content()).isNull();
        assertThat(merged.conflicts()).containsExactly(new WorkbookMerge.Conflict("policies/list-quality.xlsx", "Prix", "D14", "150", "120", "130"));
    }

    @Test
    void theSameChangeOnBothSidesIsNoConflictAndABlankedCellIsAChange() {
        byte[] base = workbook("base");
        byte[] active = workbook("active", "D14", "120");
        byte[] upload = workbook("upload", "D14", "120", "K15", "");

        WorkbookMerge.Result merged = WorkbookMerge.merge("policies/list-quality.xlsx", base, active, upload);

        assertThat(merged.conflicts()).isEmpty();
        assertThat(cell(merged.content(), "Prix", "D14")).isEqualTo("120");
        assertThat(cell(merged.content(), "Prix", "K15")).isEmpty();
    }

    @Test
    void aStampedCopyHasTheSameContentAndRecordsItsVersion() {
        byte[] stored = workbook("stored");
        byte[] stamped = WorkbookStamp.stamp(stored, "v7");

        assertThat(stamped).isNotEqualTo(stored);
        assertThat(WorkbookStamp.baseVersion(stamped)).contains("v7");
        assertThat(WorkbookStamp.baseVersion(stored)).isEmpty();
        assertThat(WorkbookStamp.baseVersion(WorkbookStamp.stamp(stamped, "v8"))).contains("v8");
        assertThat(WorkbookMerge.sameContent(stored, stamped)).isTrue();
        assertThat(WorkbookMerge.contentDigest(stamped)).isEqualTo(WorkbookMerge.contentDigest(stored));
        assertThat(WorkbookMerge.contentDigest(workbook("changed", "D14", "120"))).isNotEqualTo(WorkbookMerge.contentDigest(stored));
    }

    @Test
    void whatActivatingAStaleCandidateWouldUndo() {
        byte[] base = workbook("base");
        byte[] active = workbook("active", "D14", "120");

        assertThat(WorkbookMerge.undone("f", base, active, workbook("candidate", "E15", "800")))
                .containsExactly(new WorkbookMerge.Conflict("f", "Prix", "D14", "150", "120", "150"));
        assertThat(WorkbookMerge.undone("f", base, active, workbook("rebuilt", "D14", "120", "E15", "800"))).isEmpty();
    }

    @Test
    void aSheetRemovedByTheUploadButChangedSinceIsAConflictWordedInTheReadersLanguage() throws Exception {
        byte[] base = workbook("base");
        byte[] active = workbook("active", "D14", "120");
        byte[] upload;
        try (var wb = new org.apache.poi.xssf.usermodel.XSSFWorkbook(new java.io.ByteArrayInputStream(base));
             var out = new java.io.ByteArrayOutputStream()) {
            wb.removeSheetAt(wb.getSheetIndex("Prix"));
            wb.write(out);
            upload = out.toByteArray();
        }

        WorkbookMerge.Result merged = WorkbookMerge.merge("policies/list-quality.xlsx", base, active, upload);

        assertThat(merged.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.in(java.util.Locale.FRENCH)).isEqualTo(
                    new WorkbookMerge.Conflict("policies/list-quality.xlsx", "Prix", null, "feuille", "feuille modifiée", "feuille supprimée"));
            assertThat(c.in(java.util.Locale.ENGLISH)).isEqualTo(
                    new WorkbookMerge.Conflict("policies/list-quality.xlsx", "Prix", null, "sheet", "sheet changed", "sheet removed"));
        });
        WorkbookMerge.Conflict cell = new WorkbookMerge.Conflict("policies/list-quality.xlsx", "Prix", "D14", "150", "120", "130");
        assertThat(cell.location(java.util.Locale.FRENCH)).isEqualTo("policies/list-quality.xlsx, feuille Prix, cellule D14");
        assertThat(cell.location(java.util.Locale.ENGLISH)).isEqualTo("policies/list-quality.xlsx, sheet Prix, cell D14");
        assertThat(cell.in(java.util.Locale.FRENCH)).isEqualTo(cell); // a cell's own texts are kept as they are
    }

    @Test
    void drlAndScenariosMergeAsWholeFiles() {
        PolicySource drl = new PolicySource("rules/decision.drl", "rule a\n".getBytes(StandardCharsets.UTF_8));
        PolicySource theirs = new PolicySource("rules/decision.drl", "rule a\nrule b\n".getBytes(StandardCharsets.UTF_8));
        PolicySource mine = new PolicySource("rules/decision.drl", "rule a\nrule c\n".getBytes(StandardCharsets.UTF_8));
        PolicySource scenario = new PolicySource("policies/scenarios/new.json", "{}".getBytes(StandardCharsets.UTF_8));
        PolicySet base = new PolicySet(List.of(drl));
        PolicySet active = new PolicySet(List.of(theirs));

        PolicyMerge.Result unchangedByMe = PolicyMerge.merge(base, active, List.of(drl, scenario));
        assertThat(unchangedByMe.conflicts()).isEmpty();
        assertThat(unchangedByMe.files()).containsExactly(scenario); // the DRL stays the active one; the new scenario is added

        PolicyMerge.Result both = PolicyMerge.merge(base, active, List.of(mine));
        assertThat(both.files()).isEmpty();
        assertThat(both.conflicts()).singleElement().satisfies(c -> {
            assertThat(c.file()).isEqualTo("rules/decision.drl");
            assertThat(c.sheet()).isNull();
            assertThat(c.in(java.util.Locale.ENGLISH).base()).isNotEqualTo(c.in(java.util.Locale.ENGLISH).active())
                    .isNotEqualTo(c.in(java.util.Locale.ENGLISH).upload()).matches("sha256:[0-9a-f]{12} \\(7 bytes\\)");
            assertThat(c.in(java.util.Locale.FRENCH).base()).matches("sha256:[0-9a-f]{12} \\(7 octets\\)");
        });

        assertThat(PolicyMerge.merge(base, new PolicySet(List.of(drl)), List.of(mine)).files()).containsExactly(mine);
        assertThat(PolicyMerge.undone(base, active, new PolicySet(List.of(drl)))).singleElement()
                .extracting(WorkbookMerge.Conflict::file).isEqualTo("rules/decision.drl");
    }

    @Test
    void theContentDigestOfASetIgnoresAStampButNotAScenario() throws Exception {
        PolicySet stored = new WorkingCopy(tmp.resolve("set")).policySet();
        PolicySource workbook = stored.source("policies/list-quality.xlsx").orElseThrow();
        PolicySet stamped = stored.with(List.of(new PolicySource(workbook.name(), WorkbookStamp.stamp(workbook.content(), "v1"))));
        PolicySet withScenario = stored.with(List.of(new PolicySource("policies/scenarios/x.json",
                Files.readAllBytes(Path.of("docs/examples/evaluation-request.json")))));

        assertThat(stamped.hash()).isNotEqualTo(stored.hash());
        assertThat(PolicyMerge.contentDigest(stamped)).isEqualTo(PolicyMerge.contentDigest(stored));
        assertThat(PolicyMerge.contentDigest(withScenario)).isNotEqualTo(PolicyMerge.contentDigest(stored));
    }
}
