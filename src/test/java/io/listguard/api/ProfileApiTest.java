package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.bulk.profiles.BrokerFiles;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.boot.test.web.server.LocalServerPort;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * Mapping profiles through the API (issue 12, item 2): created, listed by provider, read with their version, changed
 * only on the version they were read at (a stale edit is a 409 naming the current version and who made it, never a
 * lost update), deleted, every step in the history with the JSON before and after; a profile with mistakes is
 * refused with every problem at its JSON path, in French or English; only editors change profiles.
 */
@SpringBootTest(webEnvironment = SpringBootTest.WebEnvironment.RANDOM_PORT)
class ProfileApiTest {

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
        HttpJson.Response created = editor.postJson("/api/v1/profiles", BrokerFiles.PROFILE);
        assertThat(created.status()).as(created.body()).isEqualTo(201);
        JsonNode stored = created.json();
        assertThat(stored.get("name").asString()).isEqualTo("dataplus-b2c");
        assertThat(stored.get("provider").asString()).isEqualTo("DataPlus");
        assertThat(stored.get("version").asInt()).isEqualTo(1);
        assertThat(stored.get("createdBy").asString()).isEqualTo("test-editor");
        assertThat(stored.at("/profile/fields/opted_out/column").asString()).isEqualTo("Désinscrit");
        assertThat(created.body()).doesNotContain("\"sheet\":null"); // stored as written, nulls left out

        assertThat(editor.postJson("/api/v1/profiles", BrokerFiles.PROFILE).status()).as("a name is never replaced by a creation").isEqualTo(409);
        assertThat(editor.postJson("/api/v1/profiles", BrokerFiles.PROFILE.replace("dataplus-b2c", "acme-b2b").replace("DataPlus", "Acme"))
                .status()).isEqualTo(201);

        // listed by provider, then name; readable by evaluators and auditors, who may not change it
        JsonNode all = new HttpJson(port, HttpJson.EVALUATOR_KEY).get("/api/v1/profiles").json();
        assertThat(names(all)).containsExactly("acme-b2b", "dataplus-b2c");
        assertThat(names(new HttpJson(port, HttpJson.AUDITOR_KEY).get("/api/v1/profiles?provider=DataPlus").json())).containsExactly("dataplus-b2c");
        assertThat(new HttpJson(port, HttpJson.EVALUATOR_KEY).postJson("/api/v1/profiles", BrokerFiles.PROFILE.replace("dataplus-b2c", "x"))
                .status()).isEqualTo(403);

        HttpJson.Response read = editor.get("/api/v1/profiles/dataplus-b2c");
        assertThat(read.status()).isEqualTo(200);
        String changed = BrokerFiles.PROFILE.replace("\"Export Excel B2C\"", "\"Export Excel B2C, printemps\"");
        HttpJson.Response noVersion = editor.call("PUT", "/api/v1/profiles/dataplus-b2c", changed);
        assertThat(noVersion.status()).as(noVersion.body()).isEqualTo(428);
        assertThat(noVersion.json().get("code").asString()).isEqualTo("profiles.versionRequired");

        HttpJson.Response updated = editor.call("PUT", "/api/v1/profiles/dataplus-b2c", changed, "If-Match", "\"1\"");
        assertThat(updated.status()).as(updated.body()).isEqualTo(200);
        assertThat(updated.json().get("version").asInt()).isEqualTo(2);
        assertThat(updated.json().at("/profile/description").asString()).isEqualTo("Export Excel B2C, printemps");

        // a second person edits what they read at version 1: refused, naming version 2 and who made it; nothing changes
        HttpJson admin = new HttpJson(port);
        HttpJson.Response stale = admin.call("PUT", "/api/v1/profiles/dataplus-b2c", BrokerFiles.PROFILE.replace("\"E-mail\"", "\"Courriel\""),
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
        assertThat(history.get(1).at("/before/description").asString()).isEqualTo("Export Excel B2C");
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

        HttpJson.Response duplicateKey = editor.postJson("/api/v1/profiles", BrokerFiles.PROFILE.replaceFirst("\"provider\": \"DataPlus\",",
                "\"provider\": \"DataPlus\", \"provider\": \"Autre\","));
        assertThat(duplicateKey.status()).as(duplicateKey.body()).isEqualTo(400);
        assertThat(jdbc.queryForObject("select count(*) from mapping_profile", Integer.class)).isZero();
        assertThat(jdbc.queryForObject("select count(*) from mapping_profile_event", Integer.class)).as("nothing recorded for a refusal").isZero();
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
