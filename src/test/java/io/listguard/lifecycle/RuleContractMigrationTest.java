package io.listguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import io.listguard.BundledPolicy;
import io.listguard.evaluation.EvaluationResult;
import io.listguard.evaluation.Evaluator;
import io.listguard.evaluation.TraceEntry;
import io.listguard.policy.ContractMigration;
import io.listguard.policy.PolicyCompilationException;
import io.listguard.policy.PolicyCompiler;
import io.listguard.policy.PolicySet;
import io.listguard.policy.PolicySource;
import io.listguard.scenario.Scenario;
import io.listguard.scenario.ScenarioFiles;
import io.listguard.scenario.ScenarioReport;
import io.listguard.scenario.ScenarioRunner;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.List;
import java.util.Set;
import java.util.UUID;
import java.util.function.Consumer;
import javax.sql.DataSource;
import org.flywaydb.core.Flyway;
import org.flywaydb.core.api.configuration.FluentConfiguration;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;
import org.springframework.jdbc.core.simple.JdbcClient;
import org.springframework.jdbc.datasource.DriverManagerDataSource;

/**
 * V8__rule_contract: a version stored with the old rule contract (the bundled files as they were before
 * io.listguard.rules, kept under src/test/resources/legacy-contract) no longer compiles as stored, and after the
 * migration compiles, passes its scenarios and replays every scenario's request with the same verdicts, findings
 * and deciding rows as the bundled policies; its hash, content digest and approvals follow.
 */
class RuleContractMigrationTest {

    static PolicySet legacy;
    static List<Scenario> scenarios;

    @BeforeAll
    static void legacySet() {
        PolicySet bundled = BundledPolicy.policySet();
        legacy = PolicySet.fromDirectories(Path.of("src/test/resources/legacy-contract/rules"), Path.of("src/test/resources/legacy-contract/policies"))
                .with(bundled.scenarios());
        scenarios = ScenarioFiles.load(bundled.scenarios()).scenarios();
        assertThat(scenarios).hasSizeGreaterThan(10);
    }

    @ParameterizedTest(name = "{0}")
    @ValueSource(strings = {"h2", "postgresql"})
    void aVersionOfTheOldContractCompilesAndReplaysAfterTheMigration(String kind) {
        withDatabaseAtV6(kind, (flyway, ds) -> {
            JdbcClient jdbc = JdbcClient.create(ds);
            PolicyVersions versions = new PolicyVersions(jdbc);
            PolicyVersion v1 = storeAsBeforeV9(jdbc, legacy); // as the release of the old contract stored and activated it
            versions.recordContentDigest(v1.id(), io.listguard.policy.PolicyMerge.contentDigest(legacy));
            String approvedContent = contentHash(jdbc, v1.id());
            jdbc.sql("insert into policy_approval (version_id, content_hash, approver, identity_kind, identity, key_name, reason, approved_at) values (?, ?, ?, ?, ?, ?, ?, ?)")
                    .params(v1.id(), approvedContent, "bob", "API_KEY", "key:bob", "bob", "four eyes", Timestamp.from(Instant.now())).update();

            // as stored, the old contract's files do not compile with this release
            assertThatThrownBy(() -> new PolicyCompiler().compile(versions.policySet(v1.id()).orElseThrow(), v1.id()))
                    .isInstanceOf(PolicyCompilationException.class);

            flyway.migrate();

            PolicySet migrated = versions.policySet(v1.id()).orElseThrow();
            assertThat(ContractMigration.legacyFiles(migrated.sources())).isEmpty();
            assertThat(new String(migrated.source("rules/regime.drl").orElseThrow().content(), StandardCharsets.UTF_8))
                    .contains("global io.listguard.rules.Outcomes out;", "out.basis($p, LegalBasis.CONSENT_REQUIRED);")
                    .doesNotContain("kcontext", "evaluation.facts", "RuleOutcomes");
            // the scenarios are not rule files: byte for byte as stored
            migrated.scenarios().forEach(s -> assertThat(s.content()).isEqualTo(legacy.source(s.name()).orElseThrow().content()));

            PolicyVersion stored = versions.find(v1.id()).orElseThrow();
            assertThat(stored.hash()).isEqualTo(migrated.hash()).isNotEqualTo(legacy.hash());
            assertThat(jdbc.sql("select hash_before_rule_contract from policy_version where id = ?").param(v1.id()).query(String.class).single())
                    .isEqualTo(legacy.hash());
            assertThat(stored.files()).allSatisfy(f -> assertThat(f.sha256())
                    .isEqualTo(PolicyVersions.sha256(migrated.source(f.name()).orElseThrow().content())));
            assertThat(versions.contentDigests()).containsEntry(v1.id(), io.listguard.policy.PolicyMerge.contentDigest(migrated));
            String migratedContent = contentHash(jdbc, v1.id());
            assertThat(migratedContent).isNotEqualTo(approvedContent);
            assertThat(jdbc.sql("select content_hash from policy_approval where version_id = ?").param(v1.id()).query(String.class).list())
                    .containsExactly(migratedContent);

            // V9: the cluster's state starts from the last activation, and new version numbers after the highest stored
            assertThat(versions.state().activeVersion()).isEqualTo(v1.id());
            assertThat(versions.state().counter()).isEqualTo(1);
            assertThat(versions.state().changedBy()).isEqualTo("listguard");
            assertThat(versions.save(migrated.with(List.of(new PolicySource("rules/extra.drl", "package io.listguard.rules;\n".getBytes()))),
                    "alice", "after the upgrade").id()).isEqualTo("v2");

            Evaluator replayed = new Evaluator(new PolicyCompiler().compile(migrated, v1.id()));
            ScenarioReport report = ScenarioRunner.run(replayed, scenarios);
            assertThat(report.failureMessages()).isEmpty();
            assertThat(report.allPassed()).isTrue();
            Evaluator bundled = BundledPolicy.evaluator();
            for (Scenario scenario : scenarios) {
                EvaluationResult before = bundled.evaluate(scenario.given(), "bundled", Set.of());
                EvaluationResult after = replayed.evaluate(scenario.given(), "replay", Set.of());
                assertThat(after.decision()).as(scenario.name()).isEqualTo(before.decision());
                assertThat(after.records()).as(scenario.name()).isEqualTo(before.records());
                assertThat(after.findings()).as(scenario.name()).isEqualTo(before.findings());
                assertThat(after.trace()).as(scenario.name()).isNotEmpty();
                assertThat(after.trace().stream().map(RuleContractMigrationTest::place).toList()).as(scenario.name())
                        .isEqualTo(before.trace().stream().map(RuleContractMigrationTest::place).toList());
                assertThat(after.policyVersion().hash()).isEqualTo(stored.hash());
            }
        });
    }

