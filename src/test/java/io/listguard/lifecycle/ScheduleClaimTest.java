package io.listguard.lifecycle;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.policy.PolicySet;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.simple.JdbcClient;

/**
 * A due schedule is claimed by one instance only: several pollers (each its own instance, as two services on one
 * database would be) race for it at once and exactly one wins; a claimed or cancelled schedule is never claimed
 * again. On H2, and on PostgreSQL where LISTGUARD_TEST_POSTGRES_URL points to one.
 */
class ScheduleClaimTest {

    static List<TestDatabases.Database> databases() {
        return TestDatabases.all();
    }

    @ParameterizedTest(name = "{0}")
    @MethodSource("databases")
    void aDueScheduleIsClaimedOnceWhateverTheNumberOfInstances(TestDatabases.Database db) throws Exception {
        ExecutorService pool = Executors.newFixedThreadPool(4);
        try {
            JdbcClient jdbc = JdbcClient.create(db.dataSource());
            new PolicyVersions(jdbc).save(PolicySet.fromDirectories(Path.of("rules"), Path.of("policies")), "alice", "candidate");
            long due = insertSchedule(jdbc, "PENDING");
            long cancelled = insertSchedule(jdbc, "CANCELLED");

            List<ScheduledActivations> instances = new ArrayList<>();
            for (int i = 0; i < 4; i++) {
                instances.add(new ScheduledActivations(jdbc, null, null, null));
            }
            CountDownLatch start = new CountDownLatch(1);
            List<Future<Boolean>> claims = new ArrayList<>();
            for (ScheduledActivations instance : instances) {
                Callable<Boolean> claim = () -> {
                    start.await();
                    return instance.claim(due);
                };
                claims.add(pool.submit(claim));
            }
            start.countDown();
            int won = 0;
            for (Future<Boolean> claim : claims) {
                won += claim.get() ? 1 : 0;
            }
            assertThat(won).isEqualTo(1);
            assertThat(jdbc.sql("select state from policy_schedule where id = ?").param(due).query(String.class).single()).isEqualTo("RUNNING");
            assertThat(instances.get(0).claim(due)).isFalse();
            assertThat(instances.get(1).claim(cancelled)).isFalse();
        } finally {
            pool.shutdownNow();
            db.drop().run();
        }
    }

    private static long insertSchedule(JdbcClient jdbc, String state) {
        jdbc.sql("insert into policy_schedule (version_id, content_hash, activate_at, state, scheduled_by, identity_kind, reason, scheduled_at) "
                        + "values ('v1', 'sha256:x', ?, ?, 'alice', 'API_KEY', 'law', ?)")
                .params(Timestamp.from(Instant.now().minusSeconds(60)), state, Timestamp.from(Instant.now())).update();
        return jdbc.sql("select max(id) from policy_schedule").query(Long.class).single();
    }
}
