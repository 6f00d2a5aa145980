package io.listguard.bulk.jobs;

import static org.assertj.core.api.Assertions.assertThat;

import io.listguard.evaluation.ActivePolicy;
import io.listguard.evaluation.EvaluationService;
import java.nio.file.Path;
import java.sql.Timestamp;
import java.time.Instant;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.springframework.beans.factory.annotation.Autowired;
import org.springframework.boot.test.context.SpringBootTest;
import org.springframework.jdbc.core.JdbcTemplate;
import tools.jackson.databind.json.JsonMapper;

/** A job left running by a stopped service is reported FAILED at the next start, never COMPLETED, its partial audit gone. */
@SpringBootTest
class InterruptedJobTest {

    @Autowired
    JdbcTemplate jdbc;
    @Autowired
    EvaluationService evaluations;
    @Autowired
    ActivePolicy activePolicy;
    @Autowired
    JsonMapper json;
    @TempDir
    Path tmp;

    @Test
    void aJobInterruptedByARestartIsFailed() {
        jdbc.update("insert into bulk_job (id, state, caller, campaign_id, file_id, records_name, records_bytes, created_at, started_at, lines_read) "
                + "values ('job-x', 'RUNNING', 'crm', 'CMP', 'F', 'big.csv', 1000, ?, ?, 500)", Timestamp.from(Instant.now()), Timestamp.from(Instant.now()));
        jdbc.update("insert into evaluation (id, evaluated_at, caller, campaign_id, file_id, policy_version_id, policy_hash, decision, "
                + "total_records, contactable, excluded, request_gz, result_gz) values ('job-x', ?, 'crm', 'CMP', 'F', 'v1', 'h', 'RUNNING', 0, 0, 0, X'', X'')",
                Timestamp.from(Instant.now()));

        BulkJobs restarted = new BulkJobs(jdbc, evaluations, activePolicy, json, new io.listguard.bulk.profiles.MappingProfiles(
                org.springframework.jdbc.core.simple.JdbcClient.create(jdbc), json), tmp, 1, 100, java.time.Period.ofYears(3),
                new org.springframework.beans.factory.support.StaticListableBeanFactory().getBeanProvider(io.listguard.config.LimitsProperties.class));

        BulkJob job = restarted.find("job-x").orElseThrow();
        assertThat(job.state()).isEqualTo(BulkJob.State.FAILED);
        assertThat(job.error()).contains("interrupted by a restart");
        assertThat(restarted.resultJson("job-x")).isEmpty();
        assertThat(jdbc.queryForObject("select count(*) from evaluation where id = 'job-x'", Integer.class)).isZero();
        restarted.close();
    }
}
