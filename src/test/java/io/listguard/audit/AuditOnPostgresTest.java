package io.listguard.audit;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.ListguardApplication;
import io.listguard.domain.EvaluationRequest;
import io.listguard.domain.ProspectRecord;
import io.listguard.evaluation.ActivePolicy;
import io.listguard.evaluation.DecisionRecorder;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.EvaluationRun;
import io.listguard.evaluation.EvaluationService;
import io.listguard.evaluation.Evaluator;
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
                SubjectRights subjectRights = context.getBean(SubjectRights.class);
                assertThat(subjectRights.lookup(subjectRights.subject("jean.dupont@example.org", null, null), 0, 10).items()).hasSize(1);
                List<StoredEvaluation> exported = new ArrayList<>();
                trail.stream(new AuditQuery(null, null, null, null, null, null), exported::add);
                assertThat(exported).singleElement().satisfies(e -> assertThat(e.codes()).contains("SUPPRESSED", "PRICE_BELOW_MARKET"));
                String everything = context.getBean(JdbcTemplate.class).queryForList("select * from evaluation_record").toString()
                        + context.getBean(JdbcTemplate.class).queryForList("select * from evaluation").toString();
                assertThat(everything).doesNotContain("example.org");

                RetentionJob later = new RetentionJob(trail, new AuditProperties(null, Period.ofYears(3), "0 30 3 * * *"),
                        Clock.fixed(Instant.now().atZone(ZoneOffset.UTC).plusYears(4).toInstant(), ZoneOffset.UTC));
                assertThat(later.purge()).contains(1);
                assertThat(trail.find(id)).isEmpty();

                // a streamed evaluation (a bulk job) through the same writer: opened, rows per batch, completed; or discarded
                DecisionRecorder recorder = context.getBean(DecisionRecorder.class);
                Evaluator evaluator = context.getBean(ActivePolicy.class).current();
                EvaluationRun run = evaluator.start(new EvaluationRequest(request.campaign(), request.file(), List.of()), false);
                DecisionRecorder.Recording recording = recorder.open("pg-job", "pg-test", request.campaign(), request.file(), evaluator.versionRef());
                List<ProspectRecord> records = request.records();
                int half = records.size() / 2;
                recording.records(records.subList(0, half), run.evaluateBatch(records.subList(0, half), java.util.Set.of()).verdicts());
                recording.records(records.subList(half, records.size()), run.evaluateBatch(records.subList(half, records.size()), java.util.Set.of()).verdicts());
                EvaluationRun.Outcome outcome = run.finish();
                recording.complete(new EvaluationResult("pg-job", Instant.now(), evaluator.versionRef(), outcome.decision(), outcome.findings(),
                        outcome.summary(), null, outcome.trace()));
                EvaluationResult job = trail.find("pg-job").orElseThrow();
                assertThat(job.decision()).isEqualTo(outcome.decision());
                assertThat(job.summary()).isEqualTo(outcome.summary());
                assertThat(job.records()).as("a job's answer holds no verdicts; its rows do").isNull();
                assertThat(context.getBean(JdbcTemplate.class).queryForList("select record_id from evaluation_record where evaluation_id = 'pg-job' order by seq",
                        String.class)).as("the rows of both batches, in input order").containsExactlyElementsOf(records.stream().map(ProspectRecord::id).toList());
                assertThat(trail.explain("pg-job", records.get(0).id())).isPresent();
                assertThat(subjectRights.lookup(subjectRights.subject("jean.dupont@example.org", null, null), 0, 10).items()).hasSize(1);

                DecisionRecorder.Recording failed = recorder.open("pg-failed", "pg-test", request.campaign(), request.file(), evaluator.versionRef());
                failed.records(records, run.evaluateBatch(records, java.util.Set.of()).verdicts());
                failed.discard();
                assertThat(context.getBean(JdbcTemplate.class).queryForObject(
                        "select count(*) from evaluation_record where evaluation_id = 'pg-failed'", Integer.class)).isZero();
                assertThat(trail.find("pg-failed")).isEmpty();
            } finally {
                context.getBean(JdbcTemplate.class).execute("drop schema " + schema + " cascade");
            }
        }
    }
}
