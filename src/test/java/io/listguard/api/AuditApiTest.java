package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.policy.WorkingCopy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.LocalDate;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * What auditors read: every evaluation stored with its trace, searchable, explained record by record, found again
 * from a person's email, exported, replayed under another version; never an email, phone or address in clear.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD)
class AuditApiTest {

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    @TempDir
    Path tmp;
    HttpJson http;
    String sample;

    @BeforeEach
    void setUp() throws Exception {
        http = new HttpJson(port);
        sample = Files.readString(Path.of("docs/examples/evaluation-request.json"));
    }

    private JsonNode evaluate() {
        HttpJson.Response r = http.postJson("/api/v1/evaluations", sample);
        assertThat(r.status()).isEqualTo(200);
        return r.json();
    }

    @Test
    void aStoredEvaluationIsTheAnswerAsGivenWithItsTrace() {
        JsonNode answer = evaluate();
        String id = answer.get("evaluationId").asString();

        JsonNode stored = http.get("/api/v1/evaluations/" + id).json();

        assertThat(stored.get("decision").asString()).isEqualTo(answer.get("decision").asString());
        assertThat(stored.get("policyVersion")).isEqualTo(answer.get("policyVersion"));
        assertThat(stored.get("trace")).isEqualTo(answer.get("trace"));
        assertThat(stored.get("records")).isEqualTo(answer.get("records"));
        assertThat(http.get("/api/v1/evaluations/no-such-id").status()).isEqualTo(404);
    }

    @Test
    void searchFiltersByCampaignDecisionCodeAndPeriodNewestFirst() {
        String first = evaluate().get("evaluationId").asString();
        String second = evaluate().get("evaluationId").asString();
        String today = LocalDate.now().toString();
        String tomorrow = LocalDate.now().plusDays(1).toString();

        JsonNode page = http.get("/api/v1/evaluations?campaignId=CMP-7&decision=APPROVED_WITH_EXCLUSIONS&code=TARGETING_MISMATCH&from="
                + today + "&to=" + tomorrow).json();
        assertThat(page.get("total").asLong()).isEqualTo(2);
        assertThat(page.get("items").get(0).get("id").asString()).isEqualTo(second);
        assertThat(page.get("items").get(1).get("id").asString()).isEqualTo(first);
        assertThat(page.get("items").get(0).get("caller").asString()).isEqualTo("test-admin");
        assertThat(page.get("items").get(0).get("codes").toString()).contains("PRICE_BELOW_MARKET").contains("OPTED_OUT");

        assertThat(http.get("/api/v1/evaluations?code=SECTOR_BANNED").json().get("total").asLong()).isZero();
        assertThat(http.get("/api/v1/evaluations?decision=REJECTED").json().get("total").asLong()).isZero();
        assertThat(http.get("/api/v1/evaluations?to=" + today).json().get("total").asLong()).isZero();
        assertThat(http.get("/api/v1/evaluations?page=1&size=1").json().get("items").get(0).get("id").asString()).isEqualTo(first);
        assertThat(http.get("/api/v1/evaluations?from=yesterday").status()).isEqualTo(400);
    }

    @Test
    void aRecordIsExplainedWithEveryRuleThatFiredForItAndItsLegalReference() {
        String id = evaluate().get("evaluationId").asString();

        JsonNode r2 = http.get("/api/v1/evaluations/" + id + "/records/r-2").json();

        assertThat(r2.get("verdict").get("contactable").asBoolean()).isFalse();
        assertThat(r2.get("verdict").get("reasons").toString()).isEqualTo("[\"TARGETING_MISMATCH\"]");
        JsonNode rules = r2.get("rules");
        assertThat(rules.toString()).contains("\"sheet\":\"Régime\"").contains("\"sheet\":\"Ciblage\"").contains("\"code\":\"TARGETING_MISMATCH\"");
        for (JsonNode rule : rules) {
            assertThat(rule.get("facts").toString()).contains("record:r-2");
            assertThat(rule.get("legalRef").asString()).isNotBlank();
        }
        assertThat(http.get("/api/v1/evaluations/" + id + "/records/r-99").status()).isEqualTo(404);
    }

