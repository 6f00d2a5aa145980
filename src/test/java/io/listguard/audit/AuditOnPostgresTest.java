package io.listguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.ListguardApplication;
import io.listguard.domain.EvaluationRequest;
import io.listguard.evaluation.EvaluationService;
import io.listguard.lifecycle.TestDatabases;
import io.listguard.suppression.Suppressions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Clock;
import java.time.Instant;
import java.time.Period;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/**
 * The audit trail's queries on PostgreSQL, as production runs them: the whole service on a fresh schema migrated
 * by Flyway, an evaluation recorded, found, searched, explained, looked up, exported, suppressed and purged.
 * Runs wherever LISTGUARD_TEST_POSTGRES_URL points to a server (.ci/run sets it); H2 runs the same in AuditApiTest.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_ENV, matches = ".+")
class AuditOnPostgresTest {

    @Test
    void theAuditTrailWorksOnPostgresql() throws Exception {
        String schema = "lg_it_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
        String url = System.getenv(TestDatabases.POSTGRES_ENV);
        try (ConfigurableApplicationContext context = new SpringApplicationBuilder(ListguardApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + url + (url.contains("?") ? "&" : "?") + "currentSchema=" + schema,
                "--spring.datasource.username=" + System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_USER", "postgres"),
                "--spring.datasource.password=" + System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", ""),
                "--spring.flyway.schemas=" + schema, "--spring.flyway.create-schemas=true")) {
            try {
                EvaluationService evaluations = context.getBean(EvaluationService.class);
                AuditTrail trail = context.getBean(AuditTrail.class);
                Suppressions suppressions = context.getBean(Suppressions.class);
                EvaluationRequest request = context.getBean(JsonMapper.class)
                        .readValue(Files.readString(Path.of("docs/examples/evaluation-request.json")), EvaluationRequest.class);

                suppressions.add(Suppressions.Kind.EMAIL, "Claire.Martin@example.org", "objected", "test", "test");
                String id = evaluations.evaluate(request, "pg-test").evaluationId();

                assertThat(trail.find(id).orElseThrow().records().get(0).reasons()).containsExactly("SUPPRESSED");
                assertThat(trail.search(new AuditQuery("CMP-7", null, null, "TARGETING_MISMATCH", null, null), 0, 10).total()).isEqualTo(1);
                assertThat(trail.explain(id, "r-2").orElseThrow().rules()).isNotEmpty();
                Pseudonymiser pseudonymiser = context.getBean(Pseudonymiser.class);
                assertThat(trail.lookup(pseudonymiser.emailHash("jean.dupont@example.org"), null)).hasSize(1);
                List<StoredEvaluation> exported = new ArrayList<>();
                trail.stream(new AuditQuery(null, null, null, null, null, null), exported::add);
                assertThat(exported).singleElement().satisfies(e -> assertThat(e.codes()).contains("SUPPRESSED", "PRICE_BELOW_MARKET"));
                String everything = context.getBean(JdbcTemplate.class).queryForList("select * from evaluation_record").toString()
                        + context.getBean(JdbcTemplate.class).queryForList("select * from evaluation").toString();
                assertThat(everything).doesNotContain("example.org");

                RetentionJob later = new RetentionJob(trail, new AuditProperties(null, Period.ofYears(3), "0 30 3 * * *"),
                        Clock.fixed(Instant.now().atZone(ZoneOffset.UTC).plusYears(4).toInstant(), ZoneOffset.UTC));
                assertThat(later.purge()).isEqualTo(1);
                assertThat(trail.find(id)).isEmpty();
            } finally {
                context.getBean(JdbcTemplate.class).execute("drop schema " + schema + " cascade");
            }
        }
    }
}
