package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.bulk.BrokerFile;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * Mapping profiles through the API (issue 12, item 2): created, listed by provider, read with their version, changed
 * only on the version they were read at (a stale edit is a 409 naming the current version and who made it, never a
 * lost update), deleted, every step in the history with the JSON before and after; a profile with mistakes is
 * refused with every problem at its JSON path, in French or English; only editors change profiles.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProfileApiTest {

    @TempDir
    java.nio.file.Path tmp;

    @LocalServerPort
    int port;
    @Autowired
    JdbcTemplate jdbc;
    HttpJson editor;

    @BeforeEach
    void setUp() {
        editor = new HttpJson(port, HttpJson.EDITOR_KEY);
        jdbc.update("delete from mapping_profile");
        jdbc.update("delete from mapping_profile_event");
    }

    @Test
    void aProfileIsCreatedListedChangedOnItsVersionDeletedAndEveryStepIsInItsHistory() {
        HttpJson.Response created = editor.postJson("/api/v1/profiles", BrokerFile.PROFILE);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode stored = created.json();
        assertThat(stored.get("name").asString()).isEqualTo("dataplus-b2c");
        assertThat(stored.get("provider").asString()).isEqualTo("DataPlus");
        assertThat(stored.get("version").asInt()).isEqualTo(1);
        assertThat(stored.get("createdBy").asString()).isEqualTo("test-editor");
        assertThat(stored.at("/profile/fields/opted_out/column").asString()).isEqualTo("Désinscrit");
        assertThat(created.body()).doesNotContain("\"sheet\":null"); // stored as written, nulls left out

        assertThat(editor.postJson("/api/v1/profiles", BrokerFile.PROFILE).status()).as("a name is never replaced by a creation").isEqualTo(409);
        assertThat(editor.postJson("/api/v1/profiles", BrokerFile.PROFILE.replace("dataplus-b2c", "acme-b2b").replace("DataPlus", "Acme"))
                .status()).isEqualTo(201);

        // listed by provider, then name; readable by evaluators and auditors, who may not change it
        JsonNode all = new HttpJson(port, HttpJson.EVALUATOR_KEY).get("/api/v1/profiles").json();
        assertThat(names(all)).containsExactly("acme-b2b", "dataplus-b2c");
        assertThat(names(new HttpJson(port, HttpJson.AUDITOR_KEY).get("/api/v1/profiles?provider=DataPlus").json())).containsExactly("dataplus-b2c");
        assertThat(new HttpJson(port, HttpJson.EVALUATOR_KEY).postJson("/api/v1/profiles", BrokerFile.PROFILE.replace("dataplus-b2c", "x"))
                .status()).isEqualTo(403);

        HttpJson.Response read = editor.get("/api/v1/profiles/dataplus-b2c");
        assertThat(read.status()).isEqualTo(200);
        String changed = BrokerFile.PROFILE.replace("\"Export Excel B2C de DataPlus\"", "\"Export Excel B2C, printemps\"");
        HttpJson.Response noVersion = editor.call("PUT", "/api/v1/profiles/dataplus-b2c", changed);
        assertThat(noVersion.status()).as(noVersion.body()).isEqualTo(428);
        assertThat(noVersion.json().get("code").asString()).isEqualTo("profiles.versionRequired");

        HttpJson.Response updated = editor.call("PUT", "/api/v1/profiles/dataplus-b2c", changed, "If-Match", "\"1\"");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("version").asInt()).isEqualTo(2);
        assertThat(updated.json().at("/profile/description").asString()).isEqualTo("Export Excel B2C, printemps");

        // a second person edits what they read at version 1: refused, naming version 2 and who made it; nothing changes
        HttpJson admin = new HttpJson(port);
        HttpJson.Response stale = admin.call("PUT", "/api/v1/profiles/dataplus-b2c", BrokerFile.PROFILE.replace("\"E-mail\"", "\"Courriel\""),
                "If-Match", "\"1\"");
        assertThat(stale.status()).as(stale.body()).isEqualTo(409);
        assertThat(stale.json().get("type").asString()).isEqualTo("urn:listguard:problem:stale-profile");
        assertThat(stale.json().get("currentVersion").asInt()).isEqualTo(2);
        assertThat(stale.json().get("expectedVersion").asInt()).isEqualTo(1);
        assertThat(stale.json().get("updatedBy").asString()).isEqualTo("test-editor");
        assertThat(stale.json().get("detail").asString()).contains("version 2").contains("test-editor");
        assertThat(editor.get("/api/v1/profiles/dataplus-b2c").json().at("/profile/fields/email/column").asString()).isEqualTo("E-mail");
        HttpJson.Response staleFr = admin.call("PUT", "/api/v1/profiles/dataplus-b2c", changed, "If-Match", "\"1\"", "Accept-Language", "fr-FR,fr;q=0.9");
        assertThat(staleFr.json().get("detail").asString()).contains("en est à la version 2, modifiée par test-editor");

        HttpJson.Response renamed = editor.call("PUT", "/api/v1/profiles/dataplus-b2c", changed.replace("dataplus-b2c", "dataplus"), "If-Match", "\"2\"");
        assertThat(renamed.status()).isEqualTo(400);
        assertThat(renamed.json().at("/errors/0/path").asString()).isEqualTo("name");

        assertThat(editor.call("DELETE", "/api/v1/profiles/dataplus-b2c", null, "If-Match", "\"1\"").status()).as("stale delete").isEqualTo(409);
        assertThat(editor.delete("/api/v1/profiles/dataplus-b2c").status()).isEqualTo(204);
        assertThat(editor.get("/api/v1/profiles/dataplus-b2c").status()).isEqualTo(404);
        assertThat(names(editor.get("/api/v1/profiles").json())).containsExactly("acme-b2b");

        // the history outlives the profile: who, when, what, and the JSON before and after each step
        JsonNode history = new HttpJson(port, HttpJson.AUDITOR_KEY).get("/api/v1/profiles/dataplus-b2c/history").json();
        assertThat(history).hasSize(3);
        assertThat(history.get(0).get("kind").asString()).isEqualTo("CREATED");
        assertThat(history.get(0).get("version").asInt()).isEqualTo(1);
        assertThat(history.get(0).hasNonNull("before")).as("nothing before a creation").isFalse();
        assertThat(history.get(0).at("/after/fields/email/column").asString()).isEqualTo("E-mail");
        assertThat(history.get(1).get("kind").asString()).isEqualTo("UPDATED");
        assertThat(history.get(1).get("version").asInt()).isEqualTo(2);
        assertThat(history.get(1).at("/before/description").asString()).isEqualTo("Export Excel B2C de DataPlus");
        assertThat(history.get(1).at("/after/description").asString()).isEqualTo("Export Excel B2C, printemps");
        assertThat(history.get(1).get("actor").asString()).isEqualTo("test-editor");
        assertThat(history.get(1).get("identityKind").asString()).isEqualTo("API_KEY");
        assertThat(history.get(2).get("kind").asString()).isEqualTo("DELETED");
        assertThat(history.get(2).at("/before/description").asString()).isEqualTo("Export Excel B2C, printemps");
        assertThat(history.get(2).hasNonNull("after")).as("nothing after a deletion").isFalse();
        assertThat(editor.get("/api/v1/profiles/never-stored/history").status()).isEqualTo(404);
    }

    @Test
    void aProfileWithMistakesIsRefusedWithEveryProblemAtItsPathInTheCallersLanguage() {
        String broken = """
                {"name": "Data Plus", "fields": {
                   "id": {"column": "Réf"},
                   "optedout": {"column": "Désinscrit"},
                   "birth_date": {"column": "Naissance", "dateFormats": ["jj/mm/aaaa"]}}}""";
        HttpJson.Response refused = editor.postJson("/api/v1/profiles", broken);
        assertThat(refused.status()).as(refused.body()).isEqualTo(400);
        JsonNode problem = refused.json();
        assertThat(problem.get("type").asString()).isEqualTo("urn:listguard:problem:invalid-profile");
        List<String> paths = paths(problem);
        assertThat(paths).contains("name", "provider", "fields.optedout", "fields.kind", "fields.birth_date.dateFormats[0]");
        JsonNode nearMiss = error(problem, "fields.optedout");
        assertThat(nearMiss.get("code").asString()).isEqualTo("profile.field.nearMiss");
        assertThat(nearMiss.get("message").asString()).contains("opted_out");

        HttpJson.Response french = editor.postJson("/api/v1/profiles", broken, "Accept-Language", "fr-FR,fr;q=0.9,en;q=0.5");
        assertThat(paths(french.json())).isEqualTo(paths);
        assertThat(error(french.json(), "provider").get("message").asString()).contains("fournisseur");
        assertThat(french.json().get("detail").asString()).contains("problème(s) dans le profil de correspondance");

        HttpJson.Response duplicateKey = editor.postJson("/api/v1/profiles", BrokerFile.PROFILE.replaceFirst("\"provider\": \"DataPlus\",",
                "\"provider\": \"DataPlus\", \"provider\": \"Autre\","));
        assertThat(duplicateKey.status()).as(duplicateKey.body()).isEqualTo(400);
        assertThat(jdbc.queryForObject("select count(*) from mapping_profile", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from mapping_profile_event", Integer.class)).as("nothing recorded for a refusal").isZero();
    }

    private HttpJson.Response preview(HttpJson as, Map<String, String> fields, Object[]... parts) {
        List<Object[]> files = new ArrayList<>();
        files.add(new Object[] {"records", "dataplus.csv", BrokerFile.bytes()});
        files.addAll(List.of(parts));
        return as.postMultipart("/api/v1/profiles/preview", files, fields);
    }

    private int jobs() {
        return jdbc.queryForObject("select count(*) from bulk_job", Integer.class);
    }

    @Test
    void aPreviewShowsTheFirstLinesAsTheStoredProfileMapsThemWithEveryProblemAtItsColumnAndStoresNothing() {
        assertThat(editor.postJson("/api/v1/profiles", BrokerFile.PROFILE).status()).isEqualTo(201);
        int jobsBefore = jobs();
        HttpJson evaluator = new HttpJson(port, HttpJson.EVALUATOR_KEY);

        HttpJson.Response answer = preview(evaluator, Map.of("name", "dataplus-b2c"));
        assertThat(answer.status()).as(answer.body()).isEqualTo(200);
        JsonNode preview = answer.json();
        assertThat(preview.at("/profile/source").asString()).isEqualTo("STORED");
        assertThat(preview.at("/profile/version").asInt()).isEqualTo(1);
        assertThat(preview.get("charset").asString()).isEqualTo("windows-1252"); // the profile's, as a job would read it
        assertThat(preview.get("refused").asBoolean()).isFalse();
        assertThat(preview.get("columns").valueStream().map(JsonNode::asString).toList()).containsExactly("id", "kind", "email", "phone",
                "postal_address", "segments", "bloctel_registered", "opted_out", "last_activity_on", "consent_email_given_on",
                "consent_email_proof_ref", "consent_email_renter_named");
        JsonNode lines = preview.get("lines");
        assertThat(lines.valueStream().map(l -> l.get("line").asLong()).toList()).containsExactly(3L, 5L, 6L, 7L);
        JsonNode claire = lines.get(0);
        assertThat(claire.at("/values/email").asString()).isEqualTo("claire.martin@example.org");
        assertThat(claire.at("/values/phone").asString()).as("the leading zero Excel dropped").isEqualTo("0612345678");
        assertThat(claire.at("/values/postal_address").asString()).isEqualTo("12 rue des Lilas\r\n75011 Paris");
        assertThat(claire.at("/values/opted_out").asString()).isEqualTo("false");
        assertThat(claire.at("/values/consent_email_given_on").asString()).isEqualTo("2026-03-01");
        assertThat(claire.get("problems")).isEmpty();
        assertThat(lines.get(1).at("/values/opted_out").asString()).isEqualTo("true");
        assertThat(lines.get(1).at("/values/last_activity_on").asString()).as("an Excel serial date").isEqualTo("2026-02-12");
        assertThat(lines.get(2).at("/values/consent_email_given_on").isMissingNode()).as("Opt-in email NON: no consent").isTrue();
        JsonNode lea = lines.get(3);
        assertThat(lea.get("problems").valueStream().map(p -> p.get("column").asString()).toList())
                .containsExactly("bloctel_registered", "consent_email_given_on");
        assertThat(lea.at("/problems/0/message").asString()).contains("PEUT-ÊTRE");
        assertThat(lea.at("/problems/1/message").asString()).contains("31/02/2026");
        assertThat(lea.at("/values/email").asString()).isEqualTo("lea.moreau@example.org");
        assertThat(preview.get("warnings").valueStream().map(JsonNode::asString).toList()).singleElement().asString().contains("Civilité");
        assertThat(preview.get("more").asBoolean()).isFalse();

        JsonNode two = preview(evaluator, Map.of("name", "dataplus-b2c", "lines", "2")).json();
        assertThat(two.get("lines")).hasSize(2);
        assertThat(two.get("more").asBoolean()).isTrue();
        assertThat(preview(evaluator, Map.of("name", "dataplus-b2c", "lines", "201")).status()).isEqualTo(400);

        // declared UTF-8, the file is refused whole: the preview says so before any job would
        JsonNode utf8 = preview(evaluator, Map.of("name", "dataplus-b2c"),
                new Object[] {"format", "format.json", "{\"charset\": \"UTF-8\"}".getBytes(StandardCharsets.UTF_8)}).json();
        assertThat(utf8.get("refused").asBoolean()).isTrue();
        assertThat(utf8.at("/fileProblems/0/code").asString()).isEqualTo("bulk.encoding.looksWindows1252");

        // listguard's own header cannot read it: refused, naming why
        JsonNode own = preview(evaluator, Map.of(), new Object[] {"format", "format.json", "{\"charset\": \"windows-1252\"}".getBytes(StandardCharsets.UTF_8)})
                .json();
        assertThat(own.at("/profile/source").asString()).isEqualTo("LISTGUARD_HEADER");
        assertThat(own.get("refused").asBoolean()).isTrue();
        assertThat(own.at("/fileProblems/0/code").asString()).isEqualTo("bulk.csv.blankColumns");
        assertThat(own.at("/fileProblems/0/message").asString()).contains("12 columns without a name").contains("headerRow");

        HttpJson.Response unknown = preview(evaluator, Map.of("name", "dataplus"));
        assertThat(unknown.status()).isEqualTo(400);
        assertThat(unknown.json().at("/errors/0/path").asString()).isEqualTo("name");
        assertThat(unknown.json().get("knownProfiles").valueStream().map(JsonNode::asString).toList()).containsExactly("dataplus-b2c");

        assertThat(jobs()).as("a preview never starts a job").isEqualTo(jobsBefore);
        assertThat(editor.get("/api/v1/profiles/dataplus-b2c/history").json()).as("nor changes a profile").hasSize(1);
    }

    @Test
    void aPreviewWithAnUnsavedProfileTriesAnEditWithoutStoringIt() {
        assertThat(editor.postJson("/api/v1/profiles", BrokerFile.PROFILE).status()).isEqualTo(201);
        // the edit being tried: the broker's "PEUT-ÊTRE" read as not registered
        String edited = BrokerFile.PROFILE.replace("{\"VRAI\": \"true\", \"FAUX\": \"false\"}}", "{\"VRAI\": \"true\", \"FAUX\": \"false\", \"PEUT-ÊTRE\": \"false\"}}");
        assertThat(edited).isNotEqualTo(BrokerFile.PROFILE);
        JsonNode preview = preview(editor, Map.of(), new Object[] {"profile", "profile.json", edited.getBytes(StandardCharsets.UTF_8)}).json();
        assertThat(preview.at("/profile/source").asString()).isEqualTo("UNSAVED");
        assertThat(preview.at("/profile/name").asString()).isEqualTo("dataplus-b2c");
        JsonNode lea = preview.get("lines").get(3);
        assertThat(lea.get("problems").valueStream().map(p -> p.get("column").asString()).toList()).containsExactly("consent_email_given_on");
        assertThat(lea.at("/values/bloctel_registered").asString()).isEqualTo("false");
        assertThat(editor.get("/api/v1/profiles/dataplus-b2c").json().get("version").asInt()).as("not stored").isEqualTo(1);

        // an unsaved profile reading a column the file lacks, and one with a mistake of its own: the file's problems, with paths
        JsonNode missing = preview(editor, Map.of(), new Object[] {"profile", "p.json",
                BrokerFile.PROFILE.replace("\"E-mail\"", "\"Email\"").getBytes(StandardCharsets.UTF_8)}).json();
        assertThat(missing.get("refused").asBoolean()).isTrue();
        assertThat(missing.at("/fileProblems/0/message").asString()).contains("no column ’Email’").contains("E-mail");
        JsonNode broken = preview(editor, Map.of("lines", "5"), new Object[] {"profile", "p.json",
                BrokerFile.PROFILE.replace("\"opted_out\"", "\"optedout\"").getBytes(StandardCharsets.UTF_8)}, new Object[] {"format", "f.json",
                "{\"separator\": \";\"}".getBytes(StandardCharsets.UTF_8)}).json();
        assertThat(broken.get("refused").asBoolean()).isTrue();
        assertThat(broken.get("fileProblems").valueStream().map(p -> p.get("path").asString()).toList()).contains("fields.optedout");
        assertThat(broken.get("lines")).isEmpty();

        HttpJson.Response both = preview(editor, Map.of("name", "dataplus-b2c"), new Object[] {"profile", "p.json", edited.getBytes(StandardCharsets.UTF_8)});
        assertThat(both.status()).isEqualTo(400);
    }

    @Test
    void aBulkJobNamingAStoredProfileReadsTheBrokersFileRightAndKeepsTheProfileVersion() throws Exception {
        assertThat(editor.postJson("/api/v1/profiles", BrokerFile.PROFILE).status()).isEqualTo(201);
        HttpJson evaluator = new HttpJson(port, HttpJson.EVALUATOR_KEY);
        ObjectNode request = HttpJson.bulkRequestPart();
        request.putObject("format").put("profile", "dataplus-b2c");

        JsonNode job = submit(evaluator, request);
        assertThat(job.at("/profile/name").asString()).isEqualTo("dataplus-b2c");
        assertThat(job.at("/profile/version").asInt()).isEqualTo(1);
        Map<String, String> verdicts = verdicts(completed(evaluator, job.get("id").asString()));
        assertThat(verdicts.keySet()).containsExactly("DP-001", "DP-002", "DP-003");
        // R1: consent with its proof and the renter named; R20: the opted-out person ("X") is never contacted; "NON" is no consent
        assertThat(verdicts.get("DP-001")).startsWith("3,DP-001,true,");
        assertThat(verdicts.get("DP-002")).startsWith("5,DP-002,false,OPTED_OUT");
        assertThat(verdicts.get("DP-003")).startsWith("6,DP-003,false,NO_CONSENT");
        String errors = new String(evaluator.getBytes("/api/v1/jobs/" + job.get("id").asString() + "/errors.csv"), StandardCharsets.UTF_8);
        assertThat(errors).contains("7,").contains("31/02/2026");

        // docs/files.md's command line, on the same file with the profile from its file: the same verdicts and rejections
        java.nio.file.Path out = tmp.resolve("v.csv");
        var cliErr = new java.io.ByteArrayOutputStream();
        java.nio.file.Path campaign = java.nio.file.Files.writeString(tmp.resolve("campaign.json"), HttpJson.bulkRequestPart().toString());
        int exit = io.listguard.cli.Cli.run(new String[] {"evaluate", "--campaign", campaign.toString(), "--records", BrokerFile.CSV_FILE.toString(),
                "--profile", BrokerFile.PROFILE_FILE.toString(), "--out", out.toString()},
                new java.io.PrintStream(new java.io.ByteArrayOutputStream(), true, StandardCharsets.UTF_8), new java.io.PrintStream(cliErr, true, StandardCharsets.UTF_8));
        assertThat(exit).as(cliErr.toString(StandardCharsets.UTF_8)).isZero();
        String serviceVerdicts = completed(evaluator, job.get("id").asString());
        assertThat(firstColumns(java.nio.file.Files.readString(out, StandardCharsets.UTF_8))).isEqualTo(firstColumns(serviceVerdicts));
        assertThat(java.nio.file.Files.readString(tmp.resolve("v.errors.csv"), StandardCharsets.UTF_8)).isEqualTo(errors);

        // the profile changes: the next job says version 2, the first one still says version 1
        String changed = BrokerFile.PROFILE.replace("\"Export Excel B2C de DataPlus\"", "\"v2\"");
        assertThat(editor.call("PUT", "/api/v1/profiles/dataplus-b2c", changed, "If-Match", "\"1\"").status()).isEqualTo(200);
        JsonNode second = submit(evaluator, request);
        assertThat(second.at("/profile/version").asInt()).isEqualTo(2);
        assertThat(evaluator.get("/api/v1/jobs/" + job.get("id").asString()).json().at("/profile/version").asInt()).isEqualTo(1);
        completed(evaluator, second.get("id").asString());

        // an unknown profile: 400 at request.format.profile listing the stored ones; no job
        int jobsBefore = jobs();
        request.putObject("format").put("profile", "dataplus");
        HttpJson.Response unknown = submitRaw(evaluator, request);
        assertThat(unknown.status()).as(unknown.body()).isEqualTo(400);
        assertThat(unknown.json().at("/errors/0/path").asString()).isEqualTo("request.format.profile");
        assertThat(unknown.json().at("/errors/0/message").asString()).contains("dataplus-b2c");
        assertThat(unknown.json().get("knownProfiles").valueStream().map(JsonNode::asString).toList()).containsExactly("dataplus-b2c");
        // without a profile the broker's file is refused, never evaluated
        request.remove("format");
        assertThat(submitRaw(evaluator, request).status()).isEqualTo(400);
        assertThat(jobs()).isEqualTo(jobsBefore);
    }

    private HttpJson.Response submitRaw(HttpJson as, ObjectNode request) {
        return as.postMultipart("/api/v1/evaluations/bulk", List.<Object[]>of(
                new Object[] {"request", "request.json", request.toString().getBytes(StandardCharsets.UTF_8)},
                new Object[] {"records", "dataplus.csv", BrokerFile.bytes()}), Map.of());
    }

    private JsonNode submit(HttpJson as, ObjectNode request) {
        HttpJson.Response accepted = submitRaw(as, request);
        assertThat(accepted.status()).as(accepted.body()).isEqualTo(202);
        return accepted.json();
    }

    private String completed(HttpJson as, String id) throws InterruptedException {
        for (int i = 0; i < 300; i++) {
            JsonNode job = as.get("/api/v1/jobs/" + id).json();
            if (!job.get("state").asString().matches("QUEUED|RUNNING")) {
                assertThat(job.get("state").asString()).as(job.toString()).isEqualTo("COMPLETED");
                return new String(as.getBytes("/api/v1/jobs/" + id + "/records.csv"), StandardCharsets.UTF_8);
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + id + " did not finish");
    }

    /** line, id, contactable, reasons, legal bases: what the CLI and the service share whatever policy version is active. */
    private static List<String> firstColumns(String recordsCsv) {
        return recordsCsv.lines().map(l -> String.join(",", java.util.Arrays.copyOf(l.split(",", -1), 5))).toList();
    }

    private static Map<String, String> verdicts(String recordsCsv) {
        Map<String, String> byId = new LinkedHashMap<>();
        recordsCsv.lines().skip(1).forEach(row -> byId.put(row.split(",")[1], row));
        return byId;
    }

    static List<String> names(JsonNode list) {
        return list.valueStream().map(p -> p.get("name").asString()).toList();
    }

    static List<String> paths(JsonNode problem) {
        return problem.get("errors").valueStream().map(e -> e.get("path").asString()).toList();
    }

    static JsonNode error(JsonNode problem, String path) {
        return problem.get("errors").valueStream().filter(e -> e.get("path").asString().equals(path)).findFirst()
                .orElseThrow(() -> new AssertionError("no error at " + path + " in " + problem));
    }
}
