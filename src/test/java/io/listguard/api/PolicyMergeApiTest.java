package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.policy.WorkbookMerge;
import io.listguard.policy.WorkbookStamp;
import io.listguard.policy.WorkingCopy;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * Issue 11 through real HTTP: two compliance officers download v1; A changes one cell and activates it; B's upload
 * from the same download is merged (A's change kept) or refused at the cell both changed, with its three texts; a
 * workbook that records no download is activated only once its reverted rows are confirmed; an older candidate is
 * not activated over a newer change; candidates are withdrawn; the same content names the existing version; and
 * validating stores nothing.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD)
class PolicyMergeApiTest {

    static final String WORKBOOK = "list-quality.xlsx";

    @LocalServerPort
    int port;
    @TempDir
    Path tmp;
    HttpJson http;

    @BeforeEach
    void setUp() {
        http = new HttpJson(port);
    }

    /** A person's copy of the workbook as downloaded from a version, edited cell by cell on sheet Prix. */
    private byte[] downloadAndEdit(String person, String version, String... cellsAndValues) {
        byte[] downloaded = http.getBytes("/api/v1/policies/versions/" + version + "/files/" + WORKBOOK);
        return WorkingCopy.editDownloaded(tmp.resolve(person + "-" + System.nanoTime()), WORKBOOK, downloaded, "Prix", cellsAndValues);
    }

    /** The same edit on the workbook as it ships (no recorded download). */
    private byte[] unbasedEdit(String... cellsAndValues) {
        WorkingCopy copy = new WorkingCopy(tmp.resolve("unbased-" + System.nanoTime()));
        for (int i = 0; i < cellsAndValues.length; i += 2) {
            copy.set(WORKBOOK, "Prix", cellsAndValues[i], cellsAndValues[i + 1]);
        }
        return copy.bytes(WORKBOOK);
    }

    private HttpJson.Response upload(byte[] workbook, String query, String author) {
        return http.postMultipart("/api/v1/policies/versions" + query, List.<Object[]>of(new Object[] {"files", WORKBOOK, workbook}),
                Map.of("author", author));
    }

    private String cell(String version, String address) {
        byte[] stored = http.getBytes("/api/v1/policies/versions/" + version + "/files/" + WORKBOOK);
        return WorkbookMerge.cells(stored).get("Prix").getOrDefault(address, "");
    }

    private String activeVersion() {
        return http.get("/api/v1/policies").json().get("id").asString();
    }

    private int versionCount() {
        return http.get("/api/v1/policies/versions").json().size();
    }

    @Test
    void aDownloadRecordsItsVersionAndIsOtherwiseTheStoredWorkbook() throws Exception {
        byte[] downloaded = http.getBytes("/api/v1/policies/versions/v1/files/" + WORKBOOK);
        assertThat(WorkbookStamp.baseVersion(downloaded)).contains("v1");
        assertThat(WorkbookMerge.cells(downloaded)).isEqualTo(WorkbookMerge.cells(Files.readAllBytes(Path.of("policies", WORKBOOK))));
        assertThat(http.getBytes("/api/v1/policies/versions/v1/files/rules/decision.drl")).isEqualTo(Files.readAllBytes(Path.of("rules/decision.drl")));
    }

    @Test
    void bsUploadFromAnOlderDownloadIsMergedAndKeepsAsChange() {
        byte[] fromA = downloadAndEdit("a", "v1", "D14", "120");
        byte[] fromB = downloadAndEdit("b", "v1", "E15", "800");

        HttpJson.Response a = upload(fromA, "", "alice");
        assertThat(a.status()).as(a.body()).isEqualTo(201);
        assertThat(activeVersion()).isEqualTo("v2");

        HttpJson.Response b = upload(fromB, "", "bob");

        assertThat(b.status()).as(b.body()).isEqualTo(201);
        assertThat(b.json().get("version").get("id").asString()).isEqualTo("v3");
        assertThat(b.json().get("version").get("baseVersion").asString()).isEqualTo("v2");
        assertThat(b.json().get("candidate").get("mergedFiles").toString()).contains("policies/" + WORKBOOK);
        // what v3 changes relative to the ACTIVE version (v2): B's cell only, not A's
        String changes = b.json().get("candidate").get("changesFromActive").toString();
        assertThat(changes).contains("\"addressB\":\"E15\"").contains("\"newText\":\"800\"").doesNotContain("\"addressB\":\"D14\"");
        assertThat(activeVersion()).isEqualTo("v3");
        assertThat(cell("v3", "D14")).isEqualTo("120"); // A's change is kept
        assertThat(cell("v3", "E15")).isEqualTo("800"); // B's change applied
        assertThat(cell("v3", "K14")).isEqualTo("List quality §5: price positioning");
        JsonNode evaluation = http.postJson("/api/v1/evaluations", sampleRequest()).json();
        assertThat(evaluation.get("policyVersion").get("id").asString()).isEqualTo("v3");
    }

