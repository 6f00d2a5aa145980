package io.listguard.console;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.policy.WorkbookMerge;
import io.listguard.policy.WorkingCopy;
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

/**
 * Issue 11 in the console over plain HTTP: a conflicting upload is a page with each cell's three texts and keeps
 * the files, which are sent again with only the corrected one replaced; "validate only" stores nothing; the same
 * content names the stored version; a candidate without a recorded base is activated only when confirmed; a
 * withdrawn candidate is shown as such and cannot be activated.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD)
class ConsoleMergePagesTest {

    static final String EDITOR = "test-editor-key-0123456789";
    static final String WORKBOOK = "list-quality.xlsx";
    static final String SCENARIO = "policies/scenarios/r04-consumer-postal-gardening-mailing-is-opt-out.json";

    @LocalServerPort
    int port;
    @TempDir
    Path tmp;
    ConsoleSession alice;
    ConsoleSession bob;

    @BeforeEach
    void signIn() {
        alice = ConsoleSession.signIn(port, "Alice", EDITOR);
        bob = ConsoleSession.signIn(port, "Bob", EDITOR);
    }

    private byte[] downloadAndEdit(ConsoleSession who, String version, String... cellsAndValues) {
        byte[] downloaded = who.download("/console/policies/versions/" + version + "/files/policies/" + WORKBOOK);
        return WorkingCopy.editDownloaded(tmp.resolve("copy-" + System.nanoTime()), WORKBOOK, downloaded, "Prix", cellsAndValues);
    }

    private static ConsoleSession.Upload file(String name, byte[] content) {
        return new ConsoleSession.Upload("files", name, content);
    }

    private ConsoleSession.Page upload(ConsoleSession who, String path, Map<String, String> fields, ConsoleSession.Upload... files) {
        return who.postMultipart(path, fields, List.of(files));
    }

    private String cell(String version, String address) {
        return WorkbookMerge.cells(alice.download("/console/policies/versions/" + version + "/files/policies/" + WORKBOOK))
                .get("Prix").getOrDefault(address, "");
    }

    private int versionCount() {
        return alice.get("/console/policies").body().split("data-version=\"", -1).length - 1;
    }

    @Test
    void aConflictIsAPageWithTheThreeTextsAndTheKeptFilesAreSentAgainWithOnlyTheCorrectedOneReplaced() throws Exception {
        byte[] fromAlice = downloadAndEdit(alice, "v1", "D14", "120");
        byte[] fromBob = downloadAndEdit(bob, "v1", "D14", "130");
        byte[] scenario = Files.readAllBytes(Path.of(SCENARIO));
        ConsoleSession.Page candidate = upload(alice, "/console/policies/upload", Map.of("comment", "email below 120"), file(WORKBOOK, fromAlice));
        assertThat(candidate.body()).contains("id=\"candidate\"").contains("id=\"changes-from-active\"");
        assertThat(alice.post("/console/policies/versions/v2/activate", Map.of("reason", "DPO")).status()).isEqualTo(302);

        // Bob sends his workbook and a scenario: refused at D14, his files kept
        ConsoleSession.Page refused = upload(bob, "/console/policies/upload", Map.of("comment", "email below 130"),
                file(WORKBOOK, fromBob), file("r04-consumer-postal-gardening-mailing-is-opt-out.json", scenario));

        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("id=\"conflicts\"").contains("data-cell=\"D14\"")
                .containsPattern("(?s)data-cell=\"D14\">.*?>policies/list-quality.xlsx<.*?>Prix<.*?>D14<.*?>150<.*?>120<.*?>130<")
                .contains("Téléchargée (v1)").contains("Active (v2)");
        assertThat(refused.body()).contains("id=\"kept-files\"").contains("<code>policies/list-quality.xlsx</code>").contains("<code>" + SCENARIO + "</code>");
        assertThat(versionCount()).isEqualTo(2);

        // he corrects the workbook (another cell) and sends it again: the kept scenario goes with it
        byte[] corrected = downloadAndEdit(bob, "v1", "E15", "800");
        ConsoleSession.Page again = upload(bob, "/console/policies/upload", Map.of("reuse", "true", "comment", "email above 800"),
                file(WORKBOOK, corrected));

        assertThat(again.status()).as(again.body()).isEqualTo(200);
        assertThat(again.body()).contains("id=\"candidate\"").contains("id=\"merged-files\"")
                .contains("policies/list-quality.xlsx, feuille Prix, cellule E15");
        assertThat(again.body()).contains("Fichiers déposés : policies/list-quality.xlsx, " + SCENARIO);
        assertThat(cell("v3", "D14")).isEqualTo("120");
        assertThat(cell("v3", "E15")).isEqualTo("800");
        // a success forgets the kept files
        assertThat(upload(bob, "/console/policies/upload", Map.of("reuse", "true")).status()).isEqualTo(400);
    }

    @Test
    void validateOnlyShowsTheReportAndStoresNothingAndTheSameContentNamesItsVersion() {
        ConsoleSession.Page checked = upload(alice, "/console/policies/validate", Map.of(), file(WORKBOOK, downloadAndEdit(alice, "v1", "D14", "120")));
        assertThat(checked.status()).isEqualTo(200);
        assertThat(checked.body()).contains("id=\"validated-only\"").contains("rien n’a été enregistré")
                .contains("id=\"changes-from-active\"").contains("feuille Prix, cellule D14").doesNotContain("id=\"candidate\"");
        assertThat(versionCount()).isEqualTo(1);

        ConsoleSession.Page same = upload(alice, "/console/policies/upload", Map.of(), file(WORKBOOK, downloadAndEdit(alice, "v1")));
        assertThat(same.status()).isEqualTo(409);
        assertThat(same.body()).contains("id=\"same-content\"").contains("href=\"/console/policies/versions/v1\"");
        assertThat(versionCount()).isEqualTo(1);
    }

    @Test
    void aCandidateWithoutARecordedBaseIsActivatedOnlyWhenConfirmedAndAWithdrawnOneNever() {
        WorkingCopy shipped = new WorkingCopy(tmp.resolve("shipped")).set(WORKBOOK, "Prix", "D14", "120");
        assertThat(upload(alice, "/console/policies/upload", Map.of(), file(WORKBOOK, shipped.bytes(WORKBOOK))).body()).contains("id=\"reverts\"");
        assertThat(alice.get("/console/policies/versions/v2").body()).contains("id=\"confirm\"").contains("id=\"withdraw\"");

        ConsoleSession.Page unconfirmed = alice.post("/console/policies/versions/v2/activate", Map.of("reason", "go"));
        assertThat(unconfirmed.status()).isEqualTo(409);
        assertThat(unconfirmed.body()).contains("id=\"reverts\"").contains("data-row=\"14\"").contains("id=\"confirm\"");
        ConsoleSession.Page confirmed = alice.post("/console/policies/versions/v2/activate", Map.of("reason", "go", "confirm", "true"));
        assertThat(confirmed.status()).isEqualTo(302);

        upload(bob, "/console/policies/upload", Map.of(), file(WORKBOOK, downloadAndEdit(bob, "v2", "E15", "800"))); // v3, a candidate
        ConsoleSession.Page withdrawn = bob.post("/console/policies/versions/v3/withdraw", Map.of("reason", "not needed any more"));
        assertThat(withdrawn.status()).isEqualTo(302);
        String page = bob.get("/console/policies/versions/v3").body();
        assertThat(page).contains("id=\"withdrawn\"").contains("Bob (via test-editor)").contains("not needed any more")
                .doesNotContain("id=\"activate\"");
        assertThat(bob.get("/console/policies").body()).containsPattern("(?s)data-version=\"v3\".*?badge withdrawn");
        ConsoleSession.Page refused = bob.post("/console/policies/versions/v3/activate", Map.of("reason", "anyway"));
        assertThat(refused.status()).isEqualTo(409);
        assertThat(refused.body()).contains("id=\"state-problem\"").contains("la version v3 a été retirée par"); // in the reader's language
    }

    @Test
    void anOlderCandidateIsRefusedWithTheCellsItWouldUndoAndRebuiltOnTheActiveVersion() {
        upload(bob, "/console/policies/upload", Map.of(), file(WORKBOOK, downloadAndEdit(bob, "v1", "E15", "800"))); // v2, a candidate
        upload(alice, "/console/policies/upload", Map.of(), file(WORKBOOK, downloadAndEdit(alice, "v1", "D14", "120"))); // v3
        assertThat(alice.post("/console/policies/versions/v3/activate", Map.of("reason", "DPO")).status()).isEqualTo(302);

        ConsoleSession.Page stale = bob.post("/console/policies/versions/v2/activate", Map.of("reason", "mine"));

        assertThat(stale.status()).isEqualTo(409);
        assertThat(stale.body()).contains("Cette activation déferait des changements")
                .containsPattern("(?s)data-cell=\"D14\">.*?>D14<.*?>150<.*?>120<.*?>150<").contains("id=\"rebuild\"");
        ConsoleSession.Page rebuilt = bob.post("/console/policies/versions/v2/rebuild", Map.of());
        assertThat(rebuilt.status()).isEqualTo(200);
        assertThat(rebuilt.body()).contains("id=\"rebuilt\"").contains("id=\"candidate\"").contains("v4");
        assertThat(cell("v4", "D14")).isEqualTo("120");
        assertThat(cell("v4", "E15")).isEqualTo("800");
        assertThat(bob.post("/console/policies/versions/v4/activate", Map.of("reason", "rebuilt")).status()).isEqualTo(302);
    }
}