    @Test
    void aPersonIsFoundAgainByEmailOrPhoneThroughTheKeyedHash() {
        String first = evaluate().get("evaluationId").asString();
        String second = evaluate().get("evaluationId").asString();

        JsonNode found = http.postJson("/api/v1/records/lookup", "{\"email\": \"Jean.Dupont@Example.org\"}").json().get("items");

        assertThat(found).hasSize(2);
        assertThat(List.of(found.get(0).get("evaluationId").asString(), found.get(1).get("evaluationId").asString()))
                .containsExactly(second, first);
        assertThat(found.get(0).get("recordId").asString()).isEqualTo("r-2");
        assertThat(found.get(0).get("reasons").toString()).contains("TARGETING_MISMATCH");
        assertThat(http.postJson("/api/v1/records/lookup", "{\"email\": \"nobody@example.org\"}").json().get("items")).isEmpty();
        assertThat(http.postJson("/api/v1/records/lookup", "{}").status()).isEqualTo(400);
        assertThat(http.get("/api/v1/records/lookup?email=Jean.Dupont@Example.org").status()).isEqualTo(405); // the GET form is gone
    }

    @Test
    void exportsStreamCsvAndJsonLines() {
        evaluate();
        evaluate();
        String csv = http.get("/api/v1/evaluations/export?format=csv&campaignId=CMP-7").body();
        assertThat(csv.lines()).hasSize(3);
        assertThat(csv.lines().findFirst().orElseThrow()).startsWith("id,evaluatedAt,caller,campaignId");
        assertThat(csv).contains(",test-admin,CMP-7,F-12,").contains("APPROVED_WITH_EXCLUSIONS").contains("TARGETING_MISMATCH");
        String jsonl = http.get("/api/v1/evaluations/export?format=jsonl").body();
        assertThat(jsonl.lines()).hasSize(2).allSatisfy(line -> assertThat(line).startsWith("{\"id\":"));
    }

    @Test
    void theCsvExportQuotesAndDefusesTheIdsTheCallerGave() {
        ObjectNode request = (ObjectNode) HttpJson.mapper().readTree(sample);
        ((ObjectNode) request.get("campaign")).put("id", "-CMP, \"7\"");
        ((ObjectNode) request.get("file")).put("id", "=HYPERLINK(\"http://evil.example\",\"F-12\")");
        assertThat(http.postJson("/api/v1/evaluations", request.toString()).status()).isEqualTo(200);

        String csv = http.get("/api/v1/evaluations/export?format=csv").body();
        List<de.siegmar.fastcsv.reader.CsvRecord> rows = de.siegmar.fastcsv.reader.CsvReader.builder().ofCsvRecord(csv).stream().toList();
        assertThat(rows).hasSize(2);
        assertThat(rows.get(1).getField(3)).as("campaignId, its comma and quotes kept in one cell").isEqualTo("'-CMP, \"7\"");
        assertThat(rows.get(1).getField(4)).as("fileId reaches a spreadsheet as text").isEqualTo("'=HYPERLINK(\"http://evil.example\",\"F-12\")");
        assertThat(rows.get(1).getField(7)).isEqualTo("APPROVED_WITH_EXCLUSIONS");
    }

    @Test
    void noEmailPhoneOrAddressIsStoredInClear() {
        evaluate();
        String everything = String.join("\n", jdbc.queryForList("select * from evaluation").toString(),
                jdbc.queryForList("select * from evaluation_record").toString(), jdbc.queryForList("select * from evaluation_code").toString());
        assertThat(everything).contains("CMP-7").contains("r-2");
        for (String personal : List.of("claire.martin", "jean.dupont", "example.org", "not-an-email", "lea.moreau")) {
            assertThat(everything).doesNotContainIgnoringCase(personal);
        }
    }

    @Test
    void anEvaluationThatCannotBeAuditedIsRefusedAndServiceResumesWhenTheDatabaseDoes() {
        jdbc.execute("alter table evaluation rename to evaluation_away");
        try {
            HttpJson.Response refused = http.postJson("/api/v1/evaluations", sample);
            assertThat(refused.status()).isEqualTo(503);
            assertThat(refused.json().get("type").asString()).isEqualTo("urn:listguard:problem:audit-unavailable");
            assertThat(refused.body()).doesNotContain("\"decision\"");
        } finally {
            jdbc.execute("alter table evaluation_away rename to evaluation");
        }
        assertThat(http.postJson("/api/v1/evaluations", sample).status()).isEqualTo(200);
    }