    /** Stores a set as version 1 and activates it with the statements of the releases before V9 (the sequence and policy_state do not exist yet). */
    private static PolicyVersion storeAsBeforeV9(JdbcClient jdbc, PolicySet set) {
        long seq = jdbc.sql("select coalesce(max(seq), 0) + 1 from policy_version").query(Long.class).single();
        String id = "v" + seq;
        jdbc.sql("insert into policy_version (id, seq, hash, author, comment, created_at) values (?, ?, ?, ?, ?, ?)")
                .params(id, seq, set.hash(), "listguard", "bundled policies of an older release", Timestamp.from(Instant.now())).update();
        for (PolicySource source : set.sources()) {
            jdbc.sql("insert into policy_file (version_id, name, sha256, size_bytes, content) values (?, ?, ?, ?, ?)")
                    .params(id, source.name(), PolicyVersions.sha256(source.content()), (long) source.content().length, source.content()).update();
        }
        jdbc.sql("insert into policy_activation (version_id, activated_by, activated_at, reason) values (?, ?, ?, ?)")
                .params(id, "listguard", Timestamp.from(Instant.now()), "first start").update();
        return new PolicyVersion(id, seq, set.hash(), "listguard", null, Instant.now(), List.of());
    }

    /** What a trace entry says, but the DRL line (the bundled evidence.drl lost a redundant import line). */
    private static String place(TraceEntry t) {
        return String.join("|", t.stage(), t.rule(), String.valueOf(t.ruleId()), t.source(), String.valueOf(t.sheet()), String.valueOf(t.row()),
                String.valueOf(t.legalRef()), String.valueOf(t.code()), String.valueOf(t.facts()));
    }

    private static String contentHash(JdbcClient jdbc, String version) {
        return PolicyApprovals.contentHash(jdbc.sql(PolicyApprovals.CONTENT_FILES).param(version)
                .query((rs, i) -> new String[] {rs.getString(1), rs.getString(2)}).list());
    }

    interface Migrated {
        void run(Flyway toLatest, DataSource ds);
    }

    /** A fresh database migrated to V6 (before the rule contract), and the Flyway that takes it to the latest version. */
    private static void withDatabaseAtV6(String kind, Migrated test) {
        DataSource ds;
        Consumer<FluentConfiguration> schema = c -> { };
        Runnable drop;
        if (kind.equals("h2")) {
            DriverManagerDataSource h2 = new DriverManagerDataSource("jdbc:h2:mem:c" + UUID.randomUUID().toString().replace("-", "")
                    + ";MODE=PostgreSQL;DATABASE_TO_LOWER=TRUE;DEFAULT_NULL_ORDERING=HIGH;DB_CLOSE_DELAY=-1", "sa", "");
            ds = h2;
            drop = () -> JdbcClient.create(h2).sql("drop all objects").update();
        } else {
            String url = System.getenv(TestDatabases.POSTGRES_ENV);
            org.junit.jupiter.api.Assumptions.assumeTrue(url != null && !url.isBlank(), TestDatabases.POSTGRES_ENV + " is not set");
            String name = "lg_contract_" + UUID.randomUUID().toString().replace("-", "").substring(0, 12);
            DriverManagerDataSource pg = new DriverManagerDataSource(url + (url.contains("?") ? "&" : "?") + "currentSchema=" + name,
                    System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_USER", "postgres"),
                    System.getenv().getOrDefault("LISTGUARD_TEST_POSTGRES_PASSWORD", ""));
            ds = pg;
            schema = c -> c.schemas(name).createSchemas(true);
            drop = () -> JdbcClient.create(pg).sql("drop schema " + name + " cascade").update();
        }
        FluentConfiguration v6 = Flyway.configure().dataSource(ds).locations("classpath:db/migration").target("6");
        schema.accept(v6);
        v6.load().migrate();
        FluentConfiguration latest = Flyway.configure().dataSource(ds).locations("classpath:db/migration");
        schema.accept(latest);
        try {
            test.run(latest.load(), ds);
        } finally {
            drop.run();
        }
    }
}