    @Test
    void theSameCellChangedByBothIsA409WithTheThreeValuesAndNothingIsStored() {
        byte[] fromA = downloadAndEdit("a", "v1", "D14", "120");
        byte[] fromB = downloadAndEdit("b", "v1", "D14", "130", "E15", "800");
        assertThat(upload(fromA, "", "alice").status()).isEqualTo(201);

        HttpJson.Response b = upload(fromB, "", "bob");

        assertThat(b.status()).as(b.body()).isEqualTo(409);
        assertThat(b.contentType()).startsWith("application/problem+json");
        assertThat(b.json().get("type").asString()).isEqualTo("urn:listguard:problem:policy-conflict");
        assertThat(b.json().get("baseVersion").asString()).isEqualTo("v1");
        assertThat(b.json().get("activeVersion").asString()).isEqualTo("v2");
        JsonNode conflicts = b.json().get("conflicts");
        assertThat(conflicts).hasSize(1);
        assertThat(conflicts.get(0).get("file").asString()).isEqualTo("policies/" + WORKBOOK);
        assertThat(conflicts.get(0).get("sheet").asString()).isEqualTo("Prix");
        assertThat(conflicts.get(0).get("cell").asString()).isEqualTo("D14");
        assertThat(conflicts.get(0).get("base").asString()).isEqualTo("150");
        assertThat(conflicts.get(0).get("active").asString()).isEqualTo("120");
        assertThat(conflicts.get(0).get("upload").asString()).isEqualTo("130");
        assertThat(versionCount()).isEqualTo(2);
        assertThat(activeVersion()).isEqualTo("v2");
        assertThat(cell("v2", "D14")).isEqualTo("120");
    }

    @Test
    void aWorkbookWithoutARecordedBaseThatRevertsAsRowIsActivatedOnlyWhenConfirmed() {
        assertThat(upload(downloadAndEdit("a", "v1", "D14", "120"), "", "alice").status()).isEqualTo(201);
        byte[] unbased = unbasedEdit("E15", "800"); // the shipped workbook: row 14 still says 150

        HttpJson.Response checked = http.postMultipart("/api/v1/policies/validate",
                List.<Object[]>of(new Object[] {"files", WORKBOOK, unbased}), Map.of());
        assertThat(checked.json().get("valid").asBoolean()).isTrue();
        assertThat(rows(checked.json().get("candidate").get("reverts"))).containsExactly(14, 15);

        HttpJson.Response refused = upload(unbased, "", "bob");
        assertThat(refused.status()).as(refused.body()).isEqualTo(409);
        assertThat(refused.json().get("type").asString()).isEqualTo("urn:listguard:problem:confirmation-required");
        JsonNode reverts = refused.json().get("reverts");
        assertThat(rows(reverts)).containsExactly(14, 15);
        assertThat(reverts.get(0).get("sheet").asString()).isEqualTo("Prix");
        assertThat(reverts.get(0).get("changes").toString()).contains("\"oldText\":\"120\"").contains("\"newText\":\"150\"");
        assertThat(reverts.get(0).get("message").asString()).contains("row 14 of the active version would be changed");
        assertThat(versionCount()).isEqualTo(2);
        assertThat(activeVersion()).isEqualTo("v2");

        HttpJson.Response confirmed = upload(unbased, "?confirm=true", "bob");
        assertThat(confirmed.status()).as(confirmed.body()).isEqualTo(201);
        assertThat(activeVersion()).isEqualTo("v3");
        assertThat(cell("v3", "D14")).isEqualTo("150"); // confirmed: the row is replaced as the person asked

        // stored as a candidate first, the same workbook must be confirmed when it is activated
        HttpJson.Response candidate = upload(unbasedEdit("E15", "700"), "?activate=false", "carol");
        assertThat(candidate.status()).as(candidate.body()).isEqualTo(201);
        String id = candidate.json().get("version").get("id").asString();
        HttpJson.Response unconfirmed = http.postJson("/api/v1/policies/versions/" + id + "/activate", "{\"reason\":\"cheaper\"}");
        assertThat(unconfirmed.status()).as(unconfirmed.body()).isEqualTo(409);
        assertThat(unconfirmed.json().get("detail").asString()).contains("row(s) of the active version v3");
        assertThat(activeVersion()).isEqualTo("v3");
        assertThat(http.postJson("/api/v1/policies/versions/" + id + "/activate?confirm=true", "{\"reason\":\"cheaper\"}").status()).isEqualTo(200);
        assertThat(activeVersion()).isEqualTo(id);
        assertThat(http.get("/api/v1/policies/activations").json().get(0).get("reason").asString())
                .isEqualTo("cheaper (confirmed: 1 row(s) of v3 replaced)");
    }

