package io.listguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.policy.PolicySet;
import io.listguard.policy.PolicySource;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/** Versions survive in the database with their files byte for byte: on H2, and on PostgreSQL where reachable. */
class PolicyVersionsTest {

    static List<TestDatabases.Database> databases() {
        return TestDatabases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void versionsTheirFilesAndActivationsRoundTrip(TestDatabases.Database db) {
        try {
            PolicyVersions versions = new PolicyVersions(JdbcClient.create(db.dataSource()));
            PolicySet bundled = PolicySet.fromDirectories(Path.of("rules"), Path.of("policies"));
            assertThat(versions.activeVersionId()).isEmpty();

            PolicyVersion v1 = versions.save(bundled, "listguard", "bundled policies");
            assertThat(versions.activate(0, "v1", "listguard", "first start")).isTrue();
            PolicySet changed = bundled.with(List.of(new PolicySource("rules/extra.drl", "package io.listguard.rules;\n".getBytes())));
            PolicyVersion v2 = versions.save(changed, "alice", "an extra rule file");
            assertThat(versions.activate(1, "v2", "alice", "upload")).isTrue();
            assertThat(versions.activate(1, "v1", "carol", "decided on a state that moved")).as("the counter moved: refused").isFalse();
            assertThat(versions.activate(2, "v1", "bob", "rollback")).isTrue();

            assertThat(v1.id()).isEqualTo("v1");
            assertThat(v2.id()).isEqualTo("v2");
            assertThat(versions.list()).extracting(PolicyVersion::id).containsExactly("v2", "v1");
            assertThat(versions.activeVersionId()).contains("v1");
            assertThat(versions.activations()).extracting(PolicyActivation::activatedBy).containsExactly("bob", "alice", "listguard");
            assertThat(versions.state()).satisfies(state -> {
                assertThat(state.counter()).isEqualTo(3);
                assertThat(state.changedBy()).isEqualTo("bob");
                assertThat(state.changedAt()).isNotNull();
            });

            PolicyVersion stored = versions.find("v2").orElseThrow();
            assertThat(stored.author()).isEqualTo("alice");
            assertThat(stored.hash()).isEqualTo(changed.hash());
            assertThat(stored.files()).extracting(PolicyVersion.StoredFile::name).contains("rules/extra.drl", "policies/consent-regime.xlsx");

            PolicySet reloaded = versions.policySet("v2").orElseThrow();
            assertThat(reloaded.hash()).isEqualTo(changed.hash());
            assertThat(versions.file("v1", "policies/consent-regime.xlsx")).contains(bundled.source("policies/consent-regime.xlsx").orElseThrow().content());
            assertThat(versions.find("v3")).isEmpty();
            assertThat(versions.file("v1", "rules/extra.drl")).isEmpty();
        } finally {
            db.drop().run();
        }
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aCandidatesBaseItsUnbasedFilesAndItsWithdrawalRoundTrip(TestDatabases.Database db) {
        try {
            PolicyVersions versions = new PolicyVersions(JdbcClient.create(db.dataSource()));
            PolicySet bundled = PolicySet.fromDirectories(Path.of("rules"), Path.of("policies"));
            versions.save(bundled, "listguard", "bundled policies");
            versions.activate(versions.state().counter(), "v1", "listguard", "first start");
            versions.save(bundled.with(List.of(new PolicySource("rules/extra.drl", "package io.listguard.rules;\n".getBytes()))), "alice", "x");
            versions.recordLineage("v2", "v1", List.of("policies/list-quality.xlsx", "rules/extra.drl"));

            CandidateLineage v1 = versions.lineage("v1").orElseThrow();
            assertThat(v1.baseVersion()).isNull();
            assertThat(v1.everActivated()).isTrue();
            CandidateLineage v2 = versions.lineage("v2").orElseThrow();
            assertThat(v2.baseVersion()).isEqualTo("v1");
            assertThat(v2.unbasedFiles()).containsExactly("policies/list-quality.xlsx", "rules/extra.drl");
            assertThat(v2.everActivated()).isFalse();
            assertThat(v2.withdrawn()).isFalse();

            assertThat(versions.withdraw("v2", "bob", "superseded")).isTrue();
            assertThat(versions.withdraw("v2", "carol", "again")).isFalse();
            CandidateLineage withdrawn = versions.lineage("v2").orElseThrow();
            assertThat(withdrawn.withdrawal().by()).isEqualTo("bob");
            assertThat(withdrawn.withdrawal().reason()).isEqualTo("superseded");
            assertThat(withdrawn.withdrawal().at()).isNotNull();
            assertThat(versions.lineage("v3")).isEmpty();
            assertThat(versions.contentDigests()).isEmpty();
            versions.recordContentDigest("v2", "abc123");
            assertThat(versions.contentDigests()).containsExactly(java.util.Map.entry("v2", "abc123"));
        } finally {
            db.drop().run();
        }
    }
}
