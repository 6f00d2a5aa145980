package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.ListguardApplication;
import io.listguard.audit.AuditStore;
import io.listguard.audit.Pseudonymiser;
import io.listguard.lifecycle.TestDatabases;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.JsonNode;
import tools.jackson.databind.node.ObjectNode;

/**
 * A data subject's rights (GDPR arts. 15 and 18) through the real service and HTTP, on H2 and on PostgreSQL (where
 * LISTGUARD_TEST_POSTGRES_URL is set): found by each identifier in any spelling, paged and capped, a running job's rows
 * left out; everything held exported with the facts as sent; a restriction that excludes the person from a later
 * evaluation, from a replay and from the trail's record views, and its lift that restores them; roles.
 */
class SubjectRightsApiTest {

    @TempDir
    Path tmp;

    record Db(String name, List<String> args, Runnable drop) {
        @Override
        public String toString() {
            return name;
        }
    }

    static Stream<String> databases() {
        return TestDatabases.kinds();
    }

    private static Db database(String kind) {
        if (kind.equals("h2")) {
            String url = "jdbc:h2:mem:rights" + UUID.randomUUID().toString().replace("-", "")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
            return new Db("h2", List.of("--spring.datasource.url=" + url),
                    () -> JdbcClient.create(new DriverManagerDataSource(url, "sa", "")).sql("drop all objects").update());
        }
        String url = System.getenv(TestDatabases.POSTGRES_ENV);
        String schema = "lg_rights_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String user = System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_USER", "postgres");
        String password = System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", "");
        return new Db("postgresql", List.of("--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + user, "--spring.datasource.password=" + password,
                "--spring.flyway.schemas=" + schema, "--spring.flyway.create-schemas=true"),
                () -> JdbcClient.create(new DriverManagerDataSource(url, user, password)).sql("drop schema if exists " + schema + " cascade").update());
    }

    private static final String JEAN = "jean.dupont@example.org";

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aPersonIsFoundExportedRestrictedAndLifted(String kind) throws Exception {
        Db db = database(kind);
        List<String> args = new ArrayList<>(db.args());
        args.add("--server.port=0");
        args.add("--listguard.data-dir=" + tmp.resolve(kind));
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ListguardApplication.class).run(args.toArray(String[]::new))) {
            int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
            HttpJson admin = new HttpJson(port);
            HttpJson auditor = new HttpJson(port, HttpJson.AUDITOR_KEY);
            HttpJson evaluator = new HttpJson(port, HttpJson.EVALUATOR_KEY);
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            Pseudonymiser pseudonymiser = context.getBean(Pseudonymiser.class);
            AuditStore store = context.getBean(AuditStore.class);

            // Jean (r-2) with a phone and a postal address too, evaluated twice
            ObjectNode request = (ObjectNode) HttpJson.mapper().readTree(Files.readString(Path.of("docs/examples/evaluation-request.json")));
            ObjectNode jean = (ObjectNode) request.get("records").get(1);
            jean.put("phone", "06 12 34 56 78");
            jean.put("postalAddress", "12 bd Voltaire, 75011 Paris");
            String first = evaluate(admin, request);
            String second = evaluate(admin, request);

            // a bulk job still running holds a row of Jean's: not finished, so not answered
            String running = UUID.randomUUID().toString();
            store.insertEvaluation(new AuditStore.EvaluationRow(running, Instant.now(), "test-admin", "CMP-RUN", "F-RUN", "v1", "sha256:x", "RUNNING",
                    0, 0, 0, "{}", "{}"));
            store.insertRecords(running, List.of(new AuditStore.RecordRow(0, "r-run", true, List.of(), List.of(),
                    hash(pseudonymiser.emailHash(JEAN)), null, null)));

            // 1. lookup by each identifier, any spelling: the same two rows, newest first; never the identifier in the answer
            for (String body : List.of("{\"email\": \" Jean.Dupont@EXAMPLE.org \"}", "{\"phone\": \"+33 6 12 34 56 78\"}",
                    "{\"phone\": \"0033612345678\"}", "{\"address\": \"12, Boulevard VOLTAIRE - 75011 PARIS\"}",
                    "{\"email\": \"jean.dupont@example.org\", \"phone\": \"06 12 34 56 78\", \"address\": \"12 bd Voltaire 75011 Paris\"}")) {
                HttpJson.Response found = auditor.postJson("/api/v1/records/lookup", body);
                assertThat(found.status()).as(body + " " + found.body()).isEqualTo(200);
                assertThat(found.json().get("total").asLong()).as(body).isEqualTo(2);
                assertThat(found.json().get("truncated").asBoolean()).isFalse();
                JsonNode items = found.json().get("items");
                assertThat(items.get(0).get("evaluationId").asString()).isEqualTo(second);
                assertThat(items.get(1).get("evaluationId").asString()).isEqualTo(first);
                assertThat(items.get(0).get("recordId").asString()).isEqualTo("r-2");
                assertThat(items.get(0).get("reasons").toString()).contains("TARGETING_MISMATCH");
                assertThat(found.body()).doesNotContainIgnoringCase("dupont").doesNotContain("Voltaire").doesNotContain("12 34 56").doesNotContain(running);
            }
            assertThat(auditor.postJson("/api/v1/records/lookup", "{\"email\": \"nobody@example.org\"}").json().get("total").asLong()).isZero();
            assertThat(auditor.postJson("/api/v1/records/lookup", "{}").status()).isEqualTo(400);
            assertThat(auditor.postJson("/api/v1/records/lookup", "{\"email\": \"a\\u0000@example.org\"}").status()).isEqualTo(400);

            // paging
            JsonNode page1 = auditor.postJson("/api/v1/records/lookup", "{\"email\": \"" + JEAN + "\", \"page\": 1, \"size\": 1}").json();
            assertThat(page1.get("items")).hasSize(1);
            assertThat(page1.get("items").get(0).get("evaluationId").asString()).isEqualTo(first);
            assertThat(page1.get("total").asLong()).isEqualTo(2);
            assertThat(auditor.postJson("/api/v1/records/lookup", "{\"email\": \"" + JEAN + "\", \"size\": 501}").status()).isEqualTo(400);

            // the GET form is gone: a clear 405 problem, not a silent answer; an identifier in the query of a POST is refused
            HttpJson.Response get = auditor.get("/api/v1/records/lookup?email=" + HttpJson.query(JEAN));
            assertThat(get.status()).isEqualTo(405);
            assertThat(get.json().get("code").asString()).isEqualTo("api.http.405");
            HttpJson.Response inQuery = auditor.postJson("/api/v1/records/lookup?email=" + HttpJson.query(JEAN), "{}");
            assertThat(inQuery.status()).isEqualTo(400);
            assertThat(inQuery.json().get("code").asString()).isEqualTo("api.rights.inQuery");

            // roles: an evaluator may neither look up, export nor restrict
            assertThat(evaluator.postJson("/api/v1/records/lookup", "{\"email\": \"" + JEAN + "\"}").status()).isEqualTo(403);
            assertThat(evaluator.postJson("/api/v1/records/export", "{\"email\": \"" + JEAN + "\"}").status()).isEqualTo(403);
            assertThat(evaluator.postJson("/api/v1/records/restrictions", "{\"email\": \"" + JEAN + "\", \"reason\": \"x\", \"legalBasis\": \"y\"}")
                    .status()).isEqualTo(403);
            assertThat(new HttpJson(port, null).postJson("/api/v1/records/lookup", "{\"email\": \"" + JEAN + "\"}").status()).isEqualTo(401);

            // 2. the export: every row, with the facts as they were sent (contact points as their surrogates)
            HttpJson.Response exported = auditor.postJson("/api/v1/records/export", "{\"phone\": \"+33612345678\"}");
            assertThat(exported.status()).as(exported.body()).isEqualTo(200);
            JsonNode export = exported.json();
            assertThat(export.get("rows").asInt()).isEqualTo(2);
            assertThat(export.get("truncated").asBoolean()).isFalse();
            JsonNode row = export.get("records").get(0);
            assertThat(row.get("evaluationId").asString()).isEqualTo(second);
            assertThat(row.get("recordId").asString()).isEqualTo("r-2");
            assertThat(row.get("campaignId").asString()).isEqualTo("CMP-7");
            assertThat(row.get("fileId").asString()).isEqualTo(request.get("file").get("id").asString());
            assertThat(row.get("policyVersionId").asString()).isEqualTo("v1");
            assertThat(row.get("policyHash").asString()).startsWith("sha256:");
            assertThat(row.get("contactable").asBoolean()).isFalse();
            assertThat(row.get("reasons").toString()).contains("TARGETING_MISMATCH");
            assertThat(row.get("caller").asString()).isEqualTo("test-admin");
            JsonNode facts = row.get("facts");
            assertThat(facts.get("id").asString()).isEqualTo("r-2");
            assertThat(facts.get("birthDate").asString()).isEqualTo(jean.get("birthDate").asString());
            assertThat(facts.get("segments")).isEqualTo(jean.get("segments"));
            assertThat(facts.get("lastActivityOn").asString()).isEqualTo(jean.get("lastActivityOn").asString());
            assertThat(facts.get("consents").get(0).get("givenOn").asString()).isEqualTo("2025-11-12");
            assertThat(facts.get("consents").get(0).get("proofRef").asString()).isEqualTo("form-991#2025-11-12T18:40Z");
            assertThat(facts.get("consents").get(0).get("channel").asString()).isEqualTo("EMAIL");
            assertThat(facts.get("email").asString()).matches("h[0-9a-f]{24}@pseudonymised\\.invalid");
            assertThat(facts.get("phone").asString()).startsWith("+336");
            assertThat(facts.get("postalAddress").asString()).startsWith("pseudonymised address ").endsWith(" 75000");
            assertThat(exported.body()).doesNotContainIgnoringCase("dupont").doesNotContain("Voltaire").doesNotContain(running);

            // 3. restriction (art. 18): recorded, then the person is withheld from a replay, the record views and later evaluations
            String from = Instant.now().minus(1, ChronoUnit.HOURS).toString();
            String to = Instant.now().plus(1, ChronoUnit.HOURS).toString();
            JsonNode replayBefore = admin.postJson("/api/v1/policies/versions/v1/replay?from=" + from + "&to=" + to, "").json();
            assertThat(replayBefore.get("recordsCompared").asLong()).isEqualTo(12);
            assertThat(auditor.postJson("/api/v1/records/restrictions", "{\"email\": \"" + JEAN + "\", \"reason\": \"accuracy contested\"}").status())
                    .isEqualTo(400); // the legal basis is required
            HttpJson.Response restricted = auditor.postJson("/api/v1/records/restrictions",
                    "{\"email\": \"Jean.Dupont@Example.org\", \"reason\": \"exactitude contestée par courrier du 2 décembre\", \"legalBasis\": \"RGPD art. 18(1)(a)\"}");
            assertThat(restricted.status()).as(restricted.body()).isEqualTo(201);
            long id = restricted.json().get("id").asLong();
            assertThat(restricted.json().get("email").asBoolean()).isTrue();
            assertThat(restricted.json().get("phone").asBoolean()).isFalse();
            assertThat(restricted.json().get("restrictedBy").asString()).isEqualTo("test-auditor");
            assertThat(restricted.json().get("legalBasis").asString()).isEqualTo("RGPD art. 18(1)(a)");
            assertThat(restricted.body()).doesNotContainIgnoringCase("dupont");

            String third = evaluate(admin, request);
            // R29: excluded by the restriction, on its own basis (art. 18), not as an objection (R20, art. 21)
            assertThat(verdict(jdbc, third, "r-2")).contains("RESTRICTED").doesNotContain("SUPPRESSED");
            assertThat(verdict(jdbc, third, "r-1")).doesNotContain("RESTRICTED");
            assertThat(jdbc.queryForObject("select legal_bases from evaluation_record where evaluation_id = ? and record_id = 'r-2'", String.class,
                    third)).isNotBlank();
            JsonNode replayRestricted = admin.postJson("/api/v1/policies/versions/v1/replay?from=" + from + "&to=" + to, "").json();
            assertThat(replayRestricted.get("recordsCompared").asLong()).isEqualTo(15); // three evaluations of six, Jean's withheld
            assertThat(replayRestricted.toString()).doesNotContain("\"r-2\"");
            assertThat(auditor.get("/api/v1/evaluations/" + first + "/records/r-2").status()).isEqualTo(404);
            assertThat(auditor.get("/api/v1/evaluations/" + first + "/records/r-1").status()).isEqualTo(200);
            JsonNode stored = auditor.get("/api/v1/evaluations/" + first).json();
            assertThat(stored.get("records")).hasSize(5);
            assertThat(stored.get("records").toString()).doesNotContain("\"r-2\"");
            assertThat(stored.get("trace").toString()).doesNotContain("record:r-2");
            // the subject-rights path still shows everything, with the restriction
            JsonNode stillFound = auditor.postJson("/api/v1/records/lookup", "{\"email\": \"" + JEAN + "\"}").json();
            assertThat(stillFound.get("total").asLong()).isEqualTo(3);
            assertThat(stillFound.get("restrictions").get(0).has("liftedAt")).isFalse();
            assertThat(auditor.get("/api/v1/records/restrictions").json().toString()).contains("\"id\":" + id);
            // the register holds who, when and the basis, and the hash only
            Map<String, Object> registered = jdbc.queryForMap("select * from subject_restriction where id = ?", id);
            assertThat(registered.get("restricted_by")).isEqualTo("test-auditor");
            assertThat(registered.get("legal_basis")).isEqualTo("RGPD art. 18(1)(a)");
            assertThat((byte[]) registered.get("email_hash")).isEqualTo(hash(pseudonymiser.emailHash(JEAN)));
            assertThat(registered.get("restricted_at")).isNotNull();

            // 4. lifted: recorded on the row; the person is processed again
            assertThat(auditor.postJson("/api/v1/records/restrictions/lift", "{\"id\": " + id + "}").status()).isEqualTo(400); // why is required
            HttpJson.Response lifted = admin.postJson("/api/v1/records/restrictions/lift", "{\"id\": " + id + ", \"reason\": \"exactitude vérifiée\"}");
            assertThat(lifted.status()).as(lifted.body()).isEqualTo(200);
            assertThat(lifted.json().get("liftedBy").asString()).isEqualTo("test-admin");
            assertThat(lifted.json().get("liftReason").asString()).isEqualTo("exactitude vérifiée");
            assertThat(admin.postJson("/api/v1/records/restrictions/lift", "{\"id\": " + id + ", \"reason\": \"again and again\"}").status())
                    .isEqualTo(404);
            String fourth = evaluate(admin, request);
            assertThat(verdict(jdbc, fourth, "r-2")).doesNotContain("RESTRICTED").contains("TARGETING_MISMATCH");
            assertThat(auditor.get("/api/v1/evaluations/" + first + "/records/r-2").status()).isEqualTo(200);
            assertThat(admin.postJson("/api/v1/policies/versions/v1/replay?from=" + from + "&to=" + Instant.now().plus(1, ChronoUnit.HOURS), "")
                    .json().get("recordsCompared").asLong()).isEqualTo(24);
            assertThat(auditor.get("/api/v1/records/restrictions").json()).isEmpty();
            assertThat(auditor.get("/api/v1/records/restrictions?active=false").json().get(0).get("liftedBy").asString()).isEqualTo("test-admin");
            assertThat(jdbc.queryForObject("select lifted_by from subject_restriction where id = ?", String.class, id)).isEqualTo("test-admin");

            // 5. the cap: a person in more rows than a lookup reaches is answered truncated, an export too
            String big = UUID.randomUUID().toString();
            store.insertEvaluation(new AuditStore.EvaluationRow(big, Instant.now().minus(1, ChronoUnit.DAYS), "test-admin", "CMP-BIG", "F-BIG", "v1",
                    "sha256:x", "APPROVED", 10_001, 10_001, 0, "{}", "{}"));
            byte[] many = hash(pseudonymiser.emailHash("many@example.org"));
            List<AuditStore.RecordRow> rows = new ArrayList<>();
            for (int i = 0; i < 10_001; i++) {
                rows.add(new AuditStore.RecordRow(i, "m-" + i, true, List.of(), List.of(), many, null, null));
            }
            store.insertRecords(big, rows);
            JsonNode capped = auditor.postJson("/api/v1/records/lookup", "{\"email\": \"MANY@example.org\", \"size\": 500}").json();
            assertThat(capped.get("total").asLong()).isEqualTo(10_000);
            assertThat(capped.get("truncated").asBoolean()).isTrue();
            assertThat(capped.get("items")).hasSize(500);
            JsonNode beyond = auditor.postJson("/api/v1/records/lookup", "{\"email\": \"many@example.org\", \"size\": 500, \"page\": 20}").json();
            assertThat(beyond.get("items")).isEmpty();
            JsonNode last = auditor.postJson("/api/v1/records/lookup", "{\"email\": \"many@example.org\", \"size\": 500, \"page\": 19}").json();
            assertThat(last.get("items")).hasSize(500);
            JsonNode exportCapped = auditor.postJson("/api/v1/records/export", "{\"email\": \"many@example.org\"}").json();
            assertThat(exportCapped.get("rows").asInt()).isEqualTo(2_000);
            assertThat(exportCapped.get("truncated").asBoolean()).isTrue();
            assertThat(exportCapped.get("records").get(0).has("facts")).isFalse(); // no stored records: a bulk job's
        } finally {
            db.drop().run();
        }
    }

    private static String evaluate(HttpJson http, ObjectNode request) {
        HttpJson.Response r = http.postJson("/api/v1/evaluations", request.toString());
        assertThat(r.status()).as(r.body()).isEqualTo(200);
        return r.json().get("evaluationId").asString();
    }

    /** A record's reasons as stored in its row (the trail's views withhold restricted records; the row is kept). */
    private static String verdict(JdbcTemplate jdbc, String evaluationId, String recordId) {
        return jdbc.queryForObject("select reasons from evaluation_record where evaluation_id = ? and record_id = ?", String.class, evaluationId, recordId);
    }

    private static byte[] hash(String hex) {
        return HexFormat.of().parseHex(hex);
    }
}
