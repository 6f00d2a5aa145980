package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ArrayNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * The API contract through real HTTP on a random port: the sample request of the README, the summary view, and
 * every error status with its problem+json body.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "listguard.evaluation.max-records=50")
class EvaluationApiTest {

    @LocalServerPort
    int port;
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

    @Test
    void theReadmeSampleGetsADecisionFindingsVerdictsAndATraceOfSpreadsheetRows() {
        HttpJson.Response response = http.postJson("/api/v1/evaluations", sample);

        assertThat(response.status()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("decision").asString()).isEqualTo("APPROVED_WITH_EXCLUSIONS");
        assertThat(body.get("evaluationId").asString()).isNotBlank();
        assertThat(body.get("policyVersion").get("hash").asString()).startsWith("sha256:");
        assertThat(codes(body.get("findings"), "code")).containsExactlyInAnyOrder("PRICE_BELOW_MARKET", "HIGH_INVALID_CONTACT_RATE");
        assertThat(body.get("summary").get("total").asInt()).isEqualTo(6);
        assertThat(body.get("summary").get("contactable").asInt()).isEqualTo(1);
        assertThat(body.get("summary").get("excludedBy").get("TARGETING_MISMATCH").asInt()).isEqualTo(1);

        JsonNode records = body.get("records");
        assertThat(records).hasSize(6);
        assertThat(records.get(0).get("contactable").asBoolean()).isTrue();
        assertThat(codes(records.get(1).get("reasons"), null)).containsExactly("TARGETING_MISMATCH");
        assertThat(codes(records.get(2).get("reasons"), null)).containsExactly("CONSENT_UNPROVEN", "PARTNER_NOT_NAMED");
        assertThat(codes(records.get(3).get("reasons"), null)).containsExactly("NO_CONSENT");
        assertThat(codes(records.get(4).get("reasons"), null)).containsExactly("OPTED_OUT");
        assertThat(codes(records.get(5).get("reasons"), null)).containsExactly("INVALID_CONTACT");

        JsonNode trace = body.get("trace");
        assertThat(trace).isNotEmpty();
        JsonNode firstRegimeRow = find(trace, "sheet", "Régime");
        assertThat(firstRegimeRow.get("source").asString()).isEqualTo("policies/consent-regime.xlsx");
        assertThat(firstRegimeRow.get("row").asInt()).isEqualTo(14);
        assertThat(firstRegimeRow.get("legalRef").asString()).contains("L34-5");
        assertThat(find(trace, "code", "TARGETING_MISMATCH").get("facts").toString()).contains("record:r-2").contains("campaign:CMP-7");
        assertThat(trace.toString()).doesNotContain("@example.org").doesNotContain("jean.dupont");
    }

    @Test
    void detailSummaryLeavesOutRecordsAndTrace() {
        JsonNode body = http.postJson("/api/v1/evaluations?detail=summary", sample).json();
        assertThat(body.get("decision").asString()).isEqualTo("APPROVED_WITH_EXCLUSIONS");
        assertThat(body.has("summary")).isTrue();
        assertThat(body.has("records")).isFalse();
        assertThat(body.has("trace")).isFalse();
    }

    @Test
    void malformedJsonIs400WithAProblemDocument() {
        HttpJson.Response response = http.postJson("/api/v1/evaluations", "{\"campaign\": {\"id\": \"CMP-1\",, }");
        assertProblem(response, 400, "invalid-request");
        assertThat(response.json().get("errors").get(0).get("message").asString()).contains("malformed JSON at line 1");
    }