    @Test
    void replayingACandidateVersionReportsTheVerdictsItWouldChangeAndTheRulesBehind() throws Exception {
        String id = evaluate().get("evaluationId").asString();
        WorkingCopy copy = new WorkingCopy(tmp).set("list-quality.xlsx", "Ciblage", "I14", "false"); // childcare to retired people allowed
        // the scenario that expected the old behaviour is updated with the change, as compliance staff would
        String scenarioName = "r18-r20-q-target-q-hygiene-childcare-email-file-with-objections-old-data-and-poor-targeting.json";
        ObjectNode scenario = (ObjectNode) HttpJson.mapper().readTree(Files.readString(Path.of("policies/scenarios", scenarioName)));
        ObjectNode expect = (ObjectNode) scenario.get("expect");
        expect.putArray("findings").add("HIGH_INVALID_CONTACT_RATE");
        ((ObjectNode) expect.get("records")).putArray("r-5");
        HttpJson.Response candidate = http.postMultipart("/api/v1/policies/versions?activate=false",
                List.<Object[]>of(new Object[] {"files", "list-quality.xlsx", copy.bytes("list-quality.xlsx")},
                        new Object[] {"files", scenarioName, scenario.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8)}),
                Map.of("author", "alice"));
        assertThat(candidate.status()).as(candidate.body().substring(0, Math.min(600, candidate.body().length()))).isEqualTo(201);
        assertThat(http.get("/api/v1/policies").json().get("id").asString()).as("a candidate is not active").isEqualTo("v1");

        JsonNode report = http.postJson("/api/v1/policies/versions/v2/replay?from=" + LocalDate.now() + "&to=" + LocalDate.now().plusDays(1), "")
                .json();

