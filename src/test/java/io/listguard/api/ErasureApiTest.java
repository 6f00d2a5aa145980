package io.listguard.api;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.ListguardApplication;
import io.listguard.cli.Cli;
import io.listguard.lifecycle.TestDatabases;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.JsonNode;

/**
 * A person erased end to end through the API (GDPR art. 17), on H2 and, where LISTGUARD_TEST_POSTGRES_URL is set,
 * PostgreSQL: their rows and their records' fragments of the stored requests and answers go, the totals stay, the
 * erasure is in the audit chain, the chain still verifies (through the API and the command line, from the database
 * URL and the public key alone), the objection puts them on the suppression list, and a tombstone removed afterwards
 * breaks the proof.
 */
class ErasureApiTest {

    static Stream<String> databases() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void aPersonIsErasedAndTheTrailStillVerifies(String kind) throws Exception {
        String schema = "lg_er_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        List<String> args = new ArrayList<>(List.of("--server.port=0"));
        String url;
        if (kind.equals("h2")) {
            url = "jdbc:h2:mem:" + schema + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1";
            args.add("--spring.datasource.url=" + url);
        } else {
            String base = System.getenv(TestDatabases.POSTGRES_ENV);
            url = base + (base.contains("?") ? "&" : "?") + "currentSchema=" + schema;
            args.addAll(List.of("--spring.datasource.url=" + url, "--spring.flyway.schemas=" + schema, "--spring.flyway.create-schemas=true",
                    "--spring.datasource.username=" + System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_USER", "postgres"),
                    "--spring.datasource.password=" + System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", "")));
        }
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ListguardApplication.class).run(args.toArray(String[]::new))) {
            JdbcTemplate jdbc = context.getBean(JdbcTemplate.class);
            try {
                int port = Integer.parseInt(context.getEnvironment().getProperty("local.server.port"));
                HttpJson admin = new HttpJson(port);
                HttpJson auditor = new HttpJson(port, HttpJson.AUDITOR_KEY);
                String sample = Files.readString(Path.of("docs/examples/evaluation-request.json"));
                String first = admin.postJson("/api/v1/evaluations", sample).json().get("evaluationId").asString();
                String second = admin.postJson("/api/v1/evaluations", sample).json().get("evaluationId").asString();
                assertThat(admin.postJson("/api/v1/suppressions", "{\"entries\":[{\"email\":\"someone@example.org\",\"reason\":\"objected\","
                        + "\"source\":\"letter\"}]}").status()).isEqualTo(201);
                assertThat(admin.postJson("/api/v1/suppressions/remove", "{\"email\":\"someone@example.org\",\"justification\":\"keyed in by mistake\"}")
                        .status()).isEqualTo(204);
                JsonNode before = admin.get("/api/v1/evaluations/" + first).json();
                assertThat(before.toString()).contains("record:r-2");

                assertThat(new HttpJson(port, HttpJson.EVALUATOR_KEY).postJson("/api/v1/records/erase", "{}").status()).isEqualTo(403);
                assertThat(auditor.postJson("/api/v1/records/erase", "{\"legalBasis\":\"art. 17(1)(a)\",\"objected\":false}").status()).isEqualTo(400);
                HttpJson.Response erased = auditor.postJson("/api/v1/records/erase",
                        "{\"email\":\"Jean.Dupont@Example.org\",\"legalBasis\":\"art. 17(1)(c), objection of 2026-12-01\",\"objected\":true}");
                assertThat(erased.status()).isEqualTo(200);
                assertThat(erased.json().get("records").asInt()).isEqualTo(2);
                assertThat(erased.json().get("evaluations").toString()).contains(first).contains(second);
                assertThat(erased.json().get("suppressed").asBoolean()).isTrue();

                JsonNode after = admin.get("/api/v1/evaluations/" + first).json();
                assertThat(after.toString()).doesNotContain("record:r-2").doesNotContain("\"r-2\"").contains("record:r-1");
                assertThat(after.get("records")).hasSize(before.get("records").size() - 1);
                assertThat(after.get("summary")).as("the totals are kept").isEqualTo(before.get("summary"));
                assertThat(jdbc.queryForObject("select count(*) from evaluation_record where evaluation_id = ?", Long.class, first)).isEqualTo(5);
                assertThat(jdbc.queryForObject("select count(*) from evaluation_record_tombstone", Long.class)).isEqualTo(2);
                assertThat(admin.postJson("/api/v1/records/lookup", "{\"email\":\"jean.dupont@example.org\"}").json().get("total").asLong()).isZero();
                assertThat(jdbc.queryForList("select * from audit_erasure").toString()).doesNotContain("dupont");
                assertThat(admin.postJson("/api/v1/suppressions/lookup", "{\"email\":\"jean.dupont@example.org\"}").status()).isEqualTo(200);
                assertThat(jdbc.queryForList("select kind from audit_chain order by seq", String.class)).containsExactly("POLICY_ACTIVATION", "EVALUATION", "EVALUATION",
                        "SUPPRESSION_ADD", "SUPPRESSION_REMOVAL", "ERASURE", "SUPPRESSION_ADD");

                assertThat(new HttpJson(port, HttpJson.EVALUATOR_KEY).get("/api/v1/audit/verify").status()).isEqualTo(403);
                JsonNode verified = auditor.get("/api/v1/audit/verify").json();
                assertThat(verified.get("ok").asBoolean()).as(verified.toString()).isTrue();
                assertThat(verified.get("entries").asLong()).isEqualTo(7);
                String publicKey = verified.get("publicKey").asString();
                context.getBean(io.listguard.audit.ChainCheckpoints.class).checkpoint();
                assertThat(admin.get("/api/v1/audit/verify").json().get("lastCheckpoint").get("seq").asLong()).isEqualTo(7);

                // the command line, from the database alone and the auditor's copy of the public key
                assertThat(cli(url, publicKey)).startsWith("0 ").contains("7 entries");

                jdbc.update("delete from evaluation_record_tombstone where evaluation_id = ?", second);
                JsonNode broken = auditor.call("GET", "/api/v1/audit/verify", null, "Accept-Language", "fr").json();
                assertThat(broken.get("ok").asBoolean()).isFalse();
                assertThat(broken.get("firstProblem").get("kind").asString()).isEqualTo("EVALUATION");
                assertThat(broken.get("firstProblem").get("ref").asString()).isEqualTo(second);
                assertThat(broken.get("firstProblem").get("seq").asLong()).isEqualTo(3);
                assertThat(broken.get("firstProblem").get("code").asString()).isEqualTo("audit.verify.content");
                assertThat(broken.get("firstProblem").get("message").asString()).startsWith("entrée 3 (EVALUATION");
                assertThat(cli(url, publicKey)).startsWith("1 ").contains("audit.verify.content");
            } finally {
                if (!kind.equals("h2")) {
                    jdbc.execute("drop schema " + schema + " cascade");
                }
            }
        }
    }

    /** The exit code and output of {@code audit verify}. */
    private static String cli(String url, String publicKey) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        List<String> args = new ArrayList<>(List.of("--lang", "en", "audit", "verify", "--db-url", url, "--public-key", publicKey));
        if (url.startsWith("jdbc:postgresql")) {
            args.addAll(List.of("--db-user", System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_USER", "postgres"), "--db-password",
                    System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", "")));
        } else {
            args.addAll(List.of("--db-user", "sa"));
        }
        int code = Cli.run(args.toArray(String[]::new), new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return code + " " + out.toString(StandardCharsets.UTF_8) + err.toString(StandardCharsets.UTF_8);
    }
}
