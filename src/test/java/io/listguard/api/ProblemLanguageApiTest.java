package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.policy.WorkbookMerge;
import io.listguard.policy.WorkingCopy;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 16: problem+json in the caller's language. With {@code Accept-Language: fr} (or fr-FR), each class of
 * problem answers a French title and detail, without an English sentence; without the header, English as before.
 * The {@code type}, {@code status} and {@code code} do not depend on the language.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "listguard.limits.max-body-size=64KB")
class ProblemLanguageApiTest {

    /** English words that a French title or detail must not hold (codes, paths and values aside). */
    private static final Pattern ENGLISH = Pattern.compile("(?i)\\b(the|is|are|not|was|were|must|cannot|invalid|found|nothing|and|with|has|have|"
            + "been|unchanged|did|you|mean|expected|required|larger|than|request|field|error|failed|conflicting|unauthorized|forbidden|upload)\\b");

    @LocalServerPort
    int port;
    @TempDir
    Path tmp;
    HttpJson http;
    String sample;

    @BeforeEach
    void setUp() throws IOException {
        http = new HttpJson(port);
        sample = Files.readString(Path.of("docs/examples/evaluation-request.json"));
    }

    private ObjectNode sampleJson() {
        return (ObjectNode) HttpJson.mapper().readTree(sample);
    }

