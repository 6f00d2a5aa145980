package io.listguard.config;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.ListguardApplication;
import io.listguard.audit.RetentionJob;
import io.listguard.domain.EvaluationRequest;
import io.listguard.evaluation.EvaluationService;
import io.listguard.lifecycle.PolicyDirectoryWatcher;
import io.listguard.lifecycle.PolicyStateException;
import io.listguard.lifecycle.PolicyVersion;
import io.listguard.lifecycle.SameContentException;
import io.listguard.lifecycle.TestDatabases;
import io.listguard.policy.WorkingCopy;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.CyclicBarrier;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.condition.EnabledIfEnvironmentVariable;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.boot.builder.SpringApplicationBuilder;
import org.springframework.context.ConfigurableApplicationContext;
import org.springframework.jdbc.core.JdbcTemplate;
import org.springframework.jdbc.datasource.DriverManagerDataSource;
import tools.jackson.databind.json.JsonMapper;

/**
 * Two instances of the service in one JVM on one fresh PostgreSQL schema, each with its own port and data directory,
 * both watching one shared policy folder: what is scheduled or triggered on both at the same instant runs once
 * (ShedLock, V11), the other instance skipping it.
 */
@EnabledIfEnvironmentVariable(named = TestDatabases.POSTGRES_ENV, matches = ".+")
class TwoInstancesOnPostgresTest {

    static final String SCHEMA = "lg_two_" + UUID.randomUUID().toString().replace("-", "").substring(0, 10);
    static final String URL = System.getenv(TestDatabases.POSTGRES_ENV);
    static final String USER = System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_USER", "postgres");
    static final String PASSWORD = System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", "");

    @TempDir
    static Path tmp;
    static WorkingCopy policies;
    static ConfigurableApplicationContext a;
    static ConfigurableApplicationContext b;

    @BeforeAll
    static void startTwoInstances() {
        admin().execute("create schema " + SCHEMA);
        policies = new WorkingCopy(tmp.resolve("shared-policies"));
        a = start("a"); // migrates the schema and stores v1
        b = start("b"); // finds both done
    }

    @AfterAll
    static void stop() {
        for (ConfigurableApplicationContext context : new ConfigurableApplicationContext[] {a, b}) {
            if (context != null) {
                context.close();
            }
        }
        admin().execute("drop schema " + SCHEMA + " cascade");
    }

    private static JdbcTemplate admin() {
        return new JdbcTemplate(new DriverManagerDataSource(URL, USER, PASSWORD));
    }

    private static ConfigurableApplicationContext start(String name) {
        return new SpringApplicationBuilder(ListguardApplication.class).run("--server.port=0",
                "--spring.datasource.url=" + URL + (URL.contains("?") ? "&" : "?") + "currentSchema=" + SCHEMA,
                "--spring.datasource.username=" + USER, "--spring.datasource.password=" + PASSWORD,
                "--spring.flyway.schemas=" + SCHEMA, "--listguard.data-dir=" + tmp.resolve("data-" + name),
                "--listguard.audit.hmac-key=one-key-for-every-instance-0123",
                "--listguard.policy.watch=true", "--listguard.policy.rules-dir=" + policies.rules,
                "--listguard.policy.policies-dir=" + policies.policies);
    }

    /** Runs both at the same instant, from two threads; their outcomes (a value, or the exception thrown) in order. */
    private static List<Object> atOnce(Callable<?> first, Callable<?> second) throws Exception {
        CyclicBarrier start = new CyclicBarrier(2);
        ExecutorService threads = Executors.newFixedThreadPool(2);
        try {
            List<Future<Object>> futures = new ArrayList<>();
            for (Callable<?> task : List.of(first, second)) {
                futures.add(threads.submit(() -> {
                    start.await();
                    try {
                        return task.call();
                    } catch (RuntimeException e) {
                        return e;
                    }
                }));
            }
            List<Object> outcomes = new ArrayList<>();
            for (Future<Object> f : futures) {
                outcomes.add(f.get());
            }
            return outcomes;
        } finally {
            threads.shutdownNow();
        }
    }

