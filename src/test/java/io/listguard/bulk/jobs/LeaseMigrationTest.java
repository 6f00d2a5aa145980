package io.listguard.bulk.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.domain.Messages;
import io.listguard.lifecycle.TestDatabases;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;
import org.springframework.jdbc.core.JdbcTemplate;

/**
 * V10 on a database of the former layout: a job queued or running then (its request only in memory, so no instance
 * can run it) is FAILED with its message and its partial audit deleted; an ended job is left as it was.
 */
class LeaseMigrationTest {

    static Stream<String> databases() {
        return TestDatabases.kinds();
    }

    @ParameterizedTest
    @MethodSource("databases")
    void queuedAndRunningJobsOfTheFormerLayoutAreFailedWithTheirAuditGone(String name) {
        TestDatabases.Staged db = TestDatabases.migratedTo(name, "8");
        JdbcTemplate jdbc = new JdbcTemplate(db.dataSource());
        try {
            Timestamp now = Timestamp.from(Instant.now());
            for (String[] job : new String[][] {{"old-running", "RUNNING"}, {"old-queued", "QUEUED"}, {"old-done", "COMPLETED"}}) {
                jdbc.update("insert into bulk_job (id, state, caller, campaign_id, file_id, records_name, records_bytes, created_at) "
                        + "values (?, ?, 'crm', 'CMP', 'F', 'big.csv', 10, ?)", job[0], job[1], now);
                jdbc.update("insert into evaluation (id, evaluated_at, caller, campaign_id, file_id, policy_version_id, policy_hash, decision, "
                        + "total_records, contactable, excluded, request_gz, result_gz) values (?, ?, 'crm', 'CMP', 'F', 'v1', 'h', 'RUNNING', 0, 0, 0, ?, ?)",
                        job[0], now, new byte[0], new byte[0]);
            }

            db.migrateRest();

            for (String id : new String[] {"old-running", "old-queued"}) {
                Map<String, Object> row = jdbc.queryForMap("select state, error, finished_at, resumes from bulk_job where id = ?", id);
                assertThat(row.get("state")).isEqualTo("FAILED");
                assertThat(row.get("error")).isEqualTo(Messages.english("bulk.job.legacyInterrupted"));
                assertThat(row.get("finished_at")).isNotNull();
                assertThat(jdbc.queryForObject("select count(*) from evaluation where id = ?", Integer.class, id)).isZero();
            }
            assertThat(jdbc.queryForObject("select state from bulk_job where id = 'old-done'", String.class)).isEqualTo("COMPLETED");
            assertThat(jdbc.queryForObject("select count(*) from evaluation where id = 'old-done'", Integer.class)).isOne();
            assertThat(jdbc.queryForObject("select count(*) from scheduled_tasks", Integer.class)).isZero();
        } finally {
            db.drop().run();
        }
    }
}
