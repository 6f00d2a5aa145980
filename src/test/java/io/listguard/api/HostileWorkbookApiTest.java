package io.listguard.api;

import static io.listguard.policy.HostileWorkbooks.MARKER;
import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.policy.HostileWorkbooks;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;

/**
 * A policy editor's key cannot run code: every hostile workbook is refused by validate and by upload, over HTTP,
 * with its file, sheet, cell and message code, nothing is stored and the payload never runs.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class HostileWorkbookApiTest {

    @LocalServerPort
    int port;

    @AfterEach
    void thePayloadNeverRan() {
        assertThat(System.getProperty(MARKER)).as("the payload's Java ran").isNull();
    }

    @Test
    void theReferenceExploitIsRefusedByValidateAndUploadAtPricesG14() {
        HttpJson editor = new HttpJson(port, HttpJson.EDITOR_KEY);
        byte[] exploit = HostileWorkbooks.referenceExploit().bytes();

        HttpJson.Response validated = upload(editor, "/api/v1/policies/validate", exploit, Map.of());
        assertThat(validated.status()).isEqualTo(200);
        JsonNode report = validated.json();
        assertThat(report.get("valid").asBoolean()).isFalse();
        assertThat(!report.has("scenarios")).as("nothing compiled or run").isTrue();
        assertThat(report.get("errors")).anySatisfy(e -> {
            assertThat(e.path("source").asString()).isEqualTo("policies/list-quality.xlsx");
            assertThat(e.path("sheet").asString()).isEqualTo("Prix");
            assertThat(e.path("cell").asString()).isEqualTo("G14");
            assertThat(e.path("code").asString()).isEqualTo("WORKBOOK_FORMULA_STALE");
        });

        int versionsBefore = editor.get("/api/v1/policies/versions").json().size();
        HttpJson.Response uploaded = upload(editor, "/api/v1/policies/versions", exploit, Map.of("author", "mallory"));
        assertThat(uploaded.status()).isEqualTo(422);
        assertThat(uploaded.body()).contains("G14").contains("formula");
        assertThat(editor.get("/api/v1/policies/versions").json().size()).as("nothing stored").isEqualTo(versionsBefore);
    }

    @Test
    void everyHostileWorkbookIsRefusedByValidateAtItsCellOrPart() {
        HttpJson editor = new HttpJson(port, HttpJson.EDITOR_KEY);
        for (HostileWorkbooks.Hostile hostile : HostileWorkbooks.all()) {
            JsonNode report = upload(editor, "/api/v1/policies/validate", hostile.bytes(), Map.of()).json();
            assertThat(report.get("valid").asBoolean()).as(hostile.description()).isFalse();
            assertThat(report.get("errors")).as(hostile.description()).anySatisfy(e -> {
                assertThat(e.path("source").asString()).isEqualTo("policies/" + hostile.fileName());
                if (hostile.cell() != null) {
                    assertThat(e.path("sheet").asString() + "!" + e.path("cell").asString()).isEqualTo(hostile.sheet() + "!" + hostile.cell());
                }
                if (hostile.code() != null) {
                    assertThat(e.path("code").asString()).isEqualTo(hostile.code());
                }
            });
        }
    }

    @Test
    void theConsoleRefusesTheExploitAndTellsTheEditorInFrenchWhichCellHoldsAFormula() {
        io.listguard.console.ConsoleSession editor = io.listguard.console.ConsoleSession.signIn(port, "Mallory", HttpJson.EDITOR_KEY);
        io.listguard.console.ConsoleSession.Page page = editor.postMultipart("/console/policies/upload", Map.of("comment", "prix"),
                List.of(new io.listguard.console.ConsoleSession.Upload("files", "list-quality.xlsx", HostileWorkbooks.referenceExploit().bytes())));
        assertThat(page.status()).isEqualTo(422);
        assertThat(page.body()).contains("G14 contient une formule (=YES) qui affiche « YES » mais calcule")
                .contains("ce classeur définit le nom « YES »");
    }

    private static HttpJson.Response upload(HttpJson http, String path, byte[] workbook, Map<String, String> fields) {
        return http.postMultipart(path, List.<Object[]>of(new Object[] {"files", "list-quality.xlsx", workbook}), fields);
    }
}