    @Test
    void anOlderCandidateIsNotActivatedOverANewerChangeUntilRebuilt() {
        HttpJson.Response candidate = upload(downloadAndEdit("b", "v1", "E15", "800"), "?activate=false", "bob");
        assertThat(candidate.json().get("version").get("id").asString()).isEqualTo("v2");
        assertThat(upload(downloadAndEdit("a", "v1", "D14", "120"), "", "alice").status()).isEqualTo(201); // v3, active

        HttpJson.Response stale = http.postJson("/api/v1/policies/versions/v2/activate", "{\"reason\":\"go\"}");

        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.json().get("type").asString()).isEqualTo("urn:listguard:problem:policy-conflict");
        assertThat(stale.json().get("conflicts")).hasSize(1);
        JsonNode undone = stale.json().get("conflicts").get(0);
        assertThat(undone.get("cell").asString()).isEqualTo("D14");
        assertThat(undone.get("base").asString()).isEqualTo("150");
        assertThat(undone.get("active").asString()).isEqualTo("120");
        assertThat(undone.get("upload").asString()).isEqualTo("150");
        assertThat(activeVersion()).isEqualTo("v3");

        HttpJson.Response rebuilt = http.postMultipart("/api/v1/policies/versions/v2/rebuild", List.of(), Map.of("author", "bob"));
        assertThat(rebuilt.status()).as(rebuilt.body()).isEqualTo(201);
        assertThat(rebuilt.json().get("version").get("id").asString()).isEqualTo("v4");
        assertThat(cell("v4", "D14")).isEqualTo("120");
        assertThat(cell("v4", "E15")).isEqualTo("800");
        assertThat(http.postJson("/api/v1/policies/versions/v4/activate", "{\"reason\":\"rebuilt\"}").status()).isEqualTo(200);
        assertThat(activeVersion()).isEqualTo("v4");
        // a rollback to a version that was active is still possible: undoing is what it is for
        assertThat(http.postJson("/api/v1/policies/versions/v1/activate", "{\"reason\":\"rollback\"}").status()).isEqualTo(200);
    }

    @Test
    void aWithdrawnCandidateIsListedAsSuchAndCannotBeActivated() {
        upload(downloadAndEdit("b", "v1", "E15", "800"), "?activate=false", "bob");

        assertThat(http.postJson("/api/v1/policies/versions/v2/withdraw", "{\"reason\":\"\"}").status()).isEqualTo(400);
        HttpJson.Response withdrawn = http.postJson("/api/v1/policies/versions/v2/withdraw", "{\"actor\":\"bob\",\"reason\":\"superseded by the DPO's change\"}");

        assertThat(withdrawn.status()).as(withdrawn.body()).isEqualTo(200);
        JsonNode withdrawal = http.get("/api/v1/policies/versions/v2").json().get("withdrawal");
        assertThat(withdrawal.get("by").asString()).isEqualTo("bob (via test-admin)");
        assertThat(withdrawal.get("reason").asString()).isEqualTo("superseded by the DPO's change");
        assertThat(withdrawal.get("at").asString()).isNotBlank();
        HttpJson.Response activation = http.postJson("/api/v1/policies/versions/v2/activate", "{}");
        assertThat(activation.status()).isEqualTo(409);
        assertThat(activation.json().get("detail").asString()).contains("withdrawn by bob");
        assertThat(activeVersion()).isEqualTo("v1");
        assertThat(http.postJson("/api/v1/policies/versions/v2/withdraw", "{\"reason\":\"again\"}").status()).isEqualTo(409);
        assertThat(http.postJson("/api/v1/policies/versions/v1/withdraw", "{\"reason\":\"the active one\"}").status()).isEqualTo(409);
        JsonNode v1 = http.get("/api/v1/policies/versions/v1").json();
        assertThat(v1.get("id").asString()).isEqualTo("v1");
        assertThat(v1.has("withdrawal") && !v1.get("withdrawal").isNull()).as("v1 is not withdrawn").isFalse();
    }

    @Test
    void anUploadWithTheContentOfAStoredVersionNamesIt() {
        HttpJson.Response unchanged = upload(downloadAndEdit("a", "v1"), "", "alice"); // a stamped download sent back as it is
        assertThat(unchanged.status()).as(unchanged.body()).isEqualTo(409);
        assertThat(unchanged.json().get("type").asString()).isEqualTo("urn:listguard:problem:same-content");
        assertThat(unchanged.json().get("existingVersion").asString()).isEqualTo("v1");

        assertThat(upload(downloadAndEdit("a", "v1", "D14", "120"), "?activate=false", "alice").status()).isEqualTo(201); // v2
        // B made the very same change from his own download: v2 is named, no v3
        HttpJson.Response same = upload(downloadAndEdit("b", "v1", "D14", "120"), "?activate=false", "bob");
        assertThat(same.status()).isEqualTo(409);
        assertThat(same.json().get("existingVersion").asString()).isEqualTo("v2");
        assertThat(versionCount()).isEqualTo(2);
    }

    @Test
    void validatingAMergedChangeStoresNothing() {
        assertThat(upload(downloadAndEdit("a", "v1", "D14", "120"), "", "alice").status()).isEqualTo(201);

        HttpJson.Response report = http.postMultipart("/api/v1/policies/validate",
                List.<Object[]>of(new Object[] {"files", WORKBOOK, downloadAndEdit("b", "v1", "E15", "800")}), Map.of());

        assertThat(report.status()).isEqualTo(200);
        assertThat(report.json().get("valid").asBoolean()).isTrue();
        assertThat(report.json().get("scenarios").get("failed").asInt()).isZero();
        assertThat(report.json().get("candidate").get("activeVersion").asString()).isEqualTo("v2");
        assertThat(report.json().get("candidate").get("mergedFiles").toString()).contains(WORKBOOK);
        assertThat(report.json().get("candidate").get("changesFromActive").toString()).contains("\"addressB\":\"E15\"").doesNotContain("\"addressB\":\"D14\"");
        HttpJson.Response conflict = http.postMultipart("/api/v1/policies/validate",
                List.<Object[]>of(new Object[] {"files", WORKBOOK, downloadAndEdit("c", "v1", "D14", "99")}), Map.of());
        assertThat(conflict.status()).isEqualTo(409);
        assertThat(versionCount()).isEqualTo(2);
        assertThat(activeVersion()).isEqualTo("v2");
    }

    private static List<Integer> rows(JsonNode reverts) {
        List<Integer> rows = new java.util.ArrayList<>();
        reverts.forEach(r -> rows.add(r.get("row").asInt()));
        return rows;
    }

    private static String sampleRequest() {
        try {
            return Files.readString(Path.of("docs/examples/evaluation-request.json"));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