    @Test
    void theRetentionPurgeTriggeredOnBothInstancesAtOnceRunsOnce() throws Exception {
        EvaluationRequest request = a.getBean(JsonMapper.class)
                .readValue(Files.readString(Path.of("docs/examples/evaluation-request.json")), EvaluationRequest.class);
        EvaluationService evaluations = a.getBean(EvaluationService.class);
        for (int i = 0; i < 3; i++) {
            evaluations.evaluate(request, "two-instances");
        }
        JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
        jdbc.update("update evaluation set evaluated_at = ?", Timestamp.from(Instant.now().atZone(ZoneOffset.UTC).minusYears(4).toInstant()));
        evaluations.evaluate(request, "two-instances"); // a recent one, kept
        int records = jdbc.queryForObject("select count(*) from evaluation_record", Integer.class);

        List<Object> outcomes = atOnce(() -> a.getBean(RetentionJob.class).purge(), () -> b.getBean(RetentionJob.class).purge());

        assertThat(outcomes).as("one instance purged the three old evaluations, the other skipped the run (locked)")
                .containsExactlyInAnyOrder(Optional.of(3), Optional.empty());
        assertThat(jdbc.queryForObject("select count(*) from evaluation", Integer.class)).isEqualTo(1);
        assertThat(jdbc.queryForObject("select count(*) from evaluation_record", Integer.class)).isEqualTo(records / 4);
        assertThat(jdbc.queryForObject("select count(*) from shedlock where name = ?", Integer.class, RetentionJob.LOCK)).isEqualTo(1);
        assertThat(jdbc.queryForObject("show statement_timeout", String.class)).as("config.DatabaseTimeouts on every session").isEqualTo("30s");
        assertThat(jdbc.queryForObject("show lock_timeout", String.class)).isEqualTo("5s");
        assertThat(b.getBean(RetentionJob.class).purge()).as("held for 5 minutes: an instance whose cron fires a little later skips it too")
                .isEmpty();
    }

    @Test
    void aChangeOfTheSharedPolicyFolderAcceptedOnBothInstancesAtOnceMakesOneVersion() throws Exception {
        JdbcTemplate jdbc = a.getBean(JdbcTemplate.class);
        int before = jdbc.queryForObject("select count(*) from policy_version", Integer.class);
        PolicyDirectoryWatcher watcherA = a.getBean(PolicyDirectoryWatcher.class);
        PolicyDirectoryWatcher watcherB = b.getBean(PolicyDirectoryWatcher.class);

        policies.set("list-quality.xlsx", "Prix", "D14", "120");
        awaitValidProposal(watcherA);
        awaitValidProposal(watcherB);

        List<Object> outcomes = atOnce(() -> watcherA.accept("alice", "price band", true), () -> watcherB.accept("bob", "price band", true));

        assertThat(outcomes).as(outcomes.stream().map(o -> o.getClass().getSimpleName()).toList().toString())
                .filteredOn(PolicyVersion.class::isInstance).hasSize(1);
        assertThat(outcomes).as("the other is refused: busy while the first stores it, or the same content once stored")
                .filteredOn(o -> o instanceof PolicyStateException || o instanceof SameContentException).hasSize(1);
        assertThat(jdbc.queryForObject("select count(*) from policy_version", Integer.class)).isEqualTo(before + 1);
    }

    private static void awaitValidProposal(PolicyDirectoryWatcher watcher) throws InterruptedException {
        long deadline = System.currentTimeMillis() + 60_000;
        while (System.currentTimeMillis() < deadline) {
            Optional<PolicyDirectoryWatcher.Proposal> p = watcher.proposal();
            if (p.isPresent() && p.get().report().valid()) {
                return;
            }
            Thread.sleep(200);
        }
        throw new AssertionError("no valid proposal within 60 s: " + watcher.proposal());
    }
}
