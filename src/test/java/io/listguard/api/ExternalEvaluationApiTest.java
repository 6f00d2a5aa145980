package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.domain.Decision;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.IdentifierHashes;
import io.listguard.evaluation.EvaluationRun;
import io.listguard.evaluation.Evaluator;
import io.listguard.evaluation.ExternalEvaluation;
import io.listguard.evaluation.ExternalRun;
import io.listguard.evaluation.HashedSuppressionList;
import io.listguard.policy.PolicyCompiler;
import io.listguard.policy.PolicySet;
import java.io.ByteArrayInputStream;
import java.io.StringReader;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.system.CapturedOutput;
import org.springframework.boot.test.system.OutputCaptureExtension;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.json.JsonMapper;
import tools.jackson.databind.node.ObjectNode;

/**
 * Issue 17 end to end, as the Spark job does it: the policy version and the suppression list exported, the file
 * evaluated by the core outside the service with them, and the run recorded; the service re-derives the decision,
 * refuses what does not add up, and shows the run as any evaluation (API, audit chain, console).
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT, properties = "listguard.audit.hmac-key=" + ExternalEvaluationApiTest.KEY)
@ExtendWith(OutputCaptureExtension.class)
class ExternalEvaluationApiTest {

    static final String KEY = "the-service-hmac-key-for-issue-17";

    @LocalServerPort
    int port;
    @Autowired
    JsonMapper json;
    @Autowired
    JdbcTemplate jdbc;

    private final HttpClient client = HttpClient.newHttpClient();

    private HttpResponse<byte[]> get(String path, String key) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + key).GET().build(),
                HttpResponse.BodyHandlers.ofByteArray());
    }

    private HttpResponse<String> post(String path, String key, String body, String language) throws Exception {
        return client.send(HttpRequest.newBuilder(URI.create("http://localhost:" + port + path)).header("Authorization", "Bearer " + key)
                .header("Content-Type", "application/json").header("Accept-Language", language)
                .POST(HttpRequest.BodyPublishers.ofString(body)).build(), HttpResponse.BodyHandlers.ofString());
    }

    @Test
    void aRunOutsideTheServiceIsRecordedOnceItsDecisionIsDerivedAgain(CapturedOutput output) throws Exception {
        EvaluationRequest sample = json.readValue(Files.readString(Path.of("docs/examples/evaluation-request.json")), EvaluationRequest.class);
        HttpJson admin = new HttpJson(port, HttpJson.ADMIN_KEY);
        assertThat(admin.postJson("/api/v1/suppressions", "{\"entries\": [{\"email\": \"" + sample.records().get(0).email()
                + "\", \"reason\": \"objected\", \"source\": \"hotline\"}]}").status()).isEqualTo(201);

        // 1. the policy the job runs: the active version, as a zip, whose hash is the version's
        String versionId = new HttpJson(port, HttpJson.EVALUATOR_KEY).get("/api/v1/policies").json().get("id").asString();
        HttpResponse<byte[]> zip = get("/api/v1/policies/versions/" + versionId + "/export", HttpJson.EVALUATOR_KEY);
        assertThat(zip.statusCode()).isEqualTo(200);
        assertThat(zip.headers().firstValue("Content-Type")).hasValueSatisfying(t -> assertThat(t).startsWith("application/zip"));
        String policyHash = zip.headers().firstValue("X-Listguard-Policy-Hash").orElseThrow();
        PolicySet policy = PolicySet.fromZip(new ByteArrayInputStream(zip.body()));
        assertThat(policy.hash()).isEqualTo(policyHash)
                .isEqualTo(new HttpJson(port, HttpJson.EVALUATOR_KEY).get("/api/v1/policies/versions/" + versionId).json().get("hash").asString());

        // 2. the suppression list as keyed hashes, checked against the job's key
        assertThat(get("/api/v1/suppressions/export", HttpJson.EVALUATOR_KEY).statusCode()).isEqualTo(403);
        HttpResponse<byte[]> export = get("/api/v1/suppressions/export", HttpJson.AUDITOR_KEY);
        assertThat(export.statusCode()).isEqualTo(200);
        IdentifierHashes hashes = new IdentifierHashes(KEY.getBytes(StandardCharsets.UTF_8));
        assertThat(export.headers().firstValue("X-Listguard-Hash-Key-Id")).hasValue(hashes.keyId());
        String csv = new String(export.body(), StandardCharsets.UTF_8);
        assertThat(csv).startsWith("bar,kind,identifier_hash\n").contains("SUPPRESSED,EMAIL," + hashes.emailHash(sample.records().get(0).email()))
                .doesNotContain(sample.records().get(0).email());
        assertThat(output.getAll()).contains("suppression export by test-auditor: 1 suppressed and 0 restricted hashes, key " + hashes.keyId())
                .doesNotContain(hashes.emailHash(sample.records().get(0).email()));
        HashedSuppressionList list = HashedSuppressionList.read(hashes, new StringReader(csv));

        // 3. the file evaluated outside, in two partitions whose totals merge, as Spark's tasks would
        Evaluator evaluator = new Evaluator(new PolicyCompiler().compile(policy, versionId));
        EvaluationRun run = evaluator.start(new EvaluationRequest(sample.campaign(), sample.file(), java.util.List.of()), false);
        int half = sample.records().size() / 2;
        for (var part : java.util.List.of(sample.records().subList(0, half), sample.records().subList(half, sample.records().size()))) {
            run.evaluateBatch(part, list.barred(part), null);
        }
        run.include(io.listguard.evaluation.RunTotals.rejectedLines(2));
        EvaluationRun.Outcome outcome = run.finish();
        assertThat(outcome.totals().excludedBy()).containsKey("SUPPRESSED");
        ExternalRun job = new ExternalRun("spark", "application_1765000000000_0042", "yarn", "s3a://lists/F-12.csv.gz", "s3a://lists/F-12-out/",
                Instant.parse("2026-12-01T08:00:00Z"), Instant.parse("2026-12-01T08:42:10Z"), "alice");
        ExternalEvaluation claim = ExternalEvaluation.of(sample.campaign(), sample.file(), policyHash, outcome, job);

        // 4. recorded: 201, Location, the same decision and summary the service gives the same records itself
        assertThat(post("/api/v1/evaluations/external", HttpJson.AUDITOR_KEY, json.writeValueAsString(claim), "en").statusCode()).isEqualTo(403);
        HttpResponse<String> created = post("/api/v1/evaluations/external", HttpJson.EVALUATOR_KEY, json.writeValueAsString(claim), "en");
        assertThat(created.statusCode()).as(created.body()).isEqualTo(201);
        JsonNode answer = json.readTree(created.body());
        String id = answer.get("evaluationId").asString();
        assertThat(created.headers().firstValue("Location")).hasValue("/api/v1/evaluations/" + id);
        JsonNode inService = new HttpJson(port, HttpJson.EVALUATOR_KEY).postJson("/api/v1/evaluations", Files.readString(Path.of("docs/examples/evaluation-request.json"))).json();
        assertThat(answer.get("decision").asString()).isEqualTo(inService.get("decision").asString()).isEqualTo(outcome.decision().name());
        assertThat(answer.get("summary")).isEqualTo(inService.get("summary"));

        HttpJson auditor = new HttpJson(port, HttpJson.AUDITOR_KEY);
        JsonNode stored = auditor.get("/api/v1/evaluations/" + id).json();
        assertThat(stored.get("decision").asString()).isEqualTo(outcome.decision().name());
        assertThat(stored.get("policyVersion").get("hash").asString()).isEqualTo(policyHash);
        assertThat(stored.get("ranOutside").get("job").get("applicationId").asString()).isEqualTo("application_1765000000000_0042");
        assertThat(stored.get("ranOutside").get("job").get("engine").asString()).isEqualTo("spark");
        assertThat(stored.get("ranOutside").get("linesRead").asLong()).isEqualTo(sample.records().size() + 2);
        assertThat(stored.get("ranOutside").get("rejected").asLong()).isEqualTo(2);
        assertThat(stored.get("findings").size()).isEqualTo(inService.get("findings").size());
        assertThat(stored.has("records")).as("no record rows: the records never reached the service").isFalse();
        assertThat(jdbc.queryForObject("select count(*) from evaluation_record where evaluation_id = ?", Long.class, id)).isZero();
        assertThat(jdbc.queryForObject("select caller from evaluation where id = ?", String.class, id)).isEqualTo("alice (via test-evaluator)");

        JsonNode listed = auditor.get("/api/v1/evaluations?campaignId=" + sample.campaign().id()).json().get("items");
        assertThat(listed).anySatisfy(e -> {
            assertThat(e.get("id").asString()).isEqualTo(id);
            assertThat(e.get("ranOutside").asString()).isEqualTo("spark, application_1765000000000_0042");
        });
        assertThat(listed).anySatisfy(e -> assertThat(e.has("ranOutside")).isFalse());
        assertThat(jdbc.queryForList("select kind from audit_chain where ref = ?", String.class, id)).containsExactly("EVALUATION");
        JsonNode verified = auditor.get("/api/v1/audit/verify").json();
        assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();

        // the console's list and page say where it ran, in French and English
        io.listguard.console.ConsoleSession console = io.listguard.console.ConsoleSession.signIn(port, "Claire", HttpJson.AUDITOR_KEY);
        String page = console.get("/console/evaluations/" + id).body();
        assertThat(page).contains("id=\"ran-outside\"").contains("application_1765000000000_0042");
        assertThat(page.contains("Exécutée hors du service") || page.contains("Run outside the service")).as(page).isTrue();
        String listPage = console.get("/console/evaluations").body();
        assertThat(listPage.contains("exécutée hors du service (spark, application_1765000000000_0042)")
                || listPage.contains("run outside the service (spark, application_1765000000000_0042)")).as(listPage).isTrue();

        // 5. refused: another decision, totals that do not add up, an unknown policy; nothing recorded
        long before = jdbc.queryForObject("select count(*) from evaluation", Long.class);
        Decision other = outcome.decision() == Decision.REJECTED ? Decision.APPROVED : Decision.REJECTED;
        ObjectNode wrongDecision = json.valueToTree(claim);
        wrongDecision.put("decision", other.name());
        HttpResponse<String> refused = post("/api/v1/evaluations/external", HttpJson.EVALUATOR_KEY, wrongDecision.toString(), "fr");
        assertThat(refused.statusCode()).isEqualTo(422);
        JsonNode problem = json.readTree(refused.body());
        assertThat(problem.get("code").asString()).isEqualTo("api.external.decision");
        assertThat(problem.get("title").asString()).isEqualTo("Évaluation exécutée hors du service refusée");
        assertThat(problem.get("detail").asString()).contains("la tâche annonce " + other.name()).contains(outcome.decision().name());

        ObjectNode badSum = json.valueToTree(claim);
        ((ObjectNode) badSum.get("totals")).put("contactable", outcome.totals().contactable() + 1);
        problem = json.readTree(post("/api/v1/evaluations/external", HttpJson.EVALUATOR_KEY, badSum.toString(), "en").body());
        assertThat(problem.get("code").asString()).isEqualTo("api.external.totals.sum");
        assertThat(problem.get("detail").asString()).startsWith("totals do not add up");

        ObjectNode badReasons = json.valueToTree(claim);
        ((ObjectNode) badReasons.get("totals")).set("excludedBy", json.valueToTree(Map.of()));
        assertThat(json.readTree(post("/api/v1/evaluations/external", HttpJson.EVALUATOR_KEY, badReasons.toString(), "en").body())
                .get("code").asString()).isEqualTo("api.external.totals.reasons");

        ObjectNode unknownPolicy = json.valueToTree(claim);
        unknownPolicy.put("policyHash", "sha256:" + "0".repeat(64));
        HttpResponse<String> unknown = post("/api/v1/evaluations/external", HttpJson.EVALUATOR_KEY, unknownPolicy.toString(), "en");
        assertThat(unknown.statusCode()).isEqualTo(422);
        assertThat(json.readTree(unknown.body()).get("code").asString()).isEqualTo("api.external.unknownPolicy");

        ObjectNode noJob = json.valueToTree(claim);
        noJob.remove("job");
        noJob.remove("policyHash");
        HttpResponse<String> invalid = post("/api/v1/evaluations/external", HttpJson.EVALUATOR_KEY, noJob.toString(), "en");
        assertThat(invalid.statusCode()).isEqualTo(400);
        assertThat(invalid.body()).contains("policyHash").contains("job");
        assertThat(jdbc.queryForObject("select count(*) from evaluation", Long.class)).as("nothing recorded").isEqualTo(before);
    }
}