        assertThat(report.get("evaluations").asInt()).isEqualTo(1);
        assertThat(report.get("replayed").asInt()).isEqualTo(1);
        assertThat(report.get("decisionsChanged").asInt()).isZero();
        assertThat(report.get("recordsCompared").asLong()).isEqualTo(6);
        assertThat(report.get("recordVerdictsChanged").asLong()).isEqualTo(1);
        JsonNode then = report.get("recordsBefore");
        JsonNode now = report.get("recordsAfter");
        assertThat(then.get("total").asInt()).isEqualTo(6);
        assertThat(now.get("total").asInt()).isEqualTo(6);
        assertThat(now.get("contactable").asInt()).as("r-2 becomes contactable").isEqualTo(then.get("contactable").asInt() + 1);
        assertThat(then.get("excludedBy").get("TARGETING_MISMATCH").asInt() - now.get("excludedBy").path("TARGETING_MISMATCH").asInt(0)).isEqualTo(1);
        JsonNode change = report.get("recordChanges").get(0);
        assertThat(change.get("evaluationId").asString()).isEqualTo(id);
        assertThat(change.get("recordId").asString()).isEqualTo("r-2");
        assertThat(change.get("contactableBefore").asBoolean()).isFalse();
        assertThat(change.get("contactableAfter").asBoolean()).isTrue();
        assertThat(change.get("rulesOnlyBefore").toString()).contains("policies/list-quality.xlsx Ciblage row 14 (TARGETING_MISMATCH)");
        // issue 16: a French auditor reads the rule's place in French
        JsonNode inFrench = http.postJson("/api/v1/policies/versions/v2/replay?from=" + LocalDate.now() + "&to="
                + LocalDate.now().plusDays(1), "", "Accept-Language", "fr-FR").json();
        assertThat(inFrench.get("recordChanges").get(0).get("rulesOnlyBefore").toString())
                .contains("policies/list-quality.xlsx Ciblage ligne 14 (TARGETING_MISMATCH)").doesNotContain(" row ");
        assertThat(http.get("/api/v1/evaluations?from=" + LocalDate.now()).json().get("total").asLong()).as("replay stores nothing").isEqualTo(1);
    }

    @Test
    void replayingACandidateReportsAWarningThatWouldDisappearThoughNoDecisionOrVerdictChanges() {
        JsonNode evaluated = evaluate();
        String id = evaluated.get("evaluationId").asString();
        assertThat(evaluated.get("findings").toString()).as("the sample's file is cheap: EUR 90 per thousand").contains("PRICE_BELOW_MARKET");
        // the email price band's lower bound moves from 150 to 80 (Q-PRICE): the sample's warning would disappear
        WorkingCopy copy = new WorkingCopy(tmp).set("list-quality.xlsx", "Prix", "D14", "80");
        HttpJson.Response candidate = http.postMultipart("/api/v1/policies/versions?activate=false",
                List.<Object[]>of(new Object[] {"files", "list-quality.xlsx", copy.bytes("list-quality.xlsx")}), Map.of("author", "alice"));
        assertThat(candidate.status()).as(candidate.body()).isEqualTo(201);
        String version = candidate.json().get("version").get("id").asString();

        JsonNode report = http.postJson("/api/v1/policies/versions/" + version + "/replay?from=" + LocalDate.now() + "&to="
                + LocalDate.now().plusDays(1), "").json();

        assertThat(report.get("replayed").asInt()).isEqualTo(1);
        assertThat(report.get("decisionsChanged").asInt()).isZero();
        assertThat(report.get("recordVerdictsChanged").asLong()).isZero();
        assertThat(report.get("findingsChanged").asInt()).isEqualTo(1);
        JsonNode change = report.get("findingChanges").get(0);
        assertThat(change.get("evaluationId").asString()).isEqualTo(id);
        assertThat(change.get("removed").toString()).isEqualTo("[\"PRICE_BELOW_MARKET (WARNING)\"]");
        assertThat(change.get("added")).isEmpty();
        assertThat(change.get("rulesOnlyBefore").toString()).contains("policies/list-quality.xlsx Prix row 14 (PRICE_BELOW_MARKET)");
        assertThat(change.get("evaluation").asString()).isEqualTo("/api/v1/evaluations/" + id);
        assertThat(http.get(change.get("evaluation").asString()).status()).isEqualTo(200);
    }

    // ---- issue 16, item 2: the trail keeps the policy texts in both languages

    @Test
    void aStoredEvaluationKeepsBothLanguagesOfItsTextsWhateverTheCallersWas() {
        String id = evaluate().get("evaluationId").asString(); // asked in English

        JsonNode french = http.call("GET", "/api/v1/evaluations/" + id, null, "Accept-Language", "fr").json();
        JsonNode decision = entry(french.get("trace"), "APPROVED_WITH_EXCLUSIONS");
        assertThat(decision.get("legalRef").asString()).isEqualTo(EvaluationApiTest.DECISION_REF_FR);
        JsonNode both = http.get("/api/v1/evaluations/" + id + "?texts=all").json();
        assertThat(entry(both.get("trace"), "APPROVED_WITH_EXCLUSIONS").get("legalRef").asString()).isEqualTo(EvaluationApiTest.DECISION_REF_EN);
        assertThat(entry(both.get("trace"), "APPROVED_WITH_EXCLUSIONS").get("legalRefs").get("fr").asString())
                .isEqualTo(EvaluationApiTest.DECISION_REF_FR);
        assertThat(both.get("findings").get(0).get("messages").get("en").asString()).isNotBlank();
        // the trail holds the texts as objects of both languages
        String stored = jdbc.queryForObject("select result_gz from evaluation where id = ?", (rs, n) -> gunzip(rs.getBytes(1)), id);
        assertThat(stored).contains("\"legalRef\":{\"en\":\"" + EvaluationApiTest.DECISION_REF_EN + "\",\"fr\":\"" + EvaluationApiTest.DECISION_REF_FR + "\"}");
    }

    @Test
    void anEvaluationStoredBeforeTheFrenchTextsStillReadsInEnglishInEveryLanguage() throws Exception {
        JsonNode answer = evaluate();
        String id = answer.get("evaluationId").asString();
        // as the trail stored it before issue 16: the English answer, every text a string
        jdbc.update("update evaluation set result_gz = ? where id = ?", gzip(answer.toString()), id);

        HttpJson.Response french = http.call("GET", "/api/v1/evaluations/" + id, null, "Accept-Language", "fr");

        assertThat(french.status()).isEqualTo(200);
        assertThat(entry(french.json().get("trace"), "APPROVED_WITH_EXCLUSIONS").get("legalRef").asString())
                .isEqualTo(EvaluationApiTest.DECISION_REF_EN);
        assertThat(french.json().get("findings")).isEqualTo(answer.get("findings"));
        JsonNode both = http.get("/api/v1/evaluations/" + id + "?texts=all").json();
        assertThat(entry(both.get("trace"), "APPROVED_WITH_EXCLUSIONS").get("legalRefs").get("fr").asString())
                .isEqualTo(EvaluationApiTest.DECISION_REF_EN);
    }

    private static JsonNode entry(JsonNode trace, String code) {
        for (JsonNode t : trace) {
            if (code.equals(t.path("code").asString(null))) {
                return t;
            }
        }
        throw new AssertionError("no trace entry " + code);
    }

    private static byte[] gzip(String text) throws java.io.IOException {
        java.io.ByteArrayOutputStream bytes = new java.io.ByteArrayOutputStream();
        try (java.util.zip.GZIPOutputStream out = new java.util.zip.GZIPOutputStream(bytes)) {
            out.write(text.getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }
        return bytes.toByteArray();
    }

    private static String gunzip(byte[] stored) {
        try (java.util.zip.GZIPInputStream in = new java.util.zip.GZIPInputStream(new java.io.ByteArrayInputStream(stored))) {
            return new String(in.readAllBytes(), java.nio.charset.StandardCharsets.UTF_8);
        } catch (java.io.IOException e) {
            throw new java.io.UncheckedIOException(e);
        }
    }
}