    @Test
    void anUnknownEnumValueIs400AtItsPathWithTheAllowedValues() {
        ObjectNode json = sampleJson();
        ((ObjectNode) json.get("campaign")).put("channel", "EMAL");
        HttpJson.Response response = http.postJson("/api/v1/evaluations", json.toString());
        assertProblem(response, 400, "invalid-request");
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("path").asString()).isEqualTo("campaign.channel");
        assertThat(error.get("message").asString()).isEqualTo("’EMAL’ is not one of EMAIL, SMS, PHONE, AUTOMATED_CALL, POSTAL");
    }

    @Test
    void anUnknownEnumInsideARecordNamesTheRecordIndex() {
        ObjectNode json = sampleJson();
        ((ObjectNode) json.get("records").get(2).get("consents").get(0)).put("channel", "FAX");
        JsonNode error = http.postJson("/api/v1/evaluations", json.toString()).json().get("errors").get(0);
        assertThat(error.get("path").asString()).isEqualTo("records[2].consents[0].channel");
    }

    @Test
    void anImpossibleDateIs400AtItsPath() {
        ObjectNode json = sampleJson();
        ((ObjectNode) json.get("campaign")).put("startDate", "2026-02-30");
        HttpJson.Response response = http.postJson("/api/v1/evaluations", json.toString());
        assertProblem(response, 400, "invalid-request");
        JsonNode error = response.json().get("errors").get(0);
        assertThat(error.get("path").asString()).isEqualTo("campaign.startDate");
        assertThat(error.get("message").asString()).contains("’2026-02-30’ is not a valid date");
    }

    @Test
    void missingRequiredFieldsAreAllReportedWithTheirPaths() {
        ObjectNode json = sampleJson();
        ((ObjectNode) json.get("campaign")).remove("id");
        ((ObjectNode) json.get("records").get(1)).remove("kind");
        HttpJson.Response response = http.postJson("/api/v1/evaluations", json.toString());
        assertProblem(response, 400, "invalid-request");
        assertThat(codes(response.json().get("errors"), "path")).containsExactly("campaign.id", "records[1].kind");
    }

    @Test
    void nullListEntriesAndImplausibleDatesAre400AtTheirPathWithoutJavaInternals() {
        ObjectNode json = sampleJson();
        ((ArrayNode) json.get("records").get(0).get("consents")).addNull();
        ((ArrayNode) json.get("records").get(1).get("segments")).addNull();
        ((ObjectNode) json.get("records").get(2)).put("lastActivityOn", "+999999999-12-31");
        HttpJson.Response response = http.postJson("/api/v1/evaluations", json.toString());
        assertProblem(response, 400, "invalid-request");
        assertThat(codes(response.json().get("errors"), "path"))
                .containsExactly("records[0].consents[1]", "records[1].segments", "records[2].lastActivityOn");
        assertThat(response.body()).doesNotContain("java.").doesNotContain("Exception");
    }

    @Test
    void aMissingOptOutIsRequiredRatherThanSilentlyAllowed() {
        ObjectNode json = sampleJson();
        ((ObjectNode) json.get("campaign")).remove("optOut");
        HttpJson.Response response = http.postJson("/api/v1/evaluations", json.toString());
        assertProblem(response, 400, "invalid-request");
        assertThat(codes(response.json().get("errors"), "path")).containsExactly("campaign.optOut");
    }

    @Test
    void springsOwnErrorsAreListguardProblemsToo() {
        HttpJson.Response wrongDetail = http.postJson("/api/v1/evaluations?detail=everything", sample);
        assertThat(wrongDetail.status()).isEqualTo(400);
        assertThat(wrongDetail.json().get("type").asString()).startsWith("urn:listguard:problem:");
        HttpJson.Response wrongMethod = http.delete("/api/v1/suppressions/import");
        assertThat(wrongMethod.status()).isEqualTo(405);
        assertThat(wrongMethod.json().get("type").asString()).isEqualTo("urn:listguard:problem:method-not-allowed");
    }

    @Test
    void anOfferCategoryThePoliciesDoNotKnowIs422ListingTheKnownOnes() {
        ObjectNode json = sampleJson();
        ((ObjectNode) json.get("campaign")).put("offerCategory", "CRYPTO");
        HttpJson.Response response = http.postJson("/api/v1/evaluations", json.toString());
        assertProblem(response, 422, "unknown-offer-category");
        assertThat(codes(response.json().get("knownOfferCategories"), null)).contains("CHILDCARE", "GARDENING", "SOFTWARE");
    }

    @Test
    void moreRecordsThanTheLimitIs413AndNothingIsEvaluated() {
        ObjectNode json = sampleJson();
        ArrayNode records = (ArrayNode) json.get("records");
        JsonNode template = records.get(0);
        for (int i = records.size(); i <= 50; i++) {
            ObjectNode copy = (ObjectNode) template.deepCopy();
            copy.put("id", "r-" + (i + 1));
            records.add(copy);
        }
        HttpJson.Response response = http.postJson("/api/v1/evaluations", json.toString());
        assertProblem(response, 413, "too-many-records");
        assertThat(response.json().get("limit").asInt()).isEqualTo(50);
        assertThat(response.json().get("received").asInt()).isEqualTo(51);
    }

    @Test
    void aBodyThatIsNotJsonIs415() {
        HttpJson.Response response = http.post("/api/v1/evaluations", "text/plain", "hello");
        assertThat(response.status()).isEqualTo(415);
        assertThat(response.contentType()).startsWith("application/problem+json");
    }

    @Test
    void anEmptyBodyIs400() {
        assertProblem(http.postJson("/api/v1/evaluations", ""), 400, "invalid-request");
    }

    @Test
    void theActivePolicyListsItsFilesWithTheirRuleCounts() {
        JsonNode body = http.get("/api/v1/policies").json();
        assertThat(body.get("id").asString()).isNotBlank();
        assertThat(body.get("hash").asString()).matches("sha256:[0-9a-f]{64}");
        assertThat(codes(body.get("files"), "name")).contains("policies/consent-regime.xlsx", "rules/decision.drl");
        for (JsonNode file : body.get("files")) {
            assertThat(file.get("rules").asInt()).isPositive();
        }
    }

    @Test
    void healthMetricsAndOpenApiAreServed() {
        http.postJson("/api/v1/evaluations", sample);
        assertThat(http.get("/actuator/health").json().get("status").asString()).isEqualTo("UP");
        String prometheus = http.get("/actuator/prometheus").body();
        assertThat(prometheus).contains("listguard_evaluations_total{").contains("decision=\"APPROVED_WITH_EXCLUSIONS\"")
                .contains("listguard_findings_total{").contains("code=\"PRICE_BELOW_MARKET\"")
                .contains("listguard_evaluation_duration_seconds");
        String openApi = http.get("/v3/api-docs").body();
        assertThat(openApi).contains("/api/v1/evaluations").contains("/api/v1/policies").contains("/api/v1/policies/versions/{a}/diff/{b}")
                .contains("\"offerCategory\":\"CHILDCARE\"").doesNotContain("senderIdentified").doesNotContain("maxCallAttempts");
        JsonNode campaignSchema = HttpJson.mapper().readTree(openApi).get("components").get("schemas").get("Campaign");
        assertThat(codes(campaignSchema.get("required"), null)).contains("id", "audience", "channel", "offerCategory", "startDate", "optOut");
        // issue 16: a policy text is described as the string it is in the caller's language
        JsonNode finding = HttpJson.mapper().readTree(openApi).get("components").get("schemas").get("Finding").get("properties");
        assertThat(finding.get("message").get("type").asString()).isEqualTo("string");
        assertThat(finding.get("legalRef").get("type").asString()).isEqualTo("string");
    }

    /** Issue 12, item 4: a near miss of a decisive field is refused at its path; an unknown field is a warning. */
    @Test
    void aNearMissOfADecisiveFieldIs400AtItsPathNamingTheIntendedField() {
        for (String misspelt : List.of("opted_out", "optOut", "OptedOut", "optedout")) {
            ObjectNode json = sampleJson();
            ObjectNode record = (ObjectNode) json.get("records").get(4);
            record.set(misspelt, record.remove("optedOut"));
            HttpJson.Response response = http.postJson("/api/v1/evaluations", json.toString());
            assertProblem(response, 400, "invalid-request");
            JsonNode error = response.json().get("errors").get(0);
            assertThat(error.get("path").asString()).as(misspelt).isEqualTo("records[4]." + misspelt);
            assertThat(error.get("message").asString()).isEqualTo("’" + misspelt + "’ is not a field; did you mean ’optedOut’?");
        }
        ObjectNode json = sampleJson();
        ObjectNode consent = (ObjectNode) json.get("records").get(0).get("consents").get(0);
        consent.set("proof_ref", consent.remove("proofRef"));
        JsonNode error = http.postJson("/api/v1/evaluations", json.toString()).json().get("errors").get(0);
        assertThat(error.get("path").asString()).isEqualTo("records[0].consents[0].proof_ref");
        assertThat(error.get("message").asString()).contains("did you mean ’proofRef’?");
    }

    @Test
    void anUnknownHarmlessFieldIsOneWarningOfTheAnswerAndTheRecordsAreEvaluated() {
        ObjectNode json = sampleJson();
        for (JsonNode record : json.get("records")) {
            ((ObjectNode) record).put("brokerRef", "BR-" + record.get("id").asString());
        }
        ((ObjectNode) json.get("campaign")).put("internalNote", "spring");
        HttpJson.Response response = http.postJson("/api/v1/evaluations", json.toString());

        assertThat(response.status()).as(response.body()).isEqualTo(200);
        JsonNode body = response.json();
        assertThat(body.get("decision").asString()).isEqualTo("APPROVED_WITH_EXCLUSIONS");
        assertThat(body.get("summary").get("total").asInt()).isEqualTo(6);
        assertThat(codes(body.get("records").get(4).get("reasons"), null)).containsExactly("OPTED_OUT");
        assertThat(codes(body.get("warnings"), null)).containsExactly(
                "the field ’internalNote’ is unknown and was ignored (1 time(s), at campaign.internalNote)",
                "the field ’brokerRef’ is unknown and was ignored (6 time(s), at records[].brokerRef)");
        assertThat(http.postJson("/api/v1/evaluations?detail=summary", json.toString()).json().get("warnings")).hasSize(2);
        assertThat(http.postJson("/api/v1/evaluations", sample).json().get("warnings")).as("a clean request has no warning").isEmpty();
        JsonNode stored = http.get("/api/v1/evaluations/" + body.get("evaluationId").asString()).json();
        assertThat(stored.toString()).as("the audited answer keeps its warnings").contains("’brokerRef’ is unknown");
    }

    private static void assertProblem(HttpJson.Response response, int status, String type) {
        assertThat(response.status()).isEqualTo(status);
        assertThat(response.contentType()).startsWith("application/problem+json");
        assertThat(response.json().get("type").asString()).isEqualTo("urn:listguard:problem:" + type);
        assertThat(response.json().get("status").asInt()).isEqualTo(status);
        assertThat(response.json().get("detail").asString()).isNotBlank();
    }

    // ---- issue 16, item 2: policy texts in the caller's language

    static final String DECISION_REF_EN = "listguard decision semantics: excluded records must be removed before use";
    static final String DECISION_REF_FR = "Règle de décision listguard : les enregistrements exclus doivent être retirés avant toute utilisation";

    @Test
    void withoutAcceptLanguageThePolicyTextsAreEnglishAndAlone() {
        JsonNode body = http.postJson("/api/v1/evaluations", sample).json();

        // rules/decision.drl's @legalRef, in the trace entry of the decision
        assertThat(find(body.get("trace"), "code", "APPROVED_WITH_EXCLUSIONS").get("legalRef").asString()).isEqualTo(DECISION_REF_EN);
        assertThat(find(body.get("findings"), "code", "PRICE_BELOW_MARKET").get("message").asString()).startsWith("The price");
        assertThat(body.toString()).doesNotContain("\"messages\"").doesNotContain("\"legalRefs\"");
    }

    @Test
    void acceptLanguageFrenchGivesTheFrenchTextsOfTheRulesAndTheEnglishOfRulesWithoutThem() {
        JsonNode english = http.postJson("/api/v1/evaluations?texts=all", sample).json();
        for (String language : new String[] {"fr", "fr-FR", "fr-CA,fr;q=0.9,en;q=0.8"}) {
            JsonNode body = http.postJson("/api/v1/evaluations", sample, "Accept-Language", language).json();

            // a bundled DRL rule's @legalRefFr, codes and field names unchanged
            JsonNode decision = find(body.get("trace"), "code", "APPROVED_WITH_EXCLUSIONS");
            assertThat(decision.get("legalRef").asString()).as(language).isEqualTo(DECISION_REF_FR);
            assertThat(body.get("decision").asString()).isEqualTo("APPROVED_WITH_EXCLUSIONS");
            // every finding in the language's text of its rule: French where the rule has one, its English otherwise
            for (JsonNode finding : body.get("findings")) {
                JsonNode texts = find(english.get("findings"), "code", finding.get("code").asString());
                assertThat(finding.get("message").asString()).isEqualTo(texts.get("messages").get("fr").asString());
                assertThat(finding.get("legalRef").asString()).isEqualTo(texts.get("legalRefs").get("fr").asString());
            }
        }
        JsonNode german = http.postJson("/api/v1/evaluations", sample, "Accept-Language", "de-DE").json();
        assertThat(find(german.get("trace"), "code", "APPROVED_WITH_EXCLUSIONS").get("legalRef").asString()).isEqualTo(DECISION_REF_EN);
    }

    @Test
    void textsAllAddsBothLanguagesBesideEachText() {
        JsonNode body = http.postJson("/api/v1/evaluations?texts=all", sample, "Accept-Language", "fr").json();

        JsonNode decision = find(body.get("trace"), "code", "APPROVED_WITH_EXCLUSIONS");
        assertThat(decision.get("legalRef").asString()).isEqualTo(DECISION_REF_FR);
        assertThat(decision.get("legalRefs").get("fr").asString()).isEqualTo(DECISION_REF_FR);
        assertThat(decision.get("legalRefs").get("en").asString()).isEqualTo(DECISION_REF_EN);
        JsonNode price = find(body.get("findings"), "code", "PRICE_BELOW_MARKET");
        assertThat(price.get("messages").get("en").asString()).startsWith("The price");
        assertThat(price.get("messages").get("fr").asString()).isEqualTo(price.get("message").asString());
        assertThat(price.get("legalRefs").get("en").asString()).isNotBlank();
        // the summary view too
        JsonNode summary = http.postJson("/api/v1/evaluations?detail=summary&texts=all", sample).json();
        assertThat(find(summary.get("findings"), "code", "PRICE_BELOW_MARKET").get("messages").get("en").asString()).startsWith("The price");
    }

    private static List<String> codes(JsonNode array, String field) {
        List<String> values = new ArrayList<>();
        for (JsonNode node : array) {
            values.add(field == null ? node.asString() : node.get(field).asString());
        }
        return values;
    }

    private static JsonNode find(JsonNode array, String field, String value) {
        for (JsonNode node : array) {
            if (node.has(field) && value.equals(node.get(field).asString())) {
                return node;
            }
        }
        throw new AssertionError("no element with " + field + "=" + value + " in " + array);
    }
}