    /** The problem in French: its status, type and code, and a French title and detail without English words. */
    private static JsonNode french(HttpJson.Response response, int status, String type) {
        assertThat(response.status()).as(response.body()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        JsonNode problem = response.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:listguard:problem:" + type);
        assertThat(problem.get("code").asString()).as("a code a client can act on").isNotBlank();
        String title = problem.get("title").asString();
        String detail = problem.get("detail").asString();
        assertThat(title).as("French title").doesNotContainPattern(ENGLISH);
        assertThat(detail).as("French detail").doesNotContainPattern(ENGLISH);
        return problem;
    }

    private HttpJson.Response evaluate(String body, String language) {
        return language == null ? http.postJson("/api/v1/evaluations", body) : http.postJson("/api/v1/evaluations", body, "Accept-Language", language);
    }

    @Test
    void malformedJsonInFrenchAndInEnglish() {
        String broken = sample.substring(0, sample.indexOf("\"records\"")) + "\"records\": [ { \"id\": } ] }";

        JsonNode fr = french(evaluate(broken, "fr"), 400, "invalid-request");
        assertThat(fr.get("title").asString()).isEqualTo("Requête invalide");
        assertThat(fr.get("detail").asString()).contains("JSON mal formé à la ligne ");
        assertThat(fr.get("errors").get(0).get("code").asString()).isEqualTo("json.malformedAt");

        JsonNode en = evaluate(broken, null).json();
        assertThat(en.get("title").asString()).isEqualTo("Invalid request");
        assertThat(en.get("detail").asString()).contains("malformed JSON at line ");
        assertThat(en.get("code").asString()).isEqualTo(fr.get("code").asString());
    }

    @Test
    void anUnknownEnumValueInFrench() {
        ObjectNode json = sampleJson();
        ((ObjectNode) json.get("campaign")).put("channel", "EMAL");

        JsonNode fr = french(evaluate(json.toString(), "fr-FR"), 400, "invalid-request");

        assertThat(fr.get("detail").asString()).isEqualTo("campaign.channel : ’EMAL’ ne fait pas partie des valeurs admises : EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
        JsonNode error = fr.get("errors").get(0);
        assertThat(error.get("path").asString()).isEqualTo("campaign.channel");
        assertThat(error.get("code").asString()).isEqualTo("json.notOneOf");
        assertThat(error.get("message").asString()).startsWith("’EMAL’ ne fait pas partie");
        assertThat(evaluate(json.toString(), null).json().get("errors").get(0).get("message").asString())
                .isEqualTo("’EMAL’ is not one of EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
    }

    @Test
    void aMisspelledFieldInFrench() {
        ObjectNode json = sampleJson();
        ObjectNode record = (ObjectNode) json.get("records").get(0);
        record.remove("optedOut");
        record.put("opted_out", false);

        JsonNode fr = french(evaluate(json.toString(), "fr"), 400, "invalid-request");

        assertThat(fr.get("detail").asString()).isEqualTo("records[0].opted_out : ’opted_out’ n’est pas un champ ; vouliez-vous dire ’optedOut’ ?");
        assertThat(fr.get("code").asString()).isEqualTo("fields.nearMiss");
    }

    @Test
    void anInvalidRequestInFrenchWithEveryViolation() {
        ObjectNode json = sampleJson();
        ((ObjectNode) json.get("campaign")).remove("channel");
        ((ObjectNode) json.get("campaign")).put("endDate", "2020-01-01");

        JsonNode fr = french(evaluate(json.toString(), "fr"), 400, "invalid-request");

        assertThat(fr.get("detail").asString()).isEqualTo("2 champs sont invalides ; voir errors");
        assertThat(fr.get("errors").toString()).contains("\"path\":\"campaign.channel\",\"message\":\"est obligatoire\",\"code\":\"request.required\"")
                .contains("est antérieure à campaign.startDate");
        JsonNode en = evaluate(json.toString(), null).json();
        assertThat(en.get("detail").asString()).isEqualTo("2 fields are invalid; see errors");
        assertThat(en.get("errors").get(0).get("message").asString()).isEqualTo("is required");
    }

    @Test
    void anOversizedBodyInFrench() {
        String big = "{\"campaign\":{},\"padding\":\"" + "x".repeat(70 * 1024) + "\"}";

        JsonNode fr = french(evaluate(big, "fr"), 413, "payload-too-large");

        assertThat(fr.get("title").asString()).isEqualTo("Requête trop volumineuse");
        assertThat(fr.get("detail").asString()).startsWith("le corps de la requête dépasse 64 Ko");
        assertThat(evaluate(big, null).json().get("detail").asString()).startsWith("the request body is larger than 64 KB");
    }

    @Test
    void notFoundInFrench() {
        JsonNode evaluation = french(http.call("GET", "/api/v1/evaluations/no-such-id", null, "Accept-Language", "fr"), 404, "not-found");
        assertThat(evaluation.get("title").asString()).isEqualTo("Introuvable");
        assertThat(evaluation.get("detail").asString()).isEqualTo("aucune évaluation no-such-id (jamais faite, ou purgée à la fin de la durée de conservation)");
        assertThat(evaluation.get("code").asString()).isEqualTo("api.notFound.evaluation");

        JsonNode version = french(http.call("GET", "/api/v1/policies/versions/v999", null, "Accept-Language", "fr"), 404, "not-found");
        assertThat(version.get("detail").asString()).isEqualTo("aucune version de politique v999");
        assertThat(http.get("/api/v1/policies/versions/v999").json().get("detail").asString()).isEqualTo("no policy version v999");
    }

    @Test
    void aRejectedPolicyInFrench() {
        byte[] failing = new io.listguard.scenario.ScenarioWorkbookCopy().text(14, "expect.reasons", "NONE").bytes();

        HttpJson.Response response = http.postMultipart("/api/v1/policies/versions", List.<Object[]>of(new Object[] {"files", "scenarios.xlsx", failing}),
                Map.of("author", "alice"), "Accept-Language", "fr");

        JsonNode fr = french(response, 422, "policy-rejected");
        assertThat(fr.get("title").asString()).isEqualTo("Politique refusée");
        assertThat(fr.get("detail").asString()).startsWith("1 scénario(s) en échec ; le premier : policies/scenarios/scenarios.xlsx, feuille Cases, cas R6-01")
                .contains("enregistrement r-2 : attendu [] (contactable), obtenu [NO_CONSENT]").endsWith("La version active est inchangée.");
        assertThat(fr.get("code").asString()).isEqualTo("api.policyRejected.scenarios");
        assertThat(fr.get("report").get("valid").asBoolean()).isFalse();
    }

    @Test
    void aConflictInFrench() {
        String active = http.get("/api/v1/policies").json().get("id").asString();
        byte[] downloaded = http.getBytes("/api/v1/policies/versions/" + active + "/files/list-quality.xlsx");
        byte[] fromA = WorkingCopy.editDownloaded(tmp.resolve("a"), "list-quality.xlsx", downloaded, "Prix", "D14", "121");
        byte[] fromB = WorkingCopy.editDownloaded(tmp.resolve("b"), "list-quality.xlsx", downloaded, "Prix", "D14", "131");
        assertThat(http.postMultipart("/api/v1/policies/versions", List.<Object[]>of(new Object[] {"files", "list-quality.xlsx", fromA}),
                Map.of("author", "alice")).status()).isEqualTo(201);

        HttpJson.Response response = http.postMultipart("/api/v1/policies/versions", List.<Object[]>of(new Object[] {"files", "list-quality.xlsx", fromB}),
                Map.of("author", "bob"), "Accept-Language", "fr");

        JsonNode fr = french(response, 409, "policy-conflict");
        assertThat(fr.get("title").asString()).isEqualTo("Modifications en conflit");
        assertThat(fr.get("detail").asString()).startsWith("1 cellule(s) ou fichier(s) ont été modifiés à la fois dans l’envoi")
                .endsWith("Rien n’a été enregistré ni activé.");
        assertThat(fr.get("code").asString()).isEqualTo("merge.conflict");
        assertThat(fr.get("conflicts").get(0).get("cell").asString()).isEqualTo("D14");
        assertThat(WorkbookMerge.cells(fromB).get("Prix").get("D14")).isEqualTo("131");
    }

    @Test
    void unauthorisedAndForbiddenInFrench() {
        HttpJson anonymous = new HttpJson(port, null);
        JsonNode unauthorised = french(anonymous.call("GET", "/api/v1/policies", null, "Accept-Language", "fr"), 401, "unauthorized");
        assertThat(unauthorised.get("title").asString()).isEqualTo("Non authentifié");
        assertThat(unauthorised.get("detail").asString()).startsWith("une clé d’API valide est requise");
        assertThat(anonymous.get("/api/v1/policies").json().get("title").asString()).isEqualTo("Unauthorized");

        HttpJson evaluator = new HttpJson(port, HttpJson.EVALUATOR_KEY);
        JsonNode forbidden = french(evaluator.call("GET", "/api/v1/suppressions", null, "Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5"), 403, "forbidden");
        assertThat(forbidden.get("title").asString()).isEqualTo("Accès refusé");
        assertThat(forbidden.get("detail").asString()).isEqualTo("les rôles de cette clé d’API ne permettent pas GET /api/v1/suppressions");
    }

    @Test
    void anotherLanguageGetsEnglish() {
        ObjectNode json = sampleJson();
        ((ObjectNode) json.get("campaign")).remove("channel");
        assertThat(evaluate(json.toString(), "de-DE").json().get("title").asString()).isEqualTo("Invalid request");
        assertThat(evaluate(json.toString(), "de, fr;q=0.5").json().get("title").asString()).isEqualTo("Requête invalide");
    }
}
