package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.policy.WorkingCopy;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.test.annotation.DirtiesContext;
import tools.jackson.databind.JsonNode;

/**
 * The edit-validate-upload-rollback cycle through real HTTP: broken workbooks are refused at their cell with the
 * active version untouched, a change that breaks a scenario is refused, a valid change is activated under load
 * with no failed request, the diff shows the changed cell, and rollback works.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
@DirtiesContext(classMode = DirtiesContext.ClassMode.BEFORE_EACH_TEST_METHOD)
class PolicyLifecycleApiTest {

    @LocalServerPort
    int port;
    @TempDir
    Path tmp;
    HttpJson http;
    WorkingCopy copy;
    String sample;

    @BeforeEach
    void setUp() throws Exception {
        http = new HttpJson(port);
        copy = new WorkingCopy(tmp);
        sample = Files.readString(Path.of("docs/examples/evaluation-request.json"));
    }

    private HttpJson.Response upload(String path, String workbook, Map<String, String> fields) {
        return http.postMultipart(path, List.<Object[]>of(new Object[] {"files", workbook, copy.bytes(workbook)}), fields);
    }

    private String activeVersion() {
        return http.get("/api/v1/policies").json().get("id").asString();
    }

    @Test
    void theBundledPoliciesAreVersionOneOnFirstStart() {
        JsonNode versions = http.get("/api/v1/policies/versions").json();
        assertThat(versions).hasSize(1);
        assertThat(versions.get(0).get("id").asString()).isEqualTo("v1");
        assertThat(versions.get(0).get("active").asBoolean()).isTrue();
        assertThat(versions.get(0).get("files").toString()).contains("policies/consent-regime.xlsx").contains("rules/decision.drl")
                .contains("policies/scenarios/");
        assertThat(activeVersion()).isEqualTo("v1");
    }

    @Test
    void brokenWorkbooksAreRejectedAtTheirCellAndTheActiveVersionIsUntouched() {
        record Case(String workbook, String sheet, String cell, String value, String expected) {
        }
        List<Case> cases = List.of(
                new Case("consent-regime.xlsx", "Régime", "C14", "EMAL", "“EMAL” is not a channel"),
                new Case("consent-regime.xlsx", "Régime", "D17", "2026-08-32", "“2026-08-32”: 32 August 2026 does not exist"),
                new Case("record-rules.xlsx", "Enregistrements", "B12", "audience != Audience.$param", "fixed column header"),
                new Case("record-rules.xlsx", "Enregistrements", "L16", "3) || true || (1", "contains code characters"));
        for (Case c : cases) {
            WorkingCopy broken = new WorkingCopy(tmp.resolve(c.cell()));
            broken.set(c.workbook(), c.sheet(), c.cell(), c.value());
            JsonNode report = http.postMultipart("/api/v1/policies/validate",
                    List.<Object[]>of(new Object[] {"files", c.workbook(), broken.bytes(c.workbook())}), Map.of()).json();
            assertThat(report.get("valid").asBoolean()).as(c.toString()).isFalse();
            JsonNode error = report.get("errors").get(0);
            assertThat(error.get("source").asString()).isEqualTo("policies/" + c.workbook());
            assertThat(error.get("sheet").asString()).isEqualTo(c.sheet());
            assertThat(error.get("cell").asString()).isEqualTo(c.cell());
            assertThat(error.get("message").asString()).contains(c.expected());

            HttpJson.Response refused = http.postMultipart("/api/v1/policies/versions",
                    List.<Object[]>of(new Object[] {"files", c.workbook(), broken.bytes(c.workbook())}), Map.of("author", "alice"));
            assertThat(refused.status()).isEqualTo(422);
            assertThat(refused.contentType()).startsWith("application/problem+json");
            assertThat(refused.json().get("type").asString()).isEqualTo("urn:listguard:problem:policy-rejected");
            assertThat(refused.json().get("report").get("errors").get(0).get("cell").asString()).isEqualTo(c.cell());
        }
        assertThat(activeVersion()).isEqualTo("v1");
        assertThat(http.get("/api/v1/policies/versions").json()).hasSize(1);
    }

    @Test
    void theValidationReportAndTheHistoryAreInTheCallersLanguage() {
        WorkingCopy broken = new WorkingCopy(tmp.resolve("fr"));
        broken.set("consent-regime.xlsx", "Régime", "C14", "EMAL");
        String scenario = "{ \"name\": \"x\", \"given\": { \"campaign\": { \"channel\": \"MAIL\" } } }";
        List<Object[]> files = List.of(new Object[] {"files", "consent-regime.xlsx", broken.bytes("consent-regime.xlsx")},
                new Object[] {"files", "bad-channel.json", scenario.getBytes(StandardCharsets.UTF_8)});

        JsonNode french = http.postMultipart("/api/v1/policies/validate", files, Map.of(), "Accept-Language", "fr-FR").json();
        JsonNode english = http.postMultipart("/api/v1/policies/validate", files, Map.of()).json();
        JsonNode both = http.postMultipart("/api/v1/policies/validate?texts=all", files, Map.of(), "Accept-Language", "fr").json();

        JsonNode cell = french.get("errors").get(0);
        assertThat(cell.get("cell").asString()).isEqualTo("C14");
        assertThat(cell.get("code").asString()).isEqualTo("policy.value.channel");
        assertThat(cell.get("message").asString()).contains("« EMAL » n’est pas un canal ; écrivez l’une de ces valeurs");
        assertThat(english.get("errors").get(0).get("message").asString()).contains("“EMAL” is not a channel; write one of");
        assertThat(english.get("errors").get(0).has("messages")).isFalse();
        assertThat(both.get("errors").get(0).get("messages").get("fr").asString()).isEqualTo(cell.get("message").asString());
        assertThat(both.get("errors").get(0).get("messages").get("en").asString()).isEqualTo(english.get("errors").get(0).get("message").asString());
        // the scenario file that cannot be read: its problem reaches the report coded, in the caller's language
        assertThat(french.get("errors").toString()).contains("fichier de scénario policies/scenarios/bad-channel.json : ");
        assertThat(english.get("errors").toString()).contains("scenario file policies/scenarios/bad-channel.json: ")
                .doesNotContain("fichier de scénario");

        // what the system wrote into the history at first start
        JsonNode v1 = http.call("GET", "/api/v1/policies/versions/v1", null, "Accept-Language", "fr").json();
        assertThat(v1.get("comment").asString()).isEqualTo("politiques livrées avec listguard");
        assertThat(http.get("/api/v1/policies/versions/v1").json().get("comment").asString()).isEqualTo("bundled policies");
        assertThat(http.call("GET", "/api/v1/policies/activations", null, "Accept-Language", "fr").json().get(0).get("reason").asString())
                .isEqualTo("premier démarrage");
        assertThat(http.get("/api/v1/policies/activations").json().get(0).get("reason").asString()).isEqualTo("first start");
    }

    @Test
    void scenarioFailuresAreInTheCallersLanguage() {
        copy.set("record-rules.xlsx", "Enregistrements", "L16", "1"); // retention 3 years -> 1 year: a bundled scenario fails
        List<Object[]> files = List.<Object[]>of(new Object[] {"files", "record-rules.xlsx", copy.bytes("record-rules.xlsx")});

        JsonNode french = http.postMultipart("/api/v1/policies/validate", files, Map.of(), "Accept-Language", "fr").json();
        JsonNode english = http.postMultipart("/api/v1/policies/validate", files, Map.of()).json();

        JsonNode failedFr = failed(french);
        JsonNode failedEn = failed(english);
        assertThat(failedFr.get("failures").toString()).containsAnyOf("attendue", "attendu").doesNotContain("expected");
        assertThat(failedEn.get("failures").toString()).contains("expected");
    }

    private static JsonNode failed(JsonNode report) {
        for (JsonNode s : report.get("scenarios").get("scenarios")) {
            if (!s.get("passed").asBoolean()) {
                return s;
            }
        }
        throw new AssertionError("no failed scenario in " + report);
    }

    @Test
    void aValidChangeThatBreaksAScenarioIsRefused() {
        copy.set("record-rules.xlsx", "Enregistrements", "L16", "1"); // retention 3 years -> 1 year
        String scenario = """
                { "name": "A prospect active two years ago may still be contacted (R18, 3 years)",
                  "given": { "campaign": { "id": "C", "audience": "CONSUMER", "channel": "POSTAL", "offerCategory": "INSURANCE",
                                           "startDate": "2026-12-01", "sender": {"name": "Acme", "identified": true},
                                           "optOut": "POSTAL_ADDRESS", "sourceDisclosed": true },
                             "file": { "id": "F", "provider": {"name": "D", "certifications": ["SNCD"], "certifiedUntil": "2027-12-31"},
                                       "pricePerThousand": 220 },
                             "records": [ { "id": "r-1", "kind": "PERSON", "postalAddress": "3 rue Lepic, 75018 Paris",
                                            "lastActivityOn": "2024-11-01" } ] },
                  "expect": { "decision": "APPROVED", "records": { "r-1": [] } } }
                """;
        List<Object[]> files = List.of(new Object[] {"files", "record-rules.xlsx", copy.bytes("record-rules.xlsx")},
                new Object[] {"files", "r18-two-years-is-fine.json", scenario.getBytes(StandardCharsets.UTF_8)});

        HttpJson.Response refused = http.postMultipart("/api/v1/policies/versions", files, Map.of("author", "alice"));

        assertThat(refused.status()).isEqualTo(422);
        JsonNode scenarios = refused.json().get("report").get("scenarios");
        assertThat(scenarios.get("failed").asInt()).isPositive();
        assertThat(scenarios.toString()).contains("A prospect active two years ago may still be contacted");
        assertThat(refused.json().get("detail").asString()).contains("scenario(s) failed");
        assertThat(activeVersion()).isEqualTo("v1");
    }

    @Test
    void aScenarioWorkbookWithAFailingCaseIsRefusedAndItsResultShowsTheInputsAndTheRowsThatFired() {
        byte[] broken = new io.listguard.scenario.ScenarioWorkbookCopy().text(14, "expect.reasons", "NONE").bytes(); // R6-01: r-2 is NO_CONSENT
        List<Object[]> files = List.<Object[]>of(new Object[] {"files", "scenarios.xlsx", broken});

        HttpJson.Response refused = http.postMultipart("/api/v1/policies/versions", files, Map.of("author", "alice"));

        assertThat(refused.status()).isEqualTo(422);
        assertThat(refused.json().get("detail").asString())
                .contains("policies/scenarios/scenarios.xlsx, sheet Cases, case R6-01 (rows 13-15): record r-2: expected [] (contactable), got [NO_CONSENT]");
        JsonNode failed = null;
        for (JsonNode s : refused.json().get("report").get("scenarios").get("scenarios")) {
            if (!s.get("passed").asBoolean()) {
                failed = s;
            } else {
                assertThat(s.hasNonNull("inputs")).as("inputs of a passing scenario").isFalse();
            }
        }
        assertThat(failed).isNotNull();
        assertThat(failed.get("file").asString()).isEqualTo("policies/scenarios/scenarios.xlsx");
        assertThat(failed.get("origin").get("caseId").asString()).isEqualTo("R6-01");
        assertThat(failed.get("origin").get("firstRow").asInt()).isEqualTo(13);
        assertThat(failed.get("inputs").get("campaign").get("id").asString()).isEqualTo("CMP-WB-TEL-12");
        assertThat(failed.get("inputs").get("records")).hasSize(3);
        assertThat(failed.get("fired").toString()).contains("\"source\":\"policies/consent-regime.xlsx\"").contains("\"sheet\":\"Régime\"")
                .contains("\"codes\":[\"NO_CONSENT\"]").contains("record:r-2");
        assertThat(activeVersion()).isEqualTo("v1");

        // the bundled workbook is a file of v1, downloadable by its name alone, stamped with the version it comes from
        byte[] downloaded = http.getBytes("/api/v1/policies/versions/v1/files/scenarios.xlsx");
        assertThat(io.listguard.policy.WorkbookMerge.sameContent(downloaded, io.listguard.scenario.ScenarioWorkbookCopy.bundledBytes())).isTrue();
        assertThat(io.listguard.policy.WorkbookStamp.baseVersion(downloaded)).contains("v1");
    }

    @Test
    void aValidChangeIsActivatedUnderLoadWithoutAFailedRequestThenRolledBack() throws Exception {
        copy.set("list-quality.xlsx", "Prix", "D14", "80"); // email band: below EUR 150 -> below EUR 80
        AtomicBoolean running = new AtomicBoolean(true);
        List<String> failures = Collections.synchronizedList(new ArrayList<>());
        Set<String> versionsSeen = Collections.synchronizedSet(new HashSet<>());
        ExecutorService load = Executors.newFixedThreadPool(3);
        List<Future<Integer>> workers = new ArrayList<>();
        for (int t = 0; t < 3; t++) {
            workers.add(load.submit(() -> {
                int sent = 0;
                while (running.get() || sent == 0) {
                    HttpJson.Response r = http.postJson("/api/v1/evaluations?detail=summary", sample);
                    sent++;
                    if (r.status() != 200) {
                        failures.add(r.status() + " " + r.body());
                    } else {
                        versionsSeen.add(r.json().get("policyVersion").get("id").asString());
                    }
                }
                return sent;
            }));
        }
        Thread.sleep(300);
        // the workbook as it ships records no download: its changed row is confirmed (issue 11)
        HttpJson.Response published = upload("/api/v1/policies/versions?confirm=true", "list-quality.xlsx",
                Map.of("author", "alice", "comment", "email files are cheaper now: warn below EUR 80"));
        Thread.sleep(300);
        running.set(false);
        int sent = 0;
        for (Future<Integer> w : workers) {
            sent += w.get(60, TimeUnit.SECONDS);
        }
        load.shutdown();

        assertThat(published.status()).as(published.body()).isEqualTo(201);
        assertThat(published.json().get("version").get("id").asString()).isEqualTo("v2");
        assertThat(published.json().get("version").get("author").asString()).isEqualTo("alice (via test-admin)");
        assertThat(failures).as("failed requests out of %d", sent).isEmpty();
        assertThat(versionsSeen).isSubsetOf("v1", "v2").contains("v2");

        JsonNode answer = http.postJson("/api/v1/evaluations", sample).json();
        assertThat(answer.get("policyVersion").get("id").asString()).isEqualTo("v2");
        assertThat(answer.get("findings").toString()).doesNotContain("PRICE_BELOW_MARKET"); // the sample costs EUR 90
        JsonNode diff = http.get("/api/v1/policies/versions/v1/diff/v2").json();
        assertThat(diff.toString()).contains("\"addressA\":\"D14\"").contains("\"oldText\":\"150\"").contains("\"newText\":\"80\"");
        // the download is the stored workbook, stamped with the version it comes from
        byte[] downloaded = http.getBytes("/api/v1/policies/versions/v2/files/list-quality.xlsx");
        assertThat(io.listguard.policy.WorkbookMerge.cells(downloaded)).isEqualTo(io.listguard.policy.WorkbookMerge.cells(copy.bytes("list-quality.xlsx")));
        assertThat(io.listguard.policy.WorkbookStamp.baseVersion(downloaded)).contains("v2");

        JsonNode rolledBack = http.postJson("/api/v1/policies/versions/v1/activate", "{\"actor\":\"bob\",\"reason\":\"rollback\"}").json();
        assertThat(rolledBack.get("id").asString()).isEqualTo("v1");
        assertThat(activeVersion()).isEqualTo("v1");
        assertThat(http.postJson("/api/v1/evaluations", sample).json().get("policyVersion").get("id").asString()).isEqualTo("v1");
        JsonNode activations = http.get("/api/v1/policies/activations").json();
        assertThat(activations.get(0).get("activatedBy").asString()).isEqualTo("bob (via test-admin)");
    }

    @Test
    void uploadingTheActiveFilesAgainChangesNothing() {
        HttpJson.Response same = upload("/api/v1/policies/versions", "list-quality.xlsx", Map.of("author", "alice"));
        assertThat(same.status()).isEqualTo(409);
        assertThat(same.json().get("detail").asString()).contains("identical to the active version v1");
        assertThat(same.json().get("existingVersion").asString()).isEqualTo("v1");
        assertThat(http.get("/api/v1/policies/versions").json()).hasSize(1);
    }

    @Test
    void filesOfTheOldRuleContractAreRewrittenWithANotice() throws Exception {
        // downloaded before the release that published io.listguard.rules: Import, Variables and actions name the old contract
        byte[] workbook = Files.readAllBytes(Path.of("src/test/resources/legacy-contract/policies/list-quality.xlsx"));
        byte[] drl = Files.readAllBytes(Path.of("src/test/resources/legacy-contract/rules/decision.drl"));
        JsonNode report = http.postMultipart("/api/v1/policies/validate", List.<Object[]>of(new Object[] {"files", "list-quality.xlsx", workbook},
                new Object[] {"files", "decision.drl", drl}), Map.of()).json();
        assertThat(report.get("valid").asBoolean()).as(report.toString()).isTrue();
        assertThat(report.get("errors")).isEmpty();
        List<JsonNode> notices = new java.util.ArrayList<>();
        report.get("warnings").forEach(w -> {
            if ("policy.contract.rewritten".equals(w.path("code").asString())) {
                notices.add(w);
            }
        });
        assertThat(notices).extracting(n -> n.get("source").asString()).containsExactlyInAnyOrder("policies/list-quality.xlsx", "rules/decision.drl");
        assertThat(notices.get(0).get("message").asString()).contains("rewritten to the rule contract io.listguard.rules");

        // rewritten, the workbook is the active version's: nothing to store
        HttpJson.Response same = http.postMultipart("/api/v1/policies/versions", List.<Object[]>of(new Object[] {"files", "list-quality.xlsx", workbook}),
                Map.of("author", "alice"));
        assertThat(same.status()).isEqualTo(409);
        assertThat(same.json().get("existingVersion").asString()).isEqualTo("v1");
        assertThat(http.get("/api/v1/policies/versions").json()).hasSize(1);
    }

    @Test
    void unknownVersionsAndFilesAre404() {
        assertThat(http.get("/api/v1/policies/versions/v99").status()).isEqualTo(404);
        assertThat(http.get("/api/v1/policies/versions/v1/files/nothing.xlsx").status()).isEqualTo(404);
        assertThat(http.postJson("/api/v1/policies/versions/v99/activate", "{}").status()).isEqualTo(404);
    }
}
